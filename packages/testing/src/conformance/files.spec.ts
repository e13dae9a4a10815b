import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import { InvertStylizer } from '../../test/reference-stylizers.js';
import { findSampleFacePhotos } from './face-photos.js';
import { isTemporaryFile, listFiles, stylizeToFile } from './files.js';

describe('stylizeToFile', () => {
  it('writes the stylized image and returns the result', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-stylize-file-'));
    const image = { width: 2, height: 1, data: Uint8Array.of(0, 10, 20, 200, 210, 255) };
    const result = await stylizeToFile(new InvertStylizer(), { image }, join(dir, 'nested', 'out.png'));
    expect(Array.from(result.image.data)).toEqual([255, 245, 235, 55, 45, 0]);
    expect(Array.from((await decodeImage(join(dir, 'nested', 'out.png'))).data)).toEqual([255, 245, 235, 55, 45, 0]);
  });
});

describe('listFiles and isTemporaryFile', () => {
  it('lists files below a folder, hidden temporary ones included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-list-'));
    await mkdir(join(dir, 'a'));
    await writeFile(join(dir, 'a', '.x.png.123.ab.tmp'), '');
    await writeFile(join(dir, 'b.png'), '');
    const files = await listFiles(dir);
    expect(files).toEqual([join('a', '.x.png.123.ab.tmp'), 'b.png']);
    expect(files.map(isTemporaryFile)).toEqual([true, false]);
  });
});

describe('findSampleFacePhotos', () => {
  it('finds the demo portraits installed in the workspace, and nothing where none are installed', async () => {
    const photos = await findSampleFacePhotos(resolve(__dirname, '..', '..'));
    expect(photos.map((p) => p.split(/[\\/]/).pop())).toEqual(['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg', 'sample5.jpg', 'sample6.jpg']);
    expect(await findSampleFacePhotos(await mkdtemp(join(tmpdir(), 'geneava-none-')))).toEqual([]);
  });

  it('finds the photos @geneava/pipeline ships (a dependency of @geneava/cli), in a project without @vladmandic/face-api', async () => {
    const project = await mkdtemp(join(tmpdir(), 'geneava-pipeline-only-'));
    const demo = join(project, 'node_modules', '@geneava', 'pipeline', 'demo');
    await mkdir(demo, { recursive: true });
    await writeFile(join(demo, 'sample2.jpg'), '');
    await writeFile(join(demo, 'sample1.jpg'), '');
    await writeFile(join(demo, 'NOTICE.md'), '');
    expect(await findSampleFacePhotos(join(project, 'src'))).toEqual([join(demo, 'sample1.jpg'), join(demo, 'sample2.jpg')]);
  });
});
