import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSdxlFixture, fixtureLoraModules, writeLoraFile, type SdxlFixture } from '@geneava/testing';
import { readPngText } from '@geneava/pipeline';
import { run } from '../test-support/run.js';

let root: string;
let fixture: SdxlFixture;
const savedCache = process.env['GENEAVA_HASH_CACHE'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-cli-generate-rerun-'));
  process.env['GENEAVA_HASH_CACHE'] = join(root, 'file-hashes.json');
  fixture = await buildSdxlFixture(join(root, 'sdxl'), { generation: 'new', precision: 'fp32' });
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env['GENEAVA_HASH_CACHE'];
  else process.env['GENEAVA_HASH_CACHE'] = savedCache;
  await rm(root, { recursive: true, force: true });
});

type Line = Record<string, unknown> & { id: string; image: string; fingerprint: string; seed: number; steps: number };
const lines = async (path: string) => (await readFile(path, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Line);

/** Every record describes its PNG: the PNG's own text names the same fingerprint, prompt, seed and steps. */
async function expectRecordsMatchPngs(out: string): Promise<void> {
  for (const record of await lines(join(out, 'metadata.jsonl'))) {
    const text = readPngText(new Uint8Array(await readFile(join(out, record.image))));
    const written = JSON.parse(text['geneava']!) as Line;
    expect(written).toMatchObject({ id: record.id, fingerprint: record.fingerprint, seed: record.seed, steps: record.steps, prompt: record['prompt'] });
    expect(text['seed']).toBe(String(record.seed));
  }
}

describe('geneava generate into a folder it wrote before', () => {
  it('skips the images made with the same fingerprint, remakes the others, and keeps one record per image', async () => {
    const cwd = await mkdtemp(join(root, 'work-'));
    const out = join(cwd, 'out');
    const args = (steps: number, count: number) =>
      ['generate', '--models', fixture.dir, '--prompt', 'a photo of a smiling woman', '--size', '32x24', '--steps', String(steps), '--count', String(count), '--seed', '10', '--out', 'out', '--device', 'cpu'];

    const made = await run(args(2, 2), cwd);
    expect(made.code).toBe(0);
    // The model folder is read in full the first time only (the machine's hash cache remembers it).
    expect(made.stderr).toMatch(/hash models: \d+ \(\d+ MB, hashed once per machine\)/);
    const first = await lines(join(out, 'metadata.jsonl'));
    const png = await readFile(join(out, 'images', 'prompt-10.png'));

    const again = await run(args(2, 2), cwd);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`Generated 0 of 2 images (2 already made with the same settings) in ${out}; records in metadata.jsonl\n`);
    expect(again.stderr).not.toMatch(/hash models/);
    expect(await lines(join(out, 'metadata.jsonl'))).toEqual(first);
    expect((await readFile(join(out, 'images', 'prompt-10.png'))).equals(png)).toBe(true);

    // Another step count changes every image: both are made again, and their records replaced, not added.
    const changed = await run(args(3, 2), cwd);
    expect(changed.stdout).toMatch(/^Generated 2 of 2 images in /);
    const second = await lines(join(out, 'metadata.jsonl'));
    expect(second.map((r) => [r.id, r.steps])).toEqual([['prompt-10', 3], ['prompt-11', 3]]);
    expect(second[0]!.fingerprint).not.toBe(first[0]!.fingerprint);
    await expectRecordsMatchPngs(out);

    // One more image: only it is made.
    const more = await run(args(3, 3), cwd);
    expect(more.stdout).toMatch(/^Generated 1 of 3 images \(2 already made with the same settings\) in /);
    expect((await lines(join(out, 'metadata.jsonl'))).map((r) => r.id)).toEqual(['prompt-10', 'prompt-11', 'prompt-12']);
    await expectRecordsMatchPngs(out);
  }, 120_000);

  it('remakes an image whose PNG is gone or was made otherwise, and heals repeated and torn lines', async () => {
    const cwd = await mkdtemp(join(root, 'work-'));
    const out = join(cwd, 'out');
    const args = ['generate', '--models', fixture.dir, '--prompt', 'a face', '--size', '32x24', '--steps', '2', '--count', '2', '--seed', '5', '--out', 'out', '--device', 'cpu', '--json'];
    expect((await run(args, cwd)).code).toBe(0);
    const [a] = await readFile(join(out, 'metadata.jsonl'), 'utf8').then((text) => text.split('\n'));
    // What an older version left: a second line for one id, then a line cut short by a kill.
    await appendFile(join(out, 'metadata.jsonl'), `${a}\n{"id":"prompt-6","ima`);
    await rm(join(out, 'images', 'prompt-6.png'));

    const result = await run(args, cwd);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { items: { id: string; status: string }[] };
    expect(summary.items.map((i) => `${i.id} ${i.status}`).sort()).toEqual(['prompt-5 skipped', 'prompt-6 ok']);
    expect((await lines(join(out, 'metadata.jsonl'))).map((r) => r.id)).toEqual(['prompt-5', 'prompt-6']);
    await expectRecordsMatchPngs(out);
  }, 120_000);

  it('remakes the images when the LoRA scale changes', async () => {
    const cwd = await mkdtemp(join(root, 'work-'));
    const lora = join(cwd, 'lora.safetensors');
    await writeLoraFile(lora, fixtureLoraModules(Object.values(fixture.weights.linears), 4, 5), { format: 'kohya', alpha: 4 });
    const args = (scale: number) =>
      ['generate', '--models', fixture.dir, '--prompt', 'a face', '--lora', 'lora.safetensors', '--lora-scale', String(scale), '--size', '32x24', '--steps', '2', '--count', '1', '--out', 'out', '--device', 'cpu'];
    expect((await run(args(1), cwd)).stdout).toMatch(/^Generated 1 of 1 image in /);
    expect((await run(args(1), cwd)).stdout).toMatch(/^Generated 0 of 1 image \(1 already made with the same settings\) in /);
    expect((await run(args(0.5), cwd)).stdout).toMatch(/^Generated 1 of 1 image in /);
    expect(await lines(join(cwd, 'out', 'metadata.jsonl'))).toHaveLength(1);
    await expectRecordsMatchPngs(join(cwd, 'out'));
  }, 120_000);
});
