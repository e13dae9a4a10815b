import { cp, mkdir, mkdtemp, open, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeImage, encodeImage, resizeImage } from '@geneava/core/image';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { cropRgb } from '@geneava/pipeline';
import { buildSdxlFixture } from '@geneava/testing';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

// Inside the workspace, so the config's plugins are found in node_modules as in a user's project.
let dir: string;
const savedCache = process.env['GENEAVA_HASH_CACHE'];
beforeAll(async () => {
  const workspaceTmp = resolve(__dirname, '../../../../tmp');
  await mkdir(workspaceTmp, { recursive: true });
  dir = await mkdtemp(join(workspaceTmp, 'cli-run-fingerprints-'));
  process.env['GENEAVA_HASH_CACHE'] = join(dir, 'file-hashes.json');
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env['GENEAVA_HASH_CACHE'];
  else process.env['GENEAVA_HASH_CACHE'] = savedCache;
  await rm(dir, { recursive: true, force: true });
});

async function metadata(out: string): Promise<MetadataRecord[]> {
  return (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
}

/** How many times the journal records the stage done. */
async function doneCount(out: string, stage: string): Promise<number> {
  const lines = (await readFile(join(out, '.geneava', 'journal.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((line) => JSON.parse(line) as { stage: string; status: string }).filter((e) => e.stage === stage && e.status === 'done').length;
}

async function writeConfig(project: string, config: unknown): Promise<void> {
  await writeFile(join(project, 'geneava.config.json'), JSON.stringify(config));
}

describe('geneava run again with changed inputs', () => {
  it('remakes the images after the base seed or the model weights change, and each record names the seed that made its image', async () => {
    const project = join(dir, 'generate');
    const fixture = await buildSdxlFixture(join(project, 'sdxl'), { generation: 'new', precision: 'fp32' });
    const config = (baseSeed: number, models: string) => ({
      plugins: ['@geneava/stylizer-classic', { package: '@geneava/generator-sdxl', options: { models } }],
      plan: { baseSeed },
      run: { generate: { width: 32, height: 24, steps: 2, batch: 2 } },
    });
    const args = ['run', '--expressions', 'joy', '--max-items', '2', '--out', 'data', '--device', 'cpu', '--no-report', '--quiet'];
    const out = join(project, 'data');
    const consistent = async () => {
      for (const record of await metadata(out)) expect(record.provenance?.['seed']).toBe(record.seed);
    };

    await writeConfig(project, config(1, fixture.dir));
    expect((await run(args, project)).code).toBe(0);
    expect((await run(args, project)).code).toBe(0);
    expect(await doneCount(out, 'image')).toBe(2);

    await writeConfig(project, config(2, fixture.dir));
    expect((await run(args, project)).code).toBe(0);
    expect(await doneCount(out, 'image')).toBe(4);
    await consistent();

    // Another fine-tune exported alike: same files and sizes, one UNet weight changed.
    const tuned = join(project, 'sdxl-tuned');
    await cp(fixture.dir, tuned, { recursive: true });
    const data = await open(join(tuned, 'unet', 'model.onnx_data'), 'r+');
    const byte = new Uint8Array(1);
    await data.read(byte, 0, 1, 0);
    await data.write(new Uint8Array([byte[0]! ^ 0x01]), 0, 1, 0);
    await data.close();
    const stamp = new Date('2026-01-01T00:00:00Z');
    await utimes(join(tuned, 'unet', 'model.onnx_data'), stamp, stamp);
    await writeConfig(project, config(2, tuned));
    expect((await run(args, project)).code).toBe(0);
    expect(await doneCount(out, 'image')).toBe(6);
    await consistent();
    const manifest = JSON.parse(await readFile(join(out, '.geneava', 'run.json'), 'utf8')) as { identities: { provider: { component: { files: Record<string, string> } } } };
    expect(manifest.identities.provider.component.files['models']).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it("restyles every avatar after the stylizer's options change, and keeps the faces found before", async () => {
    const project = join(dir, 'source');
    const photo = await decodeImage(join(samplePhotosDir(), 'sample1.jpg'));
    for (const [k, crop] of [{ x: 280, y: 262, width: 459, height: 459 }, { x: 1342, y: 100, width: 459, height: 459 }].entries()) {
      await mkdir(join(project, 'photos'), { recursive: true });
      await writeFile(join(project, 'photos', `face${k + 1}.png`), await encodeImage(await resizeImage(cropRgb(photo, crop), 160, 160), 'png'));
    }
    const config = (levels: number) => ({ plugins: [{ package: '@geneava/stylizer-classic', options: { levels } }] });
    const args = ['run', '--source', 'photos', '--out', 'data', '--no-report', '--quiet'];
    const out = join(project, 'data');

    await writeConfig(project, config(8));
    expect((await run(args, project)).code).toBe(0);
    const before = await readFile(join(out, 'avatars', 'classic', 'unlabelled', 'face1.png'));
    await writeConfig(project, config(3));
    expect((await run(args, project)).code).toBe(0);
    expect(await doneCount(out, 'faces')).toBe(2);
    expect(await doneCount(out, 'stylize:classic')).toBe(4);
    expect(await doneCount(out, 'evaluate:classic')).toBe(4);
    expect(await readFile(join(out, 'avatars', 'classic', 'unlabelled', 'face1.png'))).not.toEqual(before);
    const [record] = await metadata(out);
    expect(record!.fingerprints).toMatchObject({ image: expect.any(String), faces: expect.any(String), 'stylize:classic': expect.any(String) });
  }, 120_000);
});
