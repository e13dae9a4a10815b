/**
 * The UNet's conditioning for a batch of images, as diffusers builds it:
 * - add_time_ids = [orig_h, orig_w, crop_top, crop_left, target_h, target_w], original and target size
 *   = the image size, crops (0, 0); the negative rows get the same ids;
 * - with classifier-free guidance the batch is [negatives..., positives...] for encoder_hidden_states,
 *   text_embeds and time_ids (the latents are duplicated the same way);
 * - an image without a negative prompt gets all-zero negative embeddings when the folder's
 *   force_zeros_for_empty_prompt is true (SDXL base); an explicit "" is encoded like any prompt.
 */
import type { PromptEmbeddings, PromptEncoder } from './prompt-encoder.js';

export interface ConditioningRequest {
  readonly prompt: string;
  readonly negativePrompt?: string;
}

export interface UnetConditioning {
  /** [rows, sequence, hiddenSize] */
  readonly encoderHiddenStates: Float32Array;
  /** [rows, pooledSize] */
  readonly textEmbeds: Float32Array;
  /** [rows, 6] */
  readonly timeIds: Float32Array;
  readonly rows: number;
  readonly sequence: number;
  readonly hiddenSize: number;
  readonly pooledSize: number;
  /** Per image: its negative conditioning is zeros (no negative prompt, force_zeros_for_empty_prompt). */
  readonly zeroedNegative: readonly boolean[];
}

export interface ConditioningOptions {
  readonly guidance: boolean;
  readonly forceZerosForEmptyPrompt: boolean;
  readonly height: number;
  readonly width: number;
}

/** SDXL's micro-conditioning for an uncropped image generated at its own size. */
export function sdxlTimeIds(height: number, width: number): number[] {
  return [height, width, 0, 0, height, width];
}

export async function buildUnetConditioning(
  encoder: PromptEncoder,
  requests: readonly ConditioningRequest[],
  options: ConditioningOptions,
): Promise<UnetConditioning> {
  const positive = await encoder.encode(requests.map((r) => r.prompt));
  const count = requests.length;
  const zeroedNegative = requests.map((r) => options.guidance && r.negativePrompt === undefined && options.forceZerosForEmptyPrompt);
  const toEncode = requests.map((r, i) => ({ i, text: r.negativePrompt ?? '' })).filter(({ i }) => options.guidance && !zeroedNegative[i]);
  const negative = toEncode.length > 0 ? await encoder.encode(toEncode.map((n) => n.text)) : undefined;

  const { sequence, hiddenSize, pooledSize } = positive;
  const rows = options.guidance ? 2 * count : count;
  const hiddenRow = sequence * hiddenSize;
  const encoderHiddenStates = new Float32Array(rows * hiddenRow);
  const textEmbeds = new Float32Array(rows * pooledSize);
  const copy = (source: PromptEmbeddings, from: number, to: number) => {
    encoderHiddenStates.set(source.hiddenStates.subarray(from * hiddenRow, (from + 1) * hiddenRow), to * hiddenRow);
    textEmbeds.set(source.pooled.subarray(from * pooledSize, (from + 1) * pooledSize), to * pooledSize);
  };
  const positiveOffset = options.guidance ? count : 0;
  for (let i = 0; i < count; i++) copy(positive, i, positiveOffset + i);
  // Zeroed negatives are already zero in the fresh arrays.
  toEncode.forEach(({ i }, k) => copy(negative!, k, i));

  const ids = sdxlTimeIds(options.height, options.width);
  const timeIds = new Float32Array(rows * ids.length);
  for (let row = 0; row < rows; row++) timeIds.set(ids, row * ids.length);
  return { encoderHiddenStates, textEmbeds, timeIds, rows, sequence, hiddenSize, pooledSize, zeroedNegative };
}
