import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listInputImages, outputPaths } from './stylize-inputs.js';

describe('listInputImages', () => {
  it('finds images recursively in path order, skips other files with a reason, hidden ones silently and the output folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-inputs-'));
    for (const file of ['b.JPG', 'a/c.webp', 'a/d.tiff', 'notes.txt', '.hidden.png', '.cache/e.png', 'out/f.png', 'README']) {
      await mkdir(join(dir, file, '..'), { recursive: true });
      await writeFile(join(dir, file), '');
    }
    await symlink(join(dir, 'b.JPG'), join(dir, 'link.png'));
    const listing = await listInputImages(dir, join(dir, 'out'));
    expect(listing.images).toEqual(['a/c.webp', 'a/d.tiff', 'b.JPG', 'link.png']);
    expect(listing.skipped).toEqual([
      { file: 'README', reason: 'not an image (extension "none"; images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)' },
      { file: 'notes.txt', reason: 'not an image (extension ".txt"; images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)' },
    ]);
  });
});

describe('outputPaths', () => {
  it('swaps the extension for .png, keeping both extensions only where two inputs would collide', () => {
    expect(Object.fromEntries(outputPaths(['a/x.jpg', 'a/x.PNG', 'a/y.webp', 'z.png']))).toEqual({
      'a/x.jpg': 'a/x.jpg.png',
      'a/x.PNG': 'a/x.PNG.png',
      'a/y.webp': 'a/y.png',
      'z.png': 'z.png',
    });
  });
});
