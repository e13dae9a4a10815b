import { join } from 'node:path';
import type { RgbImage } from '@geneava/core/contracts';
import { imageToTensor } from '@geneava/core/image';
import type { DevicePreference, ModelIoContract, OnnxRuntime, OnnxSession, TensorData } from '@geneava/core/onnx';
import { GeneavaError } from '@geneava/core/util';
import { bindSession, type BoundNames } from './bound-session.js';
import {
  FACE_POOL_CONTRACT,
  RESTYLE_ENCODER_CONTRACT,
  RESTYLE_TOONIFY_CONTRACT,
  TOONIFY_INPUT_SIZE,
  TOONIFY_STYLE_DIM,
  TOONIFY_STYLES,
} from './models/contracts.js';
import { AVG_IMAGE_FILE, LATENT_AVG_FILE } from './models/toonify-layout.js';
import { readFloatNpy } from './npy-array.js';
import { outputImage } from './psp-engine.js';
import { TOONIFY_TENSOR_FORMAT, type ToonifyEngine } from './toonify-engine.js';

/** ReStyle runs its nets at least twice: the first pass encodes the photo, the toonify net runs from the second. */
export const RESTYLE_MIN_ITERATIONS = 2;
export const RESTYLE_DEFAULT_ITERATIONS = 5;

const PLANE = TOONIFY_INPUT_SIZE * TOONIFY_INPUT_SIZE;
const LATENT_DIMS = [1, TOONIFY_STYLES, TOONIFY_STYLE_DIM];
const X_DIMS = [1, 6, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE];

/** An opened net and the session's names for the contract's tensors. */
interface BoundSession {
  readonly session: OnnxSession;
  readonly names: BoundNames;
}

export interface RestyleParts {
  /** FFHQ ReStyle encoder: the first iteration, from the average image and latent. */
  readonly encoder: BoundSession;
  /** ReStyle toonify net: every later iteration. */
  readonly net: BoundSession;
  /** 1024 → 256 pool that turns each output into the next iteration's second image. */
  readonly pool: BoundSession;
  /** [1, 18, 512]: the first latent_input. */
  readonly latentAvg: Float32Array;
  /** [1, 3, 256, 256] in [-1, 1]: the first iteration's second image. */
  readonly avgImage: Float32Array;
}

/**
 * ReStyle Toonify (the iterative encoder of the public ONNX export):
 *   iteration 1: (y, w) = encoder(concat(x, avg_image), latent_avg)
 *   iteration k: (y, w) = toonify(concat(x, face_pool(y)), w)
 * for `iterations` passes in all; the result is the last 1024x1024 y. x is the aligned face in [-1, 1].
 */
export class RestyleEngine implements ToonifyEngine {
  readonly variant = 'restyle' as const;
  readonly files: readonly string[];

  constructor(
    private readonly parts: RestyleParts,
    readonly iterations: number,
  ) {
    if (!Number.isInteger(iterations) || iterations < RESTYLE_MIN_ITERATIONS) {
      throw new Error(`ReStyle Toonify needs at least ${RESTYLE_MIN_ITERATIONS} iterations (the toonify net runs from the second), got ${iterations}`);
    }
    this.files = [parts.net.session.label, parts.encoder.session.label, parts.pool.session.label];
  }

  async toonify(aligned: RgbImage, signal?: AbortSignal): Promise<RgbImage> {
    if (aligned.width !== TOONIFY_INPUT_SIZE || aligned.height !== TOONIFY_INPUT_SIZE) {
      throw new Error(`ReStyle Toonify takes a ${TOONIFY_INPUT_SIZE}x${TOONIFY_INPUT_SIZE} face, got ${aligned.width}x${aligned.height}`);
    }
    const face = imageToTensor(aligned, TOONIFY_TENSOR_FORMAT).data;
    let second: Float32Array = this.parts.avgImage;
    let latent: Float32Array = this.parts.latentAvg;
    let image: TensorData | undefined;
    for (let iteration = 0; iteration < this.iterations; iteration++) {
      if (iteration > 0) second = await this.pool(image!);
      const { session, names } = iteration === 0 ? this.parts.encoder : this.parts.net;
      const x = new Float32Array(6 * PLANE);
      x.set(face, 0);
      x.set(second, 3 * PLANE);
      const outputs = await session.run(
        {
          [names.inputs[0]!]: { dtype: 'float32', dims: X_DIMS, data: x },
          [names.inputs[1]!]: { dtype: 'float32', dims: LATENT_DIMS, data: latent },
        },
        names.outputs,
      );
      image = outputs[names.outputs[0]!];
      latent = latentOf(outputs[names.outputs[1]!], session.label, names.outputs[1]!);
      signal?.throwIfAborted();
    }
    return outputImage(image, this.parts.net.session.label, this.parts.net.names.outputs[0]!);
  }

  async dispose(): Promise<void> {
    await Promise.all([this.parts.encoder.session.dispose(), this.parts.net.session.dispose(), this.parts.pool.session.dispose()]);
  }

  private async pool(image: TensorData): Promise<Float32Array> {
    const { session, names } = this.parts.pool;
    const outputs = await session.run({ [names.inputs[0]!]: image }, names.outputs);
    const pooled = outputs[names.outputs[0]!];
    const expected = [1, 3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE];
    if (!pooled || pooled.dtype !== 'float32' || pooled.dims.join(',') !== expected.join(',')) {
      const found = pooled ? `${pooled.dtype} [${pooled.dims.join(', ')}]` : 'nothing';
      throw new GeneavaError(`${session.label}: the face pool returned ${found}, expected float32 [${expected.join(', ')}]`, 'toonify-output');
    }
    return pooled.data as Float32Array;
  }
}

function latentOf(output: TensorData | undefined, label: string, tensor: string): Float32Array {
  if (!output || output.dtype !== 'float32' || output.dims.join(',') !== LATENT_DIMS.join(',')) {
    const found = output ? `${output.dtype} [${output.dims.join(', ')}]` : 'nothing';
    throw new GeneavaError(`${label}: latent '${tensor}' returned ${found}, expected float32 [${LATENT_DIMS.join(', ')}]`, 'toonify-output');
  }
  return output.data as Float32Array;
}

export interface RestyleFiles {
  readonly net: string;
  readonly encoder: string;
  readonly pool: string;
  /** The folder holding average/latent_avg.npy and average/avg_image.npy. */
  readonly dir: string;
}

/**
 * Opens the three nets (each checked against its contract, outputs bound by position) and reads the two
 * average arrays. Any failure disposes what was already opened.
 */
export async function openRestyleEngine(
  onnx: Pick<OnnxRuntime, 'createSession'>,
  files: RestyleFiles,
  iterations: number = RESTYLE_DEFAULT_ITERATIONS,
  device?: DevicePreference,
): Promise<RestyleEngine> {
  const latentAvg = await readFloatNpy(join(files.dir, LATENT_AVG_FILE), [[TOONIFY_STYLES, TOONIFY_STYLE_DIM], LATENT_DIMS], 'the average latent fed as latent_input in the first iteration');
  const avgImage = await readFloatNpy(
    join(files.dir, AVG_IMAGE_FILE),
    [
      [3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE],
      [1, 3, TOONIFY_INPUT_SIZE, TOONIFY_INPUT_SIZE],
    ],
    'the average image concatenated into x_input in the first iteration',
  );
  const opened: OnnxSession[] = [];
  const open = async (file: string, contract: ModelIoContract, bindInputs: boolean): Promise<BoundSession> => {
    const session = await onnx.createSession(file, { device: device ?? 'auto', label: file });
    opened.push(session);
    return { session, names: bindSession(session, contract, bindInputs) };
  };
  try {
    const net = await open(files.net, RESTYLE_TOONIFY_CONTRACT, false);
    const encoder = await open(files.encoder, RESTYLE_ENCODER_CONTRACT, false);
    const pool = await open(files.pool, FACE_POOL_CONTRACT, true);
    return new RestyleEngine({ encoder, net, pool, latentAvg: latentAvg.data, avgImage: avgImage.data }, iterations);
  } catch (error) {
    await Promise.all(opened.map((session) => session.dispose()));
    throw error;
  }
}
