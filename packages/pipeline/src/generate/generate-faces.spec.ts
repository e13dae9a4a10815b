import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSdxlFixture, type SdxlFixture } from '@geneava/testing';
import { generateFaces } from './generate-faces.js';

describe('generateFaces with the defaults of the CLI (the fixture SDXL export)', () => {
  let root: string;
  let fixture: SdxlFixture;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-generate-faces-'));
    fixture = await buildSdxlFixture(join(root, 'sdxl'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('generates the prompt\'s images into out/images with their records, then skips them when run again', async () => {
    const options = { cwd: root, models: 'sdxl', out: 'out', prompt: 'a smiling woman', count: 2, steps: 2, width: fixture.width, height: fixture.height, hashModels: false };
    const first = await generateFaces(options);
    expect(first.outcome).toBe('ok');
    expect(first.items).toEqual([
      { id: 'prompt-0', status: 'ok', image: 'images/prompt-0.png' },
      { id: 'prompt-1', status: 'ok', image: 'images/prompt-1.png' },
    ]);
    const records = (await readFile(join(root, 'out', 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; seed: number; steps: number });
    expect(records.map((record) => [record.id, record.seed, record.steps])).toEqual([['prompt-0', 0, 2], ['prompt-1', 1, 2]]);
    const again = await generateFaces(options);
    expect(again.items.map((item) => item.status)).toEqual(['skipped', 'skipped']);
    expect(again.outcome).toBe('ok');
  });

  it('refuses options that make no sense before any model loads', async () => {
    await expect(generateFaces({ cwd: root, models: 'sdxl', out: 'x' })).rejects.toThrow('give either --plan FILE or --prompt TEXT');
    await expect(generateFaces({ cwd: root, models: 'sdxl', out: 'x', prompt: 'p', steps: 0 })).rejects.toThrow('--steps must be a positive integer, got 0');
  });
});
