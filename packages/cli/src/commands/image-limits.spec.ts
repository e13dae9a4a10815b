import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRgbImage, decodeImage, encodeImage } from '@geneava/core/image';
import { run } from '../test-support/run.js';

// Inside the workspace (its git-ignored tmp/ folder), so the default config finds the installed classic stylizer.
const workspaceRoot = resolve(__dirname, '../../../..');
let dir: string;

beforeEach(async () => {
  await mkdir(join(workspaceRoot, 'tmp'), { recursive: true });
  dir = await mkdtemp(join(workspaceRoot, 'tmp', 'cli-image-limits-'));
  await mkdir(join(dir, 'photos'));
  await writeFile(join(dir, 'photos', 'wide.png'), await encodeImage(createRgbImage(640, 480, [180, 140, 120]), 'png'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('image decoding limits', () => {
  it('--decode-pixels reduces larger images while decoding, keeping their shape', async () => {
    const result = await run(['stylize', '-i', 'photos', '-o', 'avatars', '--decode-pixels', '4800'], dir);
    expect(result.code).toBe(0);
    const avatar = await decodeImage(join(dir, 'avatars', 'wide.png'));
    expect([avatar.width, avatar.height]).toEqual([80, 60]);
  });

  it('--max-pixels (or image.maxPixels in the config) refuses a larger image with one line naming it', async () => {
    const flag = await run(['stylize', '-i', 'photos', '-o', 'avatars', '--max-pixels', '1000'], dir);
    expect(flag.code).toBe(1);
    expect(flag.stdout).toContain('failed   wide.png: too many pixels: 640x480 = 307200 exceeds the limit of 1000 (if the image is genuine, raise image.maxPixels in the config or pass --max-pixels)');
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ image: { maxPixels: 1000 } }));
    expect((await run(['stylize', '-i', 'photos', '-o', 'avatars'], dir)).code).toBe(1);
    // The next command in the same process decodes by its own settings again.
    await rm(join(dir, 'geneava.config.json'));
    expect((await run(['stylize', '-i', 'photos', '-o', 'avatars'], dir)).code).toBe(0);
  });
});
