/** LPIPS distances of image pairs from a user-supplied ONNX file (inputs in0, in1 in [-1, 1]). */
import type { DevicePreference, OnnxRuntime, OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { LPIPS_CONTRACT, LPIPS_PREPROCESSING, preprocessingForSize, type ImagePreprocessing } from './contracts.js';
import { fixedInputSize } from './model-outputs.js';
import { normalisedBatch, preprocessPixels } from './preprocess.js';

export interface LpipsScorerOptions {
  readonly device?: DevicePreference;
  /** Pairs per run (default 8); a file with a fixed batch of 1 gets 1. */
  readonly batchSize?: number;
  readonly intraOpNumThreads?: number;
}

export class LpipsScorer {
  private constructor(
    private readonly session: OnnxSession,
    readonly preprocessing: ImagePreprocessing,
    readonly batchSize: number,
  ) {}

  static async create(onnx: OnnxRuntime, path: string, options: LpipsScorerOptions = {}): Promise<LpipsScorer> {
    const session = await onnx.createSession(path, {
      contract: LPIPS_CONTRACT,
      label: path,
      ...(options.device ? { device: options.device } : {}),
      ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    });
    const input = session.inputs.find((i) => i.name === 'in0');
    const batchSize = input?.dims?.[0] === 1 ? 1 : Math.max(1, options.batchSize ?? 8);
    return new LpipsScorer(session, preprocessingForSize(LPIPS_PREPROCESSING, fixedInputSize(input)), batchSize);
  }

  /** The image as the model sees it (resized and centre-cropped, still 8-bit): prepare once, compare many times. */
  prepare(image: RgbImage): Promise<RgbImage> {
    return preprocessPixels(image, this.preprocessing);
  }

  /** The distance of each pair of prepared images. */
  async distances(pairs: readonly (readonly [RgbImage, RgbImage])[]): Promise<number[]> {
    const distances: number[] = [];
    for (let start = 0; start < pairs.length; start += this.batchSize) {
      const batch = pairs.slice(start, start + this.batchSize);
      const in0 = normalisedBatch(batch.map((p) => p[0]), this.preprocessing);
      const in1 = normalisedBatch(batch.map((p) => p[1]), this.preprocessing);
      const out = (
        await this.session.run({
          in0: { dtype: 'float32', dims: in0.dims, data: in0.data },
          in1: { dtype: 'float32', dims: in1.dims, data: in1.data },
        }, ['distance'])
      ).distance!;
      if (out.data.length !== batch.length) {
        throw new Error(`${this.session.label}: output 'distance' has shape [${out.dims.join(', ')}] for ${batch.length} pairs, expected one value per pair`);
      }
      distances.push(...(out.data as Float32Array));
    }
    return distances;
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}
