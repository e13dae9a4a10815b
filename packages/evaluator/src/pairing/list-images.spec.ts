import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listImages } from './list-images.js';

describe('listImages', () => {
  it('lists images recursively by extension, sorted, skipping hidden entries and reporting other files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'geneava-list-'));
    await mkdir(join(root, 'joy', 'deep'), { recursive: true });
    await mkdir(join(root, '.cache'));
    for (const file of ['b.PNG', 'a.jpg', 'joy/c.webp', 'joy/deep/d.jpeg', 'notes.txt', '.hidden.jpg', '.cache/e.jpg']) {
      await writeFile(join(root, file), 'x');
    }
    await symlink(join(root, 'a.jpg'), join(root, 'link.jpg'));
    expect(await listImages(root)).toEqual({
      images: ['a.jpg', 'b.PNG', 'joy/c.webp', 'joy/deep/d.jpeg', 'link.jpg'],
      ignored: ['notes.txt'],
    });
  });

  it('says when the folder is missing or is a file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'geneava-list-'));
    await expect(listImages(join(root, 'nope'))).rejects.toThrow(`${join(root, 'nope')}: folder not found`);
    await writeFile(join(root, 'f.jpg'), 'x');
    await expect(listImages(join(root, 'f.jpg'))).rejects.toThrow('f.jpg: not a folder');
  });
});
