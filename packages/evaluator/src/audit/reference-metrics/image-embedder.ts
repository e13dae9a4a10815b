/**
 * CLIP and DINOv2 image embeddings from user-supplied ONNX files: each image preprocessed as the
 * model's Hugging Face image processor does it, run in batches, one vector per image.
 */
import type { DevicePreference, OnnxRuntime, OnnxSession } from '@geneava/core/onnx';
import type { RgbImage } from '@geneava/core/contracts';
import { CLIP_PREPROCESSING, CLIP_VISION_CONTRACT, DINOV2_CONTRACT, DINOV2_PREPROCESSING, preprocessingForSize, type ImagePreprocessing } from './contracts.js';
import { fixedInputSize } from './model-outputs.js';
import { normalisedBatch, preprocessPixels } from './preprocess.js';

export type ImageEmbeddingModel = 'clip' | 'dinov2';

export interface ImageEmbedderOptions {
  readonly device?: DevicePreference;
  /** Images per run (default 8); a file with a fixed batch of 1 gets 1. */
  readonly batchSize?: number;
  readonly intraOpNumThreads?: number;
}

export class ImageEmbedder {
  private constructor(
    readonly model: ImageEmbeddingModel,
    private readonly session: OnnxSession,
    readonly preprocessing: ImagePreprocessing,
    /** The output the embedding is read from. */
    readonly output: 'image_embeds' | 'pooler_output' | 'last_hidden_state',
    readonly batchSize: number,
  ) {}

  static async create(onnx: OnnxRuntime, path: string, model: ImageEmbeddingModel, options: ImageEmbedderOptions = {}): Promise<ImageEmbedder> {
    const session = await onnx.createSession(path, {
      contract: model === 'clip' ? CLIP_VISION_CONTRACT : DINOV2_CONTRACT,
      label: path,
      ...(options.device ? { device: options.device } : {}),
      ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    });
    const names = session.outputs.map((o) => o.name);
    const output = model === 'clip' ? 'image_embeds' : names.includes('pooler_output') ? 'pooler_output' : names.includes('last_hidden_state') ? 'last_hidden_state' : undefined;
    if (!output) {
      await session.dispose();
      throw new Error(`${path}: DINOv2 file has neither 'pooler_output' nor 'last_hidden_state' (outputs: ${names.join(', ')})`);
    }
    const input = session.inputs.find((i) => i.name === 'pixel_values');
    const preprocessing = preprocessingForSize(model === 'clip' ? CLIP_PREPROCESSING : DINOV2_PREPROCESSING, fixedInputSize(input));
    const batchSize = input?.dims?.[0] === 1 ? 1 : Math.max(1, options.batchSize ?? 8);
    return new ImageEmbedder(model, session, preprocessing, output, batchSize);
  }

  /** One embedding per image, as the model outputs it (not normalised). */
  async embed(images: readonly RgbImage[]): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < images.length; start += this.batchSize) {
      const batch = images.slice(start, start + this.batchSize);
      const crops = await Promise.all(batch.map((image) => preprocessPixels(image, this.preprocessing)));
      const pixels = normalisedBatch(crops, this.preprocessing);
      const out = (await this.session.run({ pixel_values: { dtype: 'float32', dims: pixels.dims, data: pixels.data } }, [this.output]))[this.output]!;
      vectors.push(...rowsOf(out.data as Float32Array, out.dims, batch.length, this.session.label, this.output));
    }
    return vectors;
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

/** Splits a [N, D] output, or the first token of a [N, T, D] one, into N vectors. */
function rowsOf(data: Float32Array, dims: readonly number[], n: number, label: string, output: string): Float32Array[] {
  if (dims[0] !== n || (dims.length !== 2 && dims.length !== 3)) {
    throw new Error(`${label}: output '${output}' has shape [${dims.join(', ')}], expected [${n}, D] or [${n}, T, D]`);
  }
  const dim = dims[dims.length - 1]!;
  const stride = dims.length === 3 ? dims[1]! * dim : dim;
  return Array.from({ length: n }, (_, i) => data.slice(i * stride, i * stride + dim));
}
