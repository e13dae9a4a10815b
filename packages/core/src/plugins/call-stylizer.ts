import type { RunOptions } from '../contracts/progress.js';
import type { StylizedFace, StylizeInput, Stylizer } from '../contracts/stylizer.js';
import { facesForStylizer } from '../geometry/stylizer-faces.js';
import { assertRgbImage } from '../image/rgb-image.js';

/**
 * One stylizer call as every command makes it (`stylize`, `compare`, `run`). The stylizer gets its own
 * copy of the photo and of the faces (rounded, see facesForStylizer), so one that writes into its
 * input cannot change what the caller goes on reading or what the next stylizer gets. What it returns
 * is checked to be an image: a plugin that returns null or a malformed image throws here, which fails
 * that item (guardItem), never the batch.
 */
export async function callStylizer(stylizer: Stylizer, input: StylizeInput, options: RunOptions = {}): Promise<StylizedFace> {
  const { image } = input;
  const own: StylizeInput = { ...input, image: { width: image.width, height: image.height, data: image.data.slice() }, ...(input.faces ? { faces: facesForStylizer(input.faces) } : {}) };
  const result: unknown = await stylizer.stylize(own, options);
  const returned = typeof result === 'object' && result !== null ? (result as { image?: unknown }).image : undefined;
  if (typeof returned !== 'object' || returned === null) {
    throw new Error(`returned ${result === null || typeof result !== 'object' ? String(result) : 'no image'} instead of a stylized image`);
  }
  const stylized = result as StylizedFace;
  assertRgbImage(stylized.image, 'its output');
  return stylized;
}
