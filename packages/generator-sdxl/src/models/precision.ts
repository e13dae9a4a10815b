/**
 * Float precision of the models of a folder. The UNet consumes the text encoders' hidden states
 * directly, so those three must share one float dtype. The VAE decoder may stay float32 beside a
 * float16 rest: that is the recommended way around the SDXL VAE's float16 overflow; a float16 VAE
 * beside a float32 rest is reported, as it can only have come from another export.
 */
import type { ModelIo } from '@geneava/core/onnx';

export type Precision = 'fp32' | 'fp16';

const PRECISION_OF_DTYPE: Readonly<Record<string, Precision>> = { float32: 'fp32', float16: 'fp16' };

export type ModelPrecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'single'; readonly precision: Precision }
  | { readonly kind: 'mixed'; readonly detail: string };

/** The one float precision of a model's IO; 'mixed' lists which tensor has which. */
export function modelPrecision(io: ModelIo): ModelPrecision {
  const byPrecision = new Map<Precision, string[]>();
  for (const info of [...io.inputs, ...io.outputs]) {
    const precision = PRECISION_OF_DTYPE[info.dtype];
    if (!precision) continue;
    byPrecision.set(precision, [...(byPrecision.get(precision) ?? []), info.name]);
  }
  if (byPrecision.size === 0) return { kind: 'none' };
  if (byPrecision.size === 1) return { kind: 'single', precision: [...byPrecision.keys()][0]! };
  const detail = [...byPrecision.entries()].map(([precision, names]) => `${precision}: ${names.join(', ')}`).join('; ');
  return { kind: 'mixed', detail };
}

export interface PrecisionVerdict {
  /** The precision of the text encoders and the UNet, when they agree. */
  readonly precision?: Precision;
  readonly vaeDecoderPrecision?: Precision;
  readonly problems: readonly string[];
}

/** `models` maps a file name to its precision; `vaeDecoder` is judged against the rest. */
export function judgePrecision(
  models: ReadonlyArray<readonly [file: string, precision: Precision]>,
  vaeDecoder?: readonly [file: string, precision: Precision],
): PrecisionVerdict {
  const problems: string[] = [];
  const distinct = new Set(models.map(([, precision]) => precision));
  const precision = distinct.size === 1 ? models[0]![1] : undefined;
  if (distinct.size > 1) {
    const list = models.map(([file, p]) => `${file} ${p}`).join(', ');
    problems.push(`float precision differs between models (${list}); the UNet consumes the text encoders' outputs, use all from one export`);
  }
  if (vaeDecoder && precision === 'fp32' && vaeDecoder[1] === 'fp16') {
    problems.push(
      `${vaeDecoder[0]} is fp16 while the other models are fp32; use the fp32 vae_decoder of the same export`,
    );
  }
  return { ...(precision ? { precision } : {}), ...(vaeDecoder ? { vaeDecoderPrecision: vaeDecoder[1] } : {}), problems };
}
