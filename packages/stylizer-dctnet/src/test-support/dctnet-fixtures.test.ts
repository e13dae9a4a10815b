/**
 * Stand-ins for DCT-Net's converted graphs, for the specs: the real signature (float32 BGR 0..255 in, uint8
 * out, HWC or NHWC, plain or ":0" names) around a body whose result is known by hand. Not a test file:
 * the ".test.ts" name keeps it out of the library build (jest runs only *.spec.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RgbImage } from '@geneava/core/contracts';
import { encodeImage } from '@geneava/core/image';
import { OnnxGraphBuilder } from '@geneava/testing';

/** identity: y = x; invert: y = 255 − x; gather: y[..., c] = x[..., channels[c]] (graph channel order, BGR). */
export type GraphBody = { readonly kind: 'identity' } | { readonly kind: 'invert' } | { readonly kind: 'gather'; readonly channels: readonly [number, number, number] };

export interface GraphFixture {
  readonly body: GraphBody;
  /** tf2onnx's ":0" suffix on both tensor names. */
  readonly suffix?: boolean;
  /** [N, H, W, 3] instead of [H, W, 3]. */
  readonly batch?: boolean;
  /** The output's dtype; DCT-Net's is uint8, anything else breaks the contract. */
  readonly outputDtype?: 'uint8' | 'float32';
}

export const IDENTITY: GraphBody = { kind: 'identity' };
export const INVERT: GraphBody = { kind: 'invert' };

export async function writeDctnetGraph(path: string, fixture: GraphFixture): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 17, producer: 'tf2onnx' });
  const name = (base: string) => (fixture.suffix ? `${base}:0` : base);
  const dims = fixture.batch ? ['unk__9', 'unk__10', 'unk__11', 3] : ['unk__10', 'unk__11', 3];
  const input = b.input(name('input_image'), 'float32', dims);
  let body: string;
  switch (fixture.body.kind) {
    case 'identity':
      body = input;
      break;
    case 'invert':
      body = b.op.sub(b.constantInitializer('white', 'float32', [], [255]), input);
      break;
    case 'gather':
      body = b.op.gather(input, b.constantInitializer('channels', 'int64', [3], [...fixture.body.channels]), dims.length - 1);
      break;
  }
  const clipped = b.op.clip(body, 0, 255, { dtype: 'float32' });
  const dtype = fixture.outputDtype ?? 'uint8';
  const output = b.op.cast(clipped, dtype, { output: name('output_image') });
  b.output(output, dtype, dims);
  await b.save(path);
}

export interface StyleFolderFixture {
  readonly head: GraphFixture;
  readonly background: GraphFixture;
  /** Written as alpha.jpg (quality 100, 4:4:4) when given. */
  readonly alpha?: RgbImage;
  /** Use DCT-Net's older file names, cartoon_anime_h.onnx / cartoon_anime_bg.onnx. */
  readonly olderNames?: boolean;
}

/** Writes a style folder `dir` and returns it. */
export async function writeStyleFolder(dir: string, fixture: StyleFolderFixture): Promise<string> {
  await mkdir(dir, { recursive: true });
  const infix = fixture.olderNames ? 'cartoon_anime' : 'cartoon';
  await writeDctnetGraph(join(dir, `${infix}_h.onnx`), fixture.head);
  await writeDctnetGraph(join(dir, `${infix}_bg.onnx`), fixture.background);
  if (fixture.alpha) await writeFile(join(dir, 'alpha.jpg'), await encodeImage(fixture.alpha, 'jpeg', { quality: 100, chromaSubsampling: '4:4:4' }));
  return dir;
}

// Specs run in a vm context, where every global lookup (Math included) inside a pixel loop is slow; the
// loops below use local aliases.
const { abs, max: maxOf, round } = Math;

/** A smooth test picture: every channel a different gentle ramp, so resampling changes values only slightly. */
export function smoothImage(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const w = maxOf(1, width - 1);
  const h = maxOf(1, height - 1);
  const d = maxOf(1, width + height - 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = round(40 + (150 * x) / w);
      data[i + 1] = round(60 + (120 * y) / h);
      data[i + 2] = round(200 - (100 * (x + y)) / d);
    }
  }
  return { width, height, data };
}

/** The largest difference between two same-sized images over the pixels `where` accepts (all by default). */
export function maxDifference(a: RgbImage, b: RgbImage, where: (x: number, y: number) => boolean = () => true): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`maxDifference: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let max = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (!where(x, y)) continue;
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) max = maxOf(max, abs(a.data[i + c]! - b.data[i + c]!));
    }
  }
  return max;
}

/** The image with every channel inverted (255 − v). */
export function inverted(image: RgbImage): RgbImage {
  return { width: image.width, height: image.height, data: image.data.map((v) => 255 - v) };
}
