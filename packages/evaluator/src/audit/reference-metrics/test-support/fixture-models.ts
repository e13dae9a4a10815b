/**
 * Tiny stand-ins for the reference-metric models, with the real IO contracts and weights chosen so the
 * metrics are known by hand:
 * - CLIP / DINOv2: the embedding is the mean of each normalised input channel over the image, so a
 *   solid-colour image of (r, g, b) embeds to ((r/255 - mean_c) / std_c)_c;
 * - the DINOv2 stand-in puts that vector in token 0 (CLS) and its negative in token 1;
 * - LPIPS: the mean absolute difference of the two inputs, so two solid colours are sum_c |p_c - q_c| / (3 * 127.5) apart.
 */
import { OnnxGraphBuilder } from '@geneava/testing';

export interface ImageFixtureOptions {
  /** Fixed square input size, or free ('height', 'width'). */
  readonly size?: number;
  /** Fixed batch of 1 instead of a free batch. */
  readonly batchOne?: boolean;
}

function imageInput(b: OnnxGraphBuilder, name: string, options: ImageFixtureOptions): string {
  const side = options.size;
  return b.input(name, 'float32', [options.batchOne ? 1 : 'batch', 3, side ?? 'height', side ?? 'width']);
}

/**
 * The mean over the last axes, one axis at a time: each float32 sum then runs over a few hundred values,
 * not 50,000, so the result stays within about 1e-6 of the exact mean.
 */
function meanOver(b: OnnxGraphBuilder, x: string, axes: readonly number[], keepdims: boolean, output: string): string {
  let value = x;
  const ordered = [...axes].sort((p, q) => q - p);
  ordered.forEach((axis, i) => {
    const last = i === ordered.length - 1;
    value = b.op.reduceMean(value, [axis], keepdims, last ? { output } : {});
  });
  return value;
}

export function clipFixture(options: ImageFixtureOptions = {}): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const x = imageInput(b, 'pixel_values', options);
  b.output(meanOver(b, x, [2, 3], false, 'image_embeds'), 'float32', ['batch', 3]);
  return b;
}

export function dinov2Fixture(output: 'last_hidden_state' | 'pooler_output'): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const x = imageInput(b, 'pixel_values', {});
  if (output === 'pooler_output') {
    b.output(meanOver(b, x, [2, 3], false, 'pooler_output'), 'float32', ['batch', 3]);
    return b;
  }
  const cls = b.op.unsqueeze(meanOver(b, x, [2, 3], false, 'channel_means'), [1]);
  const other = b.node('Neg', [cls])[0]!;
  b.output(b.op.concat([cls, other], 1, { output: 'last_hidden_state' }), 'float32', ['batch', 2, 3]);
  return b;
}

export function lpipsFixture(shape: '4d' | '1d' = '4d', options: ImageFixtureOptions = {}): OnnxGraphBuilder {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const a = imageInput(b, 'in0', options);
  const c = imageInput(b, 'in1', options);
  const diff = b.node('Abs', [b.op.sub(a, c)])[0]!;
  b.output(meanOver(b, diff, [1, 2, 3], shape === '4d', 'distance'), 'float32', shape === '4d' ? ['batch', 1, 1, 1] : ['batch']);
  return b;
}
