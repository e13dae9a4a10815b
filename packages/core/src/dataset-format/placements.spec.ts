import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlacementsFileError, readPlacements } from './placements.js';

const face = { box: { x: 1, y: 2, width: 30, height: 30 }, score: 0.9, points5: [[8, 10], [22, 10], [15, 16], [9, 24], [21, 24]] };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-placements-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(lines: readonly unknown[]): Promise<string> {
  const path = join(dir, `p${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(path, lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n');
  return path;
}

describe('readPlacements', () => {
  it('reads the faces and transforms of each avatar by its path', async () => {
    const path = await file([
      { avatar: 'joy/a.png', real: 'joy/a.jpg', faces: [face], faceTransforms: [[2, 0, -10, 0, 2, -10]] },
      '',
      { avatar: 'b.png', real: 'b.png', faces: [] },
    ]);
    const placements = await readPlacements(path);
    expect(placements.get('joy/a.png')).toEqual({ faces: [face], faceTransforms: [[2, 0, -10, 0, 2, -10]] });
    expect(placements.get('b.png')).toEqual({ faces: [] });
  });

  it.each([
    ['not json', 'not valid JSON'],
    [[1], 'expected an object with avatar, real and faces'],
    [{ avatar: '', real: 'a', faces: [] }, '"avatar" must be a non-empty path'],
    [{ avatar: 'a', real: 'a', faces: [{ ...face, points5: [[1, 2]] }] }, 'faces[0]: points5 must be five [x, y] pairs of finite numbers'],
    [{ avatar: 'a', real: 'a', faces: [{ ...face, box: { x: 1 } }] }, 'faces[0]: box must have finite x, y, width and height'],
    [{ avatar: 'a', real: 'a', faces: [face], faceTransforms: [] }, 'faceTransforms has 0 entries for 1 input face(s)'],
  ])('names the file, the line and the problem: %p', async (line, message) => {
    const path = await file([{ avatar: 'ok.png', real: 'ok.png', faces: [] }, line]);
    const reading = readPlacements(path);
    await expect(reading).rejects.toThrow(PlacementsFileError);
    await expect(readPlacements(path)).rejects.toThrow(`${path}:2: ${message}`);
  });

  it('refuses an avatar listed twice and a file that is not there', async () => {
    const twice = await file([{ avatar: 'a.png', real: 'a.png', faces: [] }, { avatar: 'a.png', real: 'a.png', faces: [] }]);
    await expect(readPlacements(twice)).rejects.toThrow(`${twice}:2: avatar "a.png" is listed twice`);
    await expect(readPlacements(join(dir, 'missing.jsonl'))).rejects.toThrow(`${join(dir, 'missing.jsonl')}: cannot read the placements file (ENOENT)`);
  });
});
