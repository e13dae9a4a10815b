/**
 * Stand-ins for the Toonify nets, for the specs: the exact IO of the real exports around bodies whose
 * results are known by hand (nearest ×4 upsampling in place of encoder + StyleGAN2). Not a test file: the
 * ".test.ts" name keeps it out of the library build (jest runs only *.spec.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FivePoints, RgbImage } from '@geneava/core/contracts';
import { OnnxGraphBuilder } from '@geneava/testing';

/** pSp bodies: output = up4(input), or its negation (colours inverted). */
export type PspBody = 'upsample' | 'negate';

export interface PspFixture {
  readonly body?: PspBody;
  /** Input side; the contract's is 256. */
  readonly inputSize?: number;
  readonly floatType?: 'float32' | 'float16';
}

export async function writePspNet(path: string, fixture: PspFixture = {}): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 17, floatType: fixture.floatType ?? 'float32' });
  const size = fixture.inputSize ?? 256;
  const input = b.input('input', 'float', [1, 3, size, size]);
  const up = b.op.resize(input, { mode: 'nearest', scales: [1, 1, 4, 4] });
  const output = fixture.body === 'negate' ? b.op.mul(up, b.constantInitializer('minus_one', 'float', [], [-1]), { output: 'output' }) : b.op.identity(up, { output: 'output' });
  b.output(output, 'float', [1, 3, size * 4, size * 4]);
  await b.save(path);
}

/**
 * ReStyle net bodies (x = x_input, w = latent_input):
 * - second: y = up4(x[:, 3:6]), w' = w + 0.5 (an encoder that returns its second image);
 * - blend:  y = up4((x[:, 0:3] + x[:, 3:6]) / 2), w' = w + 1;
 * - counter(step): w' = w + step, y = mean(w') / 10 − 1 everywhere (pixel 12.75·mean(w')).
 */
export type RestyleBody = { readonly kind: 'second' } | { readonly kind: 'blend' } | { readonly kind: 'counter'; readonly step: number };

export interface RestyleNetFixture {
  readonly body: RestyleBody;
  /** The public export's anonymous output names by default. */
  readonly outputNames?: readonly [string, string];
  readonly latentWidth?: number;
}

export async function writeRestyleNet(path: string, fixture: RestyleNetFixture): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const width = fixture.latentWidth ?? 512;
  const [imageName, latentName] = fixture.outputNames ?? ['1534', '1538'];
  const x = b.input('x_input', 'float32', ['batch', 6, 256, 256]);
  const w = b.input('latent_input', 'float32', ['batch', 18, width]);
  const scalar = (prefix: string, value: number) => b.constantInitializer(prefix, 'float32', [], [value]);
  const first = b.op.slice(x, [0], [3], [1]);
  const second = b.op.slice(x, [3], [6], [1]);
  let image: string;
  let latent: string;
  switch (fixture.body.kind) {
    case 'second':
      image = b.op.resize(second, { mode: 'nearest', scales: [1, 1, 4, 4] });
      latent = b.op.add(w, scalar('step', 0.5));
      break;
    case 'blend':
      image = b.op.resize(b.op.mul(b.op.add(first, second), scalar('half', 0.5)), { mode: 'nearest', scales: [1, 1, 4, 4] });
      latent = b.op.add(w, scalar('step', 1));
      break;
    case 'counter': {
      latent = b.op.add(w, scalar('step', fixture.body.step));
      const mean = b.op.reshape(b.op.reduceMean(latent, [1, 2]), [-1, 1, 1, 1]);
      const level = b.op.sub(b.op.div(mean, scalar('ten', 10)), scalar('one', 1));
      const zeros = b.op.mul(b.op.resize(first, { mode: 'nearest', scales: [1, 1, 4, 4] }), scalar('zero', 0));
      image = b.op.add(zeros, level);
      break;
    }
  }
  b.output(b.op.identity(image, { output: imageName }), 'float32', ['batch', 3, 1024, 1024]);
  b.output(b.op.identity(latent, { output: latentName }), 'float32', ['batch', 18, width]);
  await b.save(path);
}

/** The face pool: 4x4 average pooling, 1024 → 256 (exact on a nearest-upsampled image), anonymous names. */
export async function writeFacePool(path: string): Promise<void> {
  const b = new OnnxGraphBuilder({ opset: 13 });
  const input = b.input('input.1', 'float32', ['batch', 3, 1024, 1024]);
  const [pooled] = b.node('AveragePool', [input], ['23'], { attributes: { kernel_shape: [4, 4], strides: [4, 4] } });
  b.output(pooled!, 'float32', ['batch', 3, 256, 256]);
  await b.save(path);
}

/** A .npy file as numpy.save writes it (format 1.0, header padded to a multiple of 64). */
export function npyBytes(shape: readonly number[], values: Float32Array): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const header = dict + ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const length = Buffer.alloc(2);
  length.writeUInt16LE(header.length);
  return Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), length, Buffer.from(header, 'latin1'), Buffer.from(values.buffer, values.byteOffset, values.byteLength)]);
}

export interface RestyleFolderFixture {
  readonly encoder: RestyleBody;
  readonly net: RestyleBody;
  /** Fills latent_avg.npy ([1, 18, 512]); default 0. */
  readonly latentAvg?: number;
  /** Fills avg_image.npy ([3, 256, 256]); default −1 (black). */
  readonly avgImage?: number;
  /** The public "-fp16" file names. */
  readonly fp16Names?: boolean;
  readonly netLatentWidth?: number;
}

export async function writeRestyleFolder(dir: string, fixture: RestyleFolderFixture): Promise<string> {
  await mkdir(join(dir, 'average'), { recursive: true });
  const suffix = fixture.fp16Names ? '-fp16' : '';
  await writeRestyleNet(join(dir, `toonify${suffix}.onnx`), { body: fixture.net, ...(fixture.netLatentWidth ? { latentWidth: fixture.netLatentWidth } : {}) });
  await writeRestyleNet(join(dir, `restyle-encoder${suffix}.onnx`), { body: fixture.encoder, outputNames: ['y_hat', 'latent'] });
  await writeFacePool(join(dir, `face-pool${suffix}.onnx`));
  await writeFile(join(dir, 'average/latent_avg.npy'), npyBytes([1, 18, 512], new Float32Array(18 * 512).fill(fixture.latentAvg ?? 0)));
  await writeFile(join(dir, 'average/avg_image.npy'), npyBytes([3, 256, 256], new Float32Array(3 * 256 * 256).fill(fixture.avgImage ?? -1)));
  return dir;
}

/**
 * Five points whose FFHQ crop square is exactly a `size` square at (x0, y0): eyes 64 px apart and 64 px
 * above the mouth (per 256), so x = (128, 0), y = (0, 128) and c = (127.5, 127.5) in a 256 frame.
 */
export function canonicalPoints(size = 256, x0 = 0, y0 = 0): FivePoints {
  const s = size / 256;
  const at = (x: number, y: number): [number, number] => [x0 + (x + 0.5) * s - 0.5, y0 + (y + 0.5) * s - 0.5];
  return [at(95.5, 121.1), at(159.5, 121.1), at(127.5, 150), at(103.5, 185.1), at(151.5, 185.1)];
}

// Specs run in a vm context, where every global lookup (Math included) inside a pixel loop is slow.
const { abs, max: maxOf, round } = Math;

/** A smooth test picture: a different gentle ramp per channel. */
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

/** The largest per-channel difference over the pixels `where` accepts; `b` is read through `map` (default same pixel). */
export function maxDifference(a: RgbImage, b: RgbImage, where: (x: number, y: number) => boolean = () => true, map: (x: number, y: number) => readonly [number, number] = (x, y) => [x, y]): number {
  let max = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (!where(x, y)) continue;
      const [bx, by] = map(x, y);
      const i = (y * a.width + x) * 3;
      const j = (by * b.width + bx) * 3;
      for (let c = 0; c < 3; c++) max = maxOf(max, abs(a.data[i + c]! - b.data[j + c]!));
    }
  }
  return max;
}
