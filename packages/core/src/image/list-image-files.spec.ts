import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listImageFiles, NoImagesError } from './list-image-files.js';

describe('listImageFiles', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-list-images-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('follows links to photos and folders, and reports every entry it leaves out with why', async () => {
    const photos = join(root, 'photos');
    const elsewhere = join(root, 'elsewhere');
    await mkdir(join(photos, 'joy'), { recursive: true });
    await mkdir(join(elsewhere, 'more'), { recursive: true });
    await writeFile(join(photos, 'joy', 'a.png'), 'x');
    await writeFile(join(elsewhere, 'b.jpg'), 'x');
    await writeFile(join(elsewhere, 'more', 'c.webp'), 'x');
    await writeFile(join(photos, 'notes.txt'), 'x');
    await writeFile(join(photos, '.hidden.png'), 'x');
    await symlink(join(elsewhere, 'b.jpg'), join(photos, 'joy', 'linked.jpg'));
    await symlink(join(elsewhere, 'more'), join(photos, 'linked-folder'));
    await symlink(join(photos, 'missing.png'), join(photos, 'broken.png'));
    await symlink(photos, join(photos, 'joy', 'loop'));
    await symlink(join(photos, 'self.png'), join(photos, 'self.png'));
    await mkdir(join(photos, 'album.jpg'));
    await writeFile(join(photos, 'album.jpg', 'd.jpeg'), 'x');

    const listing = await listImageFiles(photos);
    expect(listing.images).toEqual(['album.jpg/d.jpeg', 'joy/a.png', 'joy/linked.jpg', 'linked-folder/c.webp']);
    expect(listing.skipped).toEqual([
      { file: 'album.jpg', reason: 'a folder named like an image, not an image (its contents are listed)' },
      { file: 'broken.png', reason: 'broken symbolic link (its target does not exist)' },
      { file: 'joy/loop', reason: 'symbolic link loop (it points to a folder that contains it)' },
      { file: 'notes.txt', reason: 'not an image (extension ".txt"; images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)' },
      { file: 'self.png', reason: 'symbolic link loop' },
    ]);
  });

  it('leaves out the excluded folder and names a missing or non-folder root', async () => {
    await mkdir(join(root, 'out'), { recursive: true });
    await writeFile(join(root, 'out', 'avatar.png'), 'x');
    await writeFile(join(root, 'photo.png'), 'x');
    expect((await listImageFiles(root, { exclude: join(root, 'out') })).images).toEqual(['photo.png']);
    await expect(listImageFiles(join(root, 'nowhere'))).rejects.toThrow(`${join(root, 'nowhere')}: folder not found`);
    await expect(listImageFiles(join(root, 'photo.png'))).rejects.toThrow(`${join(root, 'photo.png')}: not a folder`);
  });

  it('gives one message for a folder without images', () => {
    expect(new NoImagesError('--input photos', { skipped: [] }).message).toBe('--input photos: no images found (images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)');
    expect(new NoImagesError('--source x', { skipped: [{ file: 'a.txt', reason: '' }, { file: 'b', reason: '' }] }).message).toMatch(/; 2 other entries skipped$/);
  });
});
