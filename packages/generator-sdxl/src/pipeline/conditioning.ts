/**
 * The UNet's conditioning for a batch of images, as diffusers' StableDiffusionXLPipeline builds it:
 * - prompt_2 (default: the prompt) conditions text_encoder_2; negative_prompt_2 (default: the negative
 *   prompt) likewise for the negative;
 * - add_time_ids = [orig_h, orig_w, crop_top, crop_left, target_h, target_w]: original and target size
 *   default to the image size, crops to (0, 0); the negative rows get the same ids unless a negative
 *   original and target size are given (negative_original_size / _crops_coords_top_left / _target_size);
 * - with classifier-free guidance the batch is [negatives..., positives...] for encoder_hidden_states,
 *   text_embeds and time_ids (the latents are duplicated the same way);
 * - an image without a negative prompt gets all-zero negative embeddings when the folder's
 *   force_zeros_for_empty_prompt is true (SDXL base), whatever negative_prompt_2 says (diffusers
 *   decides on negative_prompt alone); an explicit "" is encoded like any prompt.
 * Texts longer than the tokenizers' 75 tokens are truncated, as diffusers does; each image's warnings
 * say which ones lost how many tokens.
 */
import type { PromptEmbeddings, PromptEncoder, PromptPair } from './prompt-encoder.js';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export interface CropTopLeft {
  readonly top: number;
  readonly left: number;
}

/** SDXL's micro-conditioning of one image (diffusers' original_size, crops_coords_top_left, target_size). */
export interface SizeConditioning {
  readonly originalSize: ImageSize;
  readonly cropTopLeft: CropTopLeft;
  readonly targetSize: ImageSize;
}

export interface ConditioningRequest {
  readonly prompt: string;
  readonly prompt2?: string;
  readonly negativePrompt?: string;
  readonly negativePrompt2?: string;
  /** The size conditioning of the positive rows. */
  readonly size: SizeConditioning;
  /** Of the negative rows; default: the positive one. */
  readonly negativeSize?: SizeConditioning;
}

export interface UnetConditioning {
  /** [rows, sequence, hiddenSize] */
  readonly encoderHiddenStates: Float32Array;
  /** [rows, pooledSize] */
  readonly textEmbeds: Float32Array;
  /** [rows, timeIdsLength] */
  readonly timeIds: Float32Array;
  readonly rows: number;
  readonly sequence: number;
  readonly hiddenSize: number;
  readonly pooledSize: number;
  /** Per image: its negative conditioning is zeros (no negative prompt, force_zeros_for_empty_prompt). */
  readonly zeroedNegative: readonly boolean[];
  /** Per image: which of its texts the tokenizers truncated. */
  readonly warnings: readonly (readonly string[])[];
}

export interface ConditioningOptions {
  readonly guidance: boolean;
  /**
   * The refiner's time ids (requires_aesthetics_score): original size + crop + aesthetic score, the
   * negative rows with the negative score (diffusers' defaults 6 and 2.5); the target size is not fed.
   */
  readonly aesthetic?: { readonly score: number; readonly negativeScore: number };
  readonly forceZerosForEmptyPrompt: boolean;
  /** diffusers' clip_skip (0: the penultimate hidden state). */
  readonly clipSkip?: number;
}

/** SDXL's micro-conditioning for an uncropped image generated at its own size. */
export function sdxlTimeIds(height: number, width: number): number[] {
  return timeIdsOf({ originalSize: { width, height }, cropTopLeft: { top: 0, left: 0 }, targetSize: { width, height } });
}

/** diffusers' _get_add_time_ids: list(original_size + crops_coords_top_left + target_size), (h, w) order. */
export function timeIdsOf(size: SizeConditioning): number[] {
  return [size.originalSize.height, size.originalSize.width, size.cropTopLeft.top, size.cropTopLeft.left, size.targetSize.height, size.targetSize.width];
}

/** The refiner's _get_add_time_ids: list(original_size + crops_coords_top_left + (aesthetic_score,)). */
export function aestheticTimeIdsOf(size: SizeConditioning, score: number): number[] {
  return [size.originalSize.height, size.originalSize.width, size.cropTopLeft.top, size.cropTopLeft.left, score];
}

function positivePair(r: ConditioningRequest): PromptPair {
  // diffusers: prompt_2 = prompt_2 or prompt (an empty prompt_2 falls back too).
  return { text: r.prompt, text2: r.prompt2 || r.prompt };
}

function negativePair(r: ConditioningRequest): PromptPair {
  const text = r.negativePrompt ?? '';
  return { text, text2: r.negativePrompt2 || text };
}

function truncationWarnings(encoder: PromptEncoder, pair: PromptPair, what: string): string[] {
  const warnings: string[] = [];
  const dropped1 = encoder.droppedTokens(pair.text);
  const dropped2 = encoder.droppedTokens(pair.text2, true);
  if (dropped1 > 0) warnings.push(`${what} is ${dropped1} token(s) over the 75 text_encoder reads; the end is cut off (as diffusers does)`);
  if (pair.text2 !== pair.text && dropped2 > 0) warnings.push(`${what}_2 is ${dropped2} token(s) over the 75 text_encoder_2 reads; the end is cut off`);
  return warnings;
}

export async function buildUnetConditioning(
  encoder: PromptEncoder,
  requests: readonly ConditioningRequest[],
  options: ConditioningOptions,
): Promise<UnetConditioning> {
  const clipSkip = options.clipSkip ?? 0;
  const positive = await encoder.encode(requests.map(positivePair), clipSkip);
  const count = requests.length;
  const zeroedNegative = requests.map((r) => options.guidance && r.negativePrompt === undefined && options.forceZerosForEmptyPrompt);
  const toEncode = requests.map((r, i) => ({ i, pair: negativePair(r) })).filter(({ i }) => options.guidance && !zeroedNegative[i]);
  const negative = toEncode.length > 0 ? await encoder.encode(toEncode.map((n) => n.pair), clipSkip) : undefined;
  const warnings = requests.map((r, i) => [
    ...truncationWarnings(encoder, positivePair(r), 'prompt'),
    ...(toEncode.some((n) => n.i === i) ? truncationWarnings(encoder, negativePair(r), 'negative prompt') : []),
  ]);

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

  const { aesthetic } = options;
  const ids = (size: SizeConditioning, score: number) => (aesthetic ? aestheticTimeIdsOf(size, score) : timeIdsOf(size));
  const idsLength = ids(requests[0]!.size, 0).length;
  const timeIds = new Float32Array(rows * idsLength);
  requests.forEach((r, i) => {
    timeIds.set(ids(r.size, aesthetic?.score ?? 0), (positiveOffset + i) * idsLength);
    if (options.guidance) timeIds.set(ids(r.negativeSize ?? r.size, aesthetic?.negativeScore ?? 0), i * idsLength);
  });
  return { encoderHiddenStates, textEmbeds, timeIds, rows, sequence, hiddenSize, pooledSize, zeroedNegative, warnings };
}
