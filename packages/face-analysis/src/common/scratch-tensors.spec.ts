import { imagesToTensor } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import { SCRATCH_KEEP_BYTES, scratchKeptBytes, withImagesTensor, withScratch } from './scratch-tensors.js';

const image = (seed: number): RgbImage => ({ width: 3, height: 2, data: Uint8Array.from({ length: 18 }, (_, i) => (i * 37 + seed) % 256) });

describe('scratch tensors', () => {
  it('lends a released buffer to the next run of its size, never one buffer to two runs at once', async () => {
    let first: Float32Array | undefined;
    let second: Float32Array | undefined;
    await withScratch(1000, async (a) => {
      first = a;
      await withScratch(1000, async (b) => {
        second = b;
      });
    });
    expect(second).not.toBe(first);
    await withScratch(1000, async (again) => expect([first, second]).toContain(again));
    await withScratch(999, async (other) => expect(other.length).toBe(999));
  });

  it('gives back its buffer when the run fails', async () => {
    let lent: Float32Array | undefined;
    await expect(
      withScratch(2000, async (buffer) => {
        lent = buffer;
        throw new Error('model failed');
      }),
    ).rejects.toThrow('model failed');
    await withScratch(2000, async (buffer) => expect(buffer).toBe(lent));
  });

  it('fills a reused buffer with exactly the values of a fresh tensor', async () => {
    const format = { layout: 'NHWC', range: [-1, 1] } as const;
    await withImagesTensor([image(1), image(2)], format, async () => undefined);
    await withImagesTensor([image(3), image(4)], format, async (tensor) => {
      expect(tensor).toEqual(imagesToTensor([image(3), image(4)], format));
    });
  });

  it('keeps no more than its limit for reuse', async () => {
    const big = SCRATCH_KEEP_BYTES / 4; // one buffer of this many float32 values fills the limit
    await withScratch(big, async () => undefined);
    expect(scratchKeptBytes()).toBeLessThanOrEqual(SCRATCH_KEEP_BYTES);
    await withScratch(big + 1, async () => undefined);
    expect(scratchKeptBytes()).toBeLessThanOrEqual(SCRATCH_KEEP_BYTES);
  });
});
