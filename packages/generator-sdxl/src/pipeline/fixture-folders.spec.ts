import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSdxlFixture } from '@geneava/testing';
import { checkSdxlFolder } from '../models/check-sdxl-folder.js';
import { ClipTokenizer } from '../tokenizer/index.js';

// The testing package's SDXL folders must pass the same folder check users run on real exports.
describe('SDXL fixture folders from @geneava/testing', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-fixtures-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    ['old', 'fp32', true, 'optimum<=1.23'],
    ['new', 'fp32', false, 'optimum>=1.24'],
    ['new', 'fp16', true, 'optimum>=1.24'],
  ] as const)('an %s-generation %s folder (external data %s) passes `models check sdxl`', async (generation, precision, externalData, expected) => {
    const fixture = await buildSdxlFixture(join(root, `${generation}-${precision}`), { generation, precision, externalData });
    const report = await checkSdxlFolder(fixture.dir);
    expect(report.problems).toEqual([]);
    expect(report.facts).toMatchObject({ 'export generation': expected, precision, 'vae_decoder precision': precision, force_zeros_for_empty_prompt: 'true' });
  });

  it('writes tokenizer.json folders that tokenize like vocab.json + merges.txt, with tokenizer_2 padding 0', async () => {
    const slow = await buildSdxlFixture(join(root, 'slow'), {});
    const fast = await buildSdxlFixture(join(root, 'fast'), { tokenizerFiles: 'tokenizer.json' });
    expect((await checkSdxlFolder(fast.dir)).facts?.['tokenizer files']).toBe('tokenizer.json');
    const text = 'A photo of a smiling woman!';
    for (const folder of ['tokenizer', 'tokenizer_2']) {
      const a = await ClipTokenizer.fromFolder(join(slow.dir, folder));
      const b = await ClipTokenizer.fromFolder(join(fast.dir, folder));
      expect(b.encode(text)).toEqual(a.encode(text));
    }
    const second = await ClipTokenizer.fromFolder(join(slow.dir, 'tokenizer_2'));
    const first = await ClipTokenizer.fromFolder(join(slow.dir, 'tokenizer'));
    // "a photo of a smiling woman" are whole tokens of the fixture vocabulary; "!" is id 0 in tokenizer_2 only.
    expect(first.tokenize(text)).toEqual(['a</w>', 'photo</w>', 'of</w>', 'a</w>', 'smiling</w>', 'woman</w>', '!</w>']);
    expect(second.encode(text).slice(0, 10)).toEqual([49406, ...first.encode(text).slice(1, 7), 0, 49407, 0]);
    expect(first.encode(text)[9]).toBe(49407);
  });
});
