import { createRgbImage, decodeImage, encodeImage } from '@geneava/core/image';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectThumbnails } from './collect-thumbnails.js';
import { faceRegion, isImageDataUri, thumbnailDataUri } from './thumbnail.js';

describe('thumbnailDataUri', () => {
  it('shrinks the longer side to maxSide keeping the aspect ratio, as an inline JPEG or PNG', async () => {
    const uri = await thumbnailDataUri(createRgbImage(400, 200, [250, 10, 10]), { maxSide: 80 });
    expect(uri.startsWith('data:image/jpeg;base64,')).toBe(true);
    expect(isImageDataUri(uri)).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'geneava-thumb-'));
    await writeFile(join(dir, 't.jpg'), Buffer.from(uri.split(',')[1]!, 'base64'));
    const decoded = await decodeImage(join(dir, 't.jpg'));
    expect([decoded.width, decoded.height]).toEqual([80, 40]);
    expect(decoded.data[0]).toBeGreaterThan(230);

    // PNG is lossless, and a small image is not enlarged.
    const png = await thumbnailDataUri(createRgbImage(3, 2, [1, 2, 3]), { format: 'png' });
    await writeFile(join(dir, 't.png'), Buffer.from(png.split(',')[1]!, 'base64'));
    const exact = await decodeImage(join(dir, 't.png'));
    expect([exact.width, exact.height, ...exact.data.slice(0, 3)]).toEqual([3, 2, 1, 2, 3]);
  });

  it('accepts only base64 PNG, JPEG and WebP data URIs', () => {
    expect(isImageDataUri('data:image/png;base64,iVBORw0KGgo=')).toBe(true);
    expect(isImageDataUri('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isImageDataUri('https://example.com/a.png')).toBe(false);
    expect(isImageDataUri('data:image/png;base64,AA" onerror="x')).toBe(false);
    expect(isImageDataUri(undefined)).toBe(false);
  });
});

describe('collectThumbnails', () => {
  it('reads each listed file once per item and stylizer, leaving out missing or broken files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-thumbs-'));
    await writeFile(join(dir, 'a.png'), await encodeImage(createRgbImage(20, 10, [1, 2, 3]), 'png'));
    await writeFile(join(dir, 'broken.png'), 'not a png');
    const thumbnails = await collectThumbnails(['x', 'y'], ['s', 't'], {
      realPath: (id: string) => (id === 'x' ? join(dir, 'a.png') : undefined),
      avatarPath: (stylizer: string, id: string) => (stylizer === 's' && id === 'x' ? join(dir, 'a.png') : stylizer === 't' ? join(dir, 'broken.png') : join(dir, 'none.png')),
    });
    expect(Object.keys(thumbnails.real)).toEqual(['x']);
    expect(thumbnails.avatars).toEqual({ s: { x: expect.stringMatching(/^data:image\/jpeg;base64,/) }, t: {} });

    // With the scored face's box: the photo is cut to faceRegion (a square twice the face), and so is the
    // avatar of a stylizer that keeps faces in place; another stylizer's avatar is shown whole.
    await writeFile(join(dir, 'big.png'), await encodeImage(createRgbImage(40, 20, [5, 6, 7]), 'png'));
    const cropped = await collectThumbnails(['x'], ['kept', 'moved'], {
      realPath: () => join(dir, 'a.png'),
      avatarPath: (stylizer: string) => join(dir, stylizer === 'kept' ? 'big.png' : 'a.png'),
      faceBox: () => ({ x: 8, y: 3, width: 4, height: 4 }),
      keepsGeometry: (stylizer: string) => stylizer === 'kept',
    }, { format: 'png' });
    const size = async (uri: string) => {
      await writeFile(join(dir, 'size.png'), Buffer.from(uri.split(',')[1]!, 'base64'));
      const image = await decodeImage(join(dir, 'size.png'));
      return [image.width, image.height];
    };
    expect(await size(cropped.real['x']!)).toEqual([8, 8]);
    // The avatar is twice the photo's size: the region scales with it.
    expect(await size(cropped.avatars['kept']!['x']!)).toEqual([16, 16]);
    expect(await size(cropped.avatars['moved']!['x']!)).toEqual([20, 10]);

    // Told where the face went on the avatar (the stylizer's transform), the avatar is cut around it.
    const followed = await collectThumbnails(['x'], ['moved'], {
      realPath: () => join(dir, 'a.png'),
      avatarPath: () => join(dir, 'big.png'),
      faceBox: () => ({ x: 8, y: 3, width: 4, height: 4 }),
      avatarFaceBox: () => ({ x: 30, y: 5, width: 3, height: 3 }),
    }, { format: 'png' });
    expect(await size(followed.avatars['moved']!['x']!)).toEqual([6, 6]);
  });
});

describe('faceRegion', () => {
  it('is a square of twice the face, centred on it, moved inside the image at the edges', () => {
    expect(faceRegion({ x: 40, y: 30, width: 20, height: 10 }, 200, 100)).toEqual({ x: 30, y: 15, width: 40, height: 40 });
    // Near the top-left corner it is pushed in; larger than the image it shrinks to the shorter side.
    expect(faceRegion({ x: 0, y: 2, width: 20, height: 20 }, 200, 100)).toEqual({ x: 0, y: 0, width: 40, height: 40 });
    expect(faceRegion({ x: 150, y: 20, width: 80, height: 80 }, 200, 100)).toEqual({ x: 100, y: 0, width: 100, height: 100 });
  });

  it('crops the thumbnail to the region before shrinking it', async () => {
    const image = createRgbImage(100, 50, [0, 0, 255]);
    for (let y = 10; y < 30; y++) for (let x = 60; x < 80; x++) image.data.set([255, 0, 0], (y * 100 + x) * 3);
    const uri = await thumbnailDataUri(image, { region: { x: 60, y: 10, width: 20, height: 20 }, format: 'png' });
    const dir = await mkdtemp(join(tmpdir(), 'geneava-thumb-'));
    await writeFile(join(dir, 'r.png'), Buffer.from(uri.split(',')[1]!, 'base64'));
    const crop = await decodeImage(join(dir, 'r.png'));
    expect([crop.width, crop.height]).toEqual([20, 20]);
    expect(new Set(crop.data).size).toBe(2); // only 0 and 255: all red pixels
    expect([...crop.data.slice(0, 3)]).toEqual([255, 0, 0]);
  });
});
