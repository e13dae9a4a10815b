import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { run } from '../test-support/run.js';

// Inside the workspace (its git-ignored tmp/ folder), so the default stylizer is found as in a project.
const workspaceRoot = resolve(__dirname, '../../../..');

describe('a folder without images', () => {
  let dir: string;
  beforeAll(async () => {
    await mkdir(join(workspaceRoot, 'tmp'), { recursive: true });
    dir = await mkdtemp(join(workspaceRoot, 'tmp', 'cli-empty-'));
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'empty', 'notes.txt'), 'not a photo');
    await mkdir(join(dir, 'avatars'));
    await writeFile(join(dir, 'avatars', 'a.png'), 'x');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['stylize', ['stylize', '--input', 'empty', '--out', 'out'], '--input empty'],
    ['evaluate', ['evaluate', '--real', 'empty', '--avatars', 'avatars', '--out', 'scores'], '--real empty'],
    ['run --source', ['run', '--source', 'empty', '--out', 'data'], '--source empty'],
    ['compare', ['compare', '--input', 'empty', '--stylizers', 'classic', '--out', 'cmp'], '--input empty'],
  ])('is the same usage error (exit 64) in %s, before any model loads', async (_name, args, label) => {
    const result = await run(args, dir);
    expect([result.code, result.stderr]).toEqual([64, `geneava: ${label}: no images found (images are .jpg .jpeg .png .webp .tif .tiff .gif .avif); 1 other entry skipped\n`]);
    expect(result.stdout).toBe('');
  });
});
