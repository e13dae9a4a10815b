import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OnnxGraphBuilder } from '@geneava/testing';

/** What a fixture graph does to its input; each result is known exactly. */
export type FixtureOp =
  | { readonly kind: 'identity' }
  | { readonly kind: 'negate' }
  /** Reverses the channel axis (R and B swap places). */
  | { readonly kind: 'reverse-channels'; readonly axis: number }
  /** Multiplies each channel by its factor; `shape` broadcasts the three factors along the channel axis. */
  | { readonly kind: 'scale-channels'; readonly factors: readonly [number, number, number]; readonly shape: readonly number[] }
  /** x * scale + shift. */
  | { readonly kind: 'affine'; readonly scale: number; readonly shift: number }
  /** Rounds to uint8 (values must already be 0..255). */
  | { readonly kind: 'cast-uint8' }
  /** Nearest-neighbour upscaling by 2 on the spatial axes of an NCHW tensor. */
  | { readonly kind: 'upscale2-nchw' };

export interface FixtureSpec {
  readonly inputName: string;
  readonly inputDims: readonly (number | string)[];
  readonly inputDtype?: 'float32' | 'float16' | 'uint8';
  readonly outputName: string;
  readonly outputDims: readonly (number | string)[];
  readonly op: FixtureOp;
  /** Extra graph inputs, to test descriptors against multi-input models. */
  readonly extraInputs?: readonly string[];
}

/** Builds an image-to-image graph with the given signature and operation. */
export function fixtureModel(spec: FixtureSpec): Uint8Array {
  const b = new OnnxGraphBuilder({ opset: 17 });
  const x = b.input(spec.inputName, spec.inputDtype ?? 'float32', spec.inputDims);
  for (const name of spec.extraInputs ?? []) b.input(name, 'float32', [1]);
  const out = { output: spec.outputName };
  let outputDtype: 'float32' | 'uint8' | 'float16' = spec.inputDtype ?? 'float32';
  switch (spec.op.kind) {
    case 'identity':
      b.op.identity(x, out);
      break;
    case 'negate':
      b.node('Neg', [x], [spec.outputName]);
      break;
    case 'reverse-channels': {
      const indices = b.constantInitializer('channel_order', 'int64', [3], [2, 1, 0]);
      b.op.gather(x, indices, spec.op.axis, out);
      break;
    }
    case 'scale-channels': {
      const factors = b.constantInitializer('channel_factors', 'float32', spec.op.shape, spec.op.factors);
      b.op.mul(x, factors, out);
      break;
    }
    case 'affine': {
      const scale = b.constantInitializer('scale', 'float32', [], [spec.op.scale]);
      const shift = b.constantInitializer('shift', 'float32', [], [spec.op.shift]);
      b.op.add(b.op.mul(x, scale), shift, out);
      break;
    }
    case 'cast-uint8':
      b.op.cast(x, 'uint8', out);
      outputDtype = 'uint8';
      break;
    case 'upscale2-nchw':
      b.op.resize(x, { mode: 'nearest', scales: [1, 1, 2, 2], ...out });
      break;
  }
  b.output(spec.outputName, outputDtype, spec.outputDims);
  return b.toBytes();
}

/** The signatures of the three published exports the shipped descriptors describe (see their "source"). */
export const PUBLISHED_SIGNATURES = {
  'animeganv2-face-paint-512-v2.json': {
    model: 'face_paint_512_v2.onnx',
    spec: (op: FixtureOp): FixtureSpec => ({ inputName: 'input_image', inputDims: [1, 3, 512, 512], outputName: 'output_image', outputDims: [1, 3, 512, 512], op }),
  },
  'photo2cartoon.json': {
    model: 'photo2cartoon_weights.onnx',
    spec: (op: FixtureOp): FixtureSpec => ({ inputName: 'input', inputDims: [1, 3, 256, 256], outputName: 'output', outputDims: [1, 3, 256, 256], op }),
  },
  'whitebox-cartoonization.json': {
    model: 'cartoonizer.onnx',
    // tf2onnx names free dimensions unk__N.
    spec: (op: FixtureOp): FixtureSpec => ({ inputName: 'input_photo:0', inputDims: ['unk__6', 'unk__7', 'unk__8', 3], outputName: 'add_1:0', outputDims: ['unk__9', 'unk__10', 'unk__11', 3], op }),
  },
} as const;

export type ShippedDescriptor = keyof typeof PUBLISHED_SIGNATURES;

/** The shipped descriptors' folder (a function: the benchmark loads this file as an ES module, without __dirname). */
export function descriptorsDir(): string {
  return resolve(__dirname, '..', 'descriptors');
}

// Every temporary folder made here is removed when the test file that made it is done.
const temporaryFolders: string[] = [];
/**
 * Removes every folder the fixture helpers made. Jest calls it after each spec file (test/remove-fixtures.ts
 * is a setup file); the benchmark calls it itself, so this module never touches test-runner globals.
 */
export async function removeFixtureFolders(): Promise<void> {
  await Promise.all(temporaryFolders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

async function temporaryFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-onnx-stylizer-'));
  temporaryFolders.push(dir);
  return dir;
}

/** A temporary folder holding a copy of a shipped descriptor and a fixture model under the file name it names. */
export async function shippedWithFixture(name: ShippedDescriptor, op: FixtureOp, fromDir: string = descriptorsDir()): Promise<string> {
  const dir = await temporaryFolder();
  const entry = PUBLISHED_SIGNATURES[name];
  await writeFile(join(dir, entry.model), fixtureModel(entry.spec(op)));
  const descriptor = join(dir, name);
  await copyFile(join(fromDir, name), descriptor);
  return descriptor;
}

/** A temporary folder with `descriptor` written as descriptor.json and the fixture as its model file. */
export async function descriptorWithFixture(descriptor: Record<string, unknown>, spec: FixtureSpec): Promise<string> {
  const dir = await temporaryFolder();
  await writeFile(join(dir, String(descriptor.model)), fixtureModel(spec));
  const path = join(dir, 'descriptor.json');
  await writeFile(path, JSON.stringify(descriptor, null, 2));
  return path;
}
