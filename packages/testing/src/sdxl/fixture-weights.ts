/**
 * The weights of the tiny SDXL fixture and a float64 mirror of what its models compute, so tests can
 * predict the pipeline's output exactly. Every weight is a dyadic rational small enough to be exact in
 * float16, so the fp16 fixture holds the same weights and differs only by float16 arithmetic.
 *
 * What the models compute (per batch entry, f(id) = id mod 97):
 * - text encoders: hidden_states.i[t, k] = f(ids[t]) · u[k] + c_i · d[k], with a layer code c_i (consecutive
 *   layers differ) times a layer direction d; text_embeds = mean_t(f · u2) + pooledOffset. The UNet reads
 *   d into latent channel 3 only (no prompt feature does), so reading the wrong hidden state of either
 *   encoder moves channel 3 by a whole code step: a layer mistake is visible in the image, not hidden in
 *   a direction the weights sum to zero over.
 * - UNet: the epsilon of a perfect denoiser towards target = x0 + m, where m (one value per latent channel)
 *   is computed from the conditioning through four Linear layers named like SDXL's attention
 *   projections (the LoRA targets), then bounded: m = b·tanh(o / b). The bound keeps long prompts and
 *   strong guidance inside the image range. With CFG the guided epsilon is the epsilon towards
 *   x0 + m_uncond + g·(m_cond − m_uncond), because epsilon is affine in the target.
 * - VAE decoder: a 1×1 convolution of the latent channels to RGB, upsampled ×8 (nearest).
 */

export const FIXTURE_ID_MODULUS = 97;
/** The text encoders' one Linear layer (1 → hidden, weight u): what a text-encoder LoRA of the fixture adapts. */
export const TEXT_ENCODER_LORA_MODULE = 'text_model.encoder.layers.0.mlp.fc2';
export const LATENT_CHANNELS = 4;
export const TEXT_ENCODER_HIDDEN = 768;
export const TEXT_ENCODER_LAYERS = 12;
export const TEXT_ENCODER_2_HIDDEN = 1280;
export const TEXT_ENCODER_2_LAYERS = 32;
export const CROSS_ATTENTION_DIM = TEXT_ENCODER_HIDDEN + TEXT_ENCODER_2_HIDDEN;
export const POOLED_DIM = 1280;
export const TIME_IDS = 6;
/** m = OFFSET_BOUND · tanh(o / OFFSET_BOUND): |m| stays below 1/64 of a latent unit. */
export const OFFSET_BOUND = 1 / 64;

/** One Linear layer of the fixture UNet, stored as an ONNX MatMul weight [in, out] (Wᵀ of the PyTorch Linear). */
export interface FixtureLinear {
  /** Diffusers module path, e.g. "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k". */
  readonly module: string;
  /** The anonymous initializer name the TorchScript exporter gives it. */
  readonly weightName: string;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Row-major [inFeatures, outFeatures]. */
  readonly weight: Float32Array;
  readonly bias?: Float32Array;
}

export interface TextEncoderWeights {
  readonly u: Float32Array;
  /** c_i of hidden_states.i, i = 0..layers: small integers, different for neighbouring layers. */
  readonly layerCodes: readonly number[];
  /** d: the direction the layer code moves every token's hidden state along. */
  readonly layerDirection: Float32Array;
  readonly lastHiddenOffset: number;
}

export interface SdxlFixtureWeights {
  /** The refiner's UNet: encoder_hidden_states of text_encoder_2 alone (1280), 5 time ids. */
  readonly refiner: boolean;
  readonly latentHeight: number;
  readonly latentWidth: number;
  /** The image the UNet denoises towards, [4, latentHeight, latentWidth]. */
  readonly x0: Float32Array;
  readonly textEncoder: TextEncoderWeights;
  readonly textEncoder2: TextEncoderWeights & { readonly pooledOffset: Float32Array };
  /** to_k (mean encoder_hidden_states), to_q (text_embeds), to_v (time_ids), to_out.0 (sum of the three). */
  readonly linears: {
    readonly hidden: FixtureLinear;
    readonly pooled: FixtureLinear;
    readonly timeIds: FixtureLinear;
    readonly out: FixtureLinear;
  };
  /** VAE 1×1 convolution, [3, 4] row-major, and its bias. */
  readonly vaeWeight: Float32Array;
  readonly vaeBias: Float32Array;
  /** VAE encoder: latent mean = this [4, 3] map of each 8×8 block's mean colour + bias; logvar constant. */
  readonly vaeEncoderWeight: Float32Array;
  readonly vaeEncoderBias: Float32Array;
  readonly vaeEncoderLogvar: number;
}

/** Deterministic small integers in [-range, range] from a position. */
function pattern(k: number, multiplier: number, period: number): number {
  const range = (period - 1) / 2;
  return ((k * multiplier) % period) - range;
}

/** Integers of the layer direction d (in [-9, 9]); d = these / 2^6. */
function layerDirectionIntegers(hidden: number): Int8Array {
  return Int8Array.from({ length: hidden }, (_, k) => pattern(k, 29, 19));
}

/** c_i = (3i mod 7) − 3: in −3..3, and i, i+1 always differ (the step is +3 mod 7). */
export function layerCode(layer: number): number {
  return ((layer * 3) % 7) - 3;
}

function textEncoderWeights(hidden: number, layers: number, multiplier: number): TextEncoderWeights {
  const u = new Float32Array(hidden);
  for (let k = 0; k < hidden; k++) u[k] = pattern(k, multiplier, 23) / 2 ** 15;
  const layerDirection = Float32Array.from(layerDirectionIntegers(hidden), (integer) => integer / 2 ** 6);
  const layerCodes = Array.from({ length: layers + 1 }, (_, i) => layerCode(i));
  return { u, layerCodes, layerDirection, lastHiddenOffset: -0.5 };
}

/**
 * Weights [in, out] whose columns are the text feature pattern times a per-channel factor, so prompts
 * move m coherently. `scale` may differ per input range ([start, scale] pairs, in ascending start).
 */
function correlatedWeight(features: Float32Array, factors: readonly number[], scales: ReadonlyArray<readonly [number, number]>): Float32Array {
  // (features are integers / 2^15)
  const out = new Float32Array(features.length * factors.length);
  features.forEach((value, k) => {
    const integer = Math.round(value * 2 ** 15);
    const scale = scales.filter(([start]) => k >= start).at(-1)![1];
    factors.forEach((factor, c) => {
      out[k * factors.length + c] = integer * factor * scale;
    });
  });
  return out;
}

export function sdxlFixtureWeights(latentHeight: number, latentWidth: number, options: { readonly refiner?: boolean } = {}): SdxlFixtureWeights {
  const refiner = options.refiner ?? false;
  const x0 = new Float32Array(LATENT_CHANNELS * latentHeight * latentWidth);
  for (let c = 0; c < LATENT_CHANNELS; c++) {
    for (let y = 0; y < latentHeight; y++) {
      for (let x = 0; x < latentWidth; x++) {
        const value = 0.045 * Math.sin(0.9 * c + 1.3 * y + 0.7 * x + 0.3);
        x0[(c * latentHeight + y) * latentWidth + x] = Math.round(value * 2 ** 12) / 2 ** 12;
      }
    }
  }
  const textEncoder = textEncoderWeights(TEXT_ENCODER_HIDDEN, TEXT_ENCODER_LAYERS, 37);
  const te2 = textEncoderWeights(TEXT_ENCODER_2_HIDDEN, TEXT_ENCODER_2_LAYERS, 41);
  const pooledOffset = new Float32Array(POOLED_DIM);
  for (let k = 0; k < POOLED_DIM; k++) pooledOffset[k] = pattern(k, 13, 17) / 256;

  const hiddenFeatures = new Float32Array(CROSS_ATTENTION_DIM);
  hiddenFeatures.set(textEncoder.u, 0);
  hiddenFeatures.set(te2.u, TEXT_ENCODER_HIDDEN);
  // Prompt features drive channels 0-2; the layer directions drive channel 3 (see the header).
  const hiddenWeight = correlatedWeight(hiddenFeatures, [1, -1, 0.5, 0], [
    [0, 2 ** -13],
    [TEXT_ENCODER_HIDDEN, 2 ** -9],
  ]);
  addLayerProbe(hiddenWeight, layerDirectionIntegers(TEXT_ENCODER_HIDDEN), 0, 2 ** -15);
  addLayerProbe(hiddenWeight, layerDirectionIntegers(TEXT_ENCODER_2_HIDDEN), TEXT_ENCODER_HIDDEN, 2 ** -15);
  const timeWeight = new Float32Array(TIME_IDS * LATENT_CHANNELS);
  // Channel 3 belongs to the layer probe: no time id moves it, so the correct layers put o_3 near 0,
  // where tanh is steepest (2·K1 − K2 ≈ 0.2 bound with the penultimate codes 2 and −1).
  for (let j = 0; j < TIME_IDS; j++) {
    for (let c = 0; c < LATENT_CHANNELS - 1; c++) timeWeight[j * LATENT_CHANNELS + c] = (((j + 1) * (c + 2)) % 5 - 2) / 2 ** 14;
  }
  const identity = new Float32Array(LATENT_CHANNELS * LATENT_CHANNELS);
  for (let c = 0; c < LATENT_CHANNELS; c++) identity[c * LATENT_CHANNELS + c] = 1;

  // The refiner's UNet reads only text_encoder_2's part and the first 5 time ids (no target size).
  const hiddenIn = refiner ? TEXT_ENCODER_2_HIDDEN : CROSS_ATTENTION_DIM;
  const timeIn = refiner ? TIME_IDS - 1 : TIME_IDS;
  return {
    refiner,
    latentHeight,
    latentWidth,
    x0,
    textEncoder,
    textEncoder2: { ...te2, pooledOffset },
    linears: {
      hidden: {
        module: 'down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k',
        weightName: 'onnx::MatMul_9001',
        inFeatures: hiddenIn,
        outFeatures: LATENT_CHANNELS,
        // text_encoder_2 pads with id 0 (feature 0), so its part carries the prompt: weighted more.
        weight: refiner ? hiddenWeight.slice(TEXT_ENCODER_HIDDEN * LATENT_CHANNELS) : hiddenWeight,
      },
      pooled: {
        module: 'mid_block.attentions.0.transformer_blocks.0.attn1.to_q',
        weightName: 'onnx::MatMul_9002',
        inFeatures: POOLED_DIM,
        outFeatures: LATENT_CHANNELS,
        weight: correlatedWeight(te2.u, [-0.5, 0.5, 1, 0], [[0, 2 ** -11]]),
      },
      timeIds: {
        module: 'down_blocks.2.attentions.1.transformer_blocks.3.attn1.to_v',
        weightName: 'onnx::MatMul_9003',
        inFeatures: timeIn,
        outFeatures: LATENT_CHANNELS,
        weight: timeWeight.slice(0, timeIn * LATENT_CHANNELS),
      },
      out: {
        module: 'up_blocks.0.attentions.2.transformer_blocks.1.attn1.to_out.0',
        weightName: 'onnx::MatMul_9004',
        inFeatures: LATENT_CHANNELS,
        outFeatures: LATENT_CHANNELS,
        weight: identity,
        bias: Float32Array.from([0.0078125, -0.0078125, 0.00390625, 0]),
      },
    },
    vaeWeight: Float32Array.from([0.625, 0.1875, -0.125, 0.125, -0.125, 0.5, 0.3125, 0.0625, 0.1875, -0.1875, 0.4375, 0.1875]),
    vaeBias: Float32Array.from([0.0625, -0.0625, 0]),
    vaeEncoderWeight: Float32Array.from([1.5, 0.5, -0.25, -0.5, 1.25, 0.5, 0.25, -0.75, 1.5, 0.5, 0.5, 0.5]),
    vaeEncoderBias: Float32Array.from([0.125, -0.25, 0, 0.25]),
    // std = exp(−3) ≈ 0.05: the posterior sample differs visibly from its mean.
    vaeEncoderLogvar: -6,
  };
}

/**
 * Adds integers · scale to column 3 (latent channel 3) of the rows starting at `start` of a [in, 4]
 * weight: each unit of layer code then moves o_3 by K = Σ integer² / 2^6 · scale (0.011 for text_encoder,
 * 0.018 for text_encoder_2, about the offset bound, so one wrong layer moves m_3 visibly).
 */
function addLayerProbe(weight: Float32Array, integers: Int8Array, start: number, scale: number): void {
  integers.forEach((integer, k) => {
    weight[(start + k) * LATENT_CHANNELS + 3] = weight[(start + k) * LATENT_CHANNELS + 3]! + integer * scale;
  });
}

/** What the UNet sees of one prompt: the token mean of encoder_hidden_states and text_embeds. */
export interface FixtureConditioning {
  readonly hiddenMean: Float64Array;
  readonly pooled: Float64Array;
}

function meanFeature(ids: readonly number[]): number {
  return ids.reduce((sum, id) => sum + (id % FIXTURE_ID_MODULUS), 0) / ids.length;
}

/** Which hidden_states.i each encoder's part of encoder_hidden_states comes from; default the penultimate. */
export interface FixtureLayers {
  readonly textEncoder?: number;
  readonly textEncoder2?: number;
  /** The u of each encoder's Linear with a LoRA merged in (see TEXT_ENCODER_LORA_MODULE). */
  readonly u?: ArrayLike<number>;
  readonly u2?: ArrayLike<number>;
}

/**
 * The conditioning the fixture text encoders produce for token ids of tokenizer and tokenizer_2 (77
 * each). `ids2` alone conditions text_embeds; `layers` picks the hidden states (diffusers' clip_skip k
 * reads hidden_states[-(k + 2)]: index layers − 1 − k).
 */
export function fixtureConditioning(
  weights: SdxlFixtureWeights,
  ids: readonly number[],
  ids2: readonly number[],
  layers: FixtureLayers = {},
): FixtureConditioning {
  const f1 = meanFeature(ids);
  const f2 = meanFeature(ids2);
  const te1 = weights.textEncoder;
  const te2 = weights.textEncoder2;
  const code1 = te1.layerCodes[layers.textEncoder ?? TEXT_ENCODER_LAYERS - 1]!;
  const code2 = te2.layerCodes[layers.textEncoder2 ?? TEXT_ENCODER_2_LAYERS - 1]!;
  // The refiner conditions on text_encoder_2 alone: its hidden states start at 0.
  const offset2 = weights.refiner ? 0 : TEXT_ENCODER_HIDDEN;
  const hiddenMean = new Float64Array(offset2 + TEXT_ENCODER_2_HIDDEN);
  const u1 = layers.u ?? te1.u;
  const u2 = layers.u2 ?? te2.u;
  if (!weights.refiner) te1.u.forEach((_, k) => (hiddenMean[k] = f1 * u1[k]! + code1 * te1.layerDirection[k]!));
  te2.u.forEach((_, k) => (hiddenMean[offset2 + k] = f2 * u2[k]! + code2 * te2.layerDirection[k]!));
  const pooled = new Float64Array(POOLED_DIM);
  te2.u.forEach((_, k) => (pooled[k] = f2 * u2[k]! + te2.pooledOffset[k]!));
  return { hiddenMean, pooled };
}

/** The all-zero conditioning of an empty negative prompt under force_zeros_for_empty_prompt. */
export function zeroConditioning(weights?: SdxlFixtureWeights): FixtureConditioning {
  return { hiddenMean: new Float64Array(weights?.refiner ? TEXT_ENCODER_2_HIDDEN : CROSS_ATTENTION_DIM), pooled: new Float64Array(POOLED_DIM) };
}

function linearForward(linear: FixtureLinear, input: ArrayLike<number>, weight: ArrayLike<number> = linear.weight): Float64Array {
  const out = new Float64Array(linear.outFeatures);
  for (let i = 0; i < linear.inFeatures; i++) {
    const x = input[i]!;
    if (x === 0) continue;
    for (let o = 0; o < linear.outFeatures; o++) out[o]! += x * weight[i * linear.outFeatures + o]!;
  }
  if (linear.bias) linear.bias.forEach((b, o) => (out[o]! += b));
  return out;
}

/**
 * m for one batch entry. `weightOverrides` replaces Linear weights by module path ([in, out] row-major),
 * e.g. with a LoRA merged in, to predict the patched UNet.
 */
export function conditioningOffset(
  weights: SdxlFixtureWeights,
  conditioning: FixtureConditioning,
  timeIds: readonly number[],
  weightOverrides: ReadonlyMap<string, ArrayLike<number>> = new Map(),
): Float64Array {
  const { hidden, pooled, timeIds: time, out } = weights.linears;
  const forward = (linear: FixtureLinear, input: ArrayLike<number>) => linearForward(linear, input, weightOverrides.get(linear.module));
  const a = forward(hidden, conditioning.hiddenMean);
  const b = forward(pooled, conditioning.pooled);
  const c = forward(time, timeIds);
  const sum = a.map((value, i) => value + b[i]! + c[i]!);
  return forward(out, sum).map((o) => OFFSET_BOUND * Math.tanh(o / OFFSET_BOUND));
}

/** m with classifier-free guidance: m_uncond + g·(m_cond − m_uncond). */
export function guidedOffset(uncond: ArrayLike<number>, cond: ArrayLike<number>, guidance: number): Float64Array {
  return Float64Array.from({ length: LATENT_CHANNELS }, (_, c) => uncond[c]! + guidance * (cond[c]! - uncond[c]!));
}

/** The final latent a correct sampler returns: x0 + m (m broadcast over each channel). */
export function expectedLatent(weights: SdxlFixtureWeights, offset: ArrayLike<number>): Float64Array {
  const plane = weights.latentHeight * weights.latentWidth;
  return Float64Array.from(weights.x0, (value, i) => value + offset[Math.floor(i / plane)]!);
}
