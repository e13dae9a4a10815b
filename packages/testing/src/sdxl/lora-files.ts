/**
 * LoRA files for the fixture UNet in the key formats trainers write (see the LoRA section of the SDXL
 * reference): diffusers (`unet.<module>.lora.down/up.weight`), the older attention-processor form
 * (`<block>.processor.to_q_lora.down.weight`), PEFT (`lora_A`/`lora_B`, alpha in metadata or
 * adapter_config.json) and kohya (`lora_unet_<path>.lora_down/up.weight` + `.alpha`, with SDXL's sgm
 * block names). Also the merged weight a LoRA implies, as the oracle the ONNX branch is compared with.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FixtureLinear } from './fixture-weights.js';
import { writeSafetensors, type SafetensorsDType, type SafetensorsTensor } from './safetensors-writer.js';

export type LoraKeyFormat = 'diffusers' | 'diffusers-attn-processor' | 'peft' | 'kohya' | 'kohya-diffusers-names';

/** One adapted Linear: W' = W + scale · (alpha / rank) · up @ down (PyTorch layout). */
export interface FixtureLoraModule {
  /** Diffusers module path of the Linear. */
  readonly module: string;
  readonly rank: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** [rank, in] row-major (lora_A / lora_down). */
  readonly down: Float32Array;
  /** [out, rank] row-major (lora_B / lora_up). */
  readonly up: Float32Array;
}

/** Deterministic pseudo-random LoRA factors for the given Linears (values in ±0.5·amplitude). */
export function fixtureLoraModules(targets: readonly FixtureLinear[], rank: number, seed = 1, amplitude = 0.02): FixtureLoraModule[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 2 ** 32 - 0.5) * amplitude;
  };
  return targets.map((target) => ({
    module: target.module,
    rank,
    inFeatures: target.inFeatures,
    outFeatures: target.outFeatures,
    down: Float32Array.from({ length: rank * target.inFeatures }, next),
    // Up weights larger than down ones, so the low-rank product is not negligible next to W.
    up: Float32Array.from({ length: target.outFeatures * rank }, () => next() * 50),
  }));
}

/** SDXL's sgm (original Stability) name of a diffusers attention block, as kohya writes it for SDXL. */
export function sgmModulePath(module: string): string {
  return module
    .replace(/^down_blocks\.(\d+)\.attentions\.(\d+)\./, (_, d: string, a: string) => `input_blocks.${3 * Number(d) + Number(a) + 1}.1.`)
    .replace(/^mid_block\.attentions\.0\./, 'middle_block.1.')
    .replace(/^up_blocks\.(\d+)\.attentions\.(\d+)\./, (_, u: string, a: string) => `output_blocks.${3 * Number(u) + Number(a)}.1.`);
}

/** The old attention-processor name: "...attn1.to_q" → "...attn1.processor.to_q_lora", "to_out.0" → "to_out_lora". */
function attnProcessorPath(module: string): string {
  const match = /^(.*)\.(to_q|to_k|to_v|to_out\.0)$/.exec(module);
  if (!match) throw new Error(`module '${module}' is not an attention projection; the attention-processor format cannot name it`);
  const projection = match[2] === 'to_out.0' ? 'to_out' : match[2];
  return `${match[1]}.processor.${projection}_lora`;
}

export interface WriteLoraOptions {
  readonly format: LoraKeyFormat;
  readonly dtype?: SafetensorsDType;
  /** Stored alpha (kohya `.alpha` tensors, PEFT metadata / adapter_config.json). Undefined: none stored (alpha = rank). */
  readonly alpha?: number;
  /** PEFT: where alpha goes. Default 'metadata'. */
  readonly peftAlphaIn?: 'metadata' | 'adapter_config';
  /** Extra header metadata. */
  readonly metadata?: Readonly<Record<string, string>>;
}

export async function writeLoraFile(path: string, modules: readonly FixtureLoraModule[], options: WriteLoraOptions): Promise<void> {
  const dtype = options.dtype ?? 'F32';
  const tensors: Record<string, SafetensorsTensor> = {};
  const pair = (downKey: string, upKey: string, m: FixtureLoraModule) => {
    tensors[downKey] = { dtype, shape: [m.rank, m.inFeatures], values: m.down };
    tensors[upKey] = { dtype, shape: [m.outFeatures, m.rank], values: m.up };
  };
  let metadata: Record<string, string> = { format: 'pt', ...options.metadata };
  for (const m of modules) {
    switch (options.format) {
      case 'diffusers':
        pair(`unet.${m.module}.lora.down.weight`, `unet.${m.module}.lora.up.weight`, m);
        break;
      case 'diffusers-attn-processor': {
        const base = attnProcessorPath(m.module);
        pair(`${base}.down.weight`, `${base}.up.weight`, m);
        break;
      }
      case 'peft':
        pair(`unet.${m.module}.lora_A.weight`, `unet.${m.module}.lora_B.weight`, m);
        break;
      case 'kohya':
      case 'kohya-diffusers-names': {
        const path = options.format === 'kohya' ? sgmModulePath(m.module) : m.module;
        const name = `lora_unet_${path.replace(/\./g, '_')}`;
        pair(`${name}.lora_down.weight`, `${name}.lora_up.weight`, m);
        if (options.alpha !== undefined) tensors[`${name}.alpha`] = { dtype, shape: [], values: [options.alpha] };
        break;
      }
    }
  }
  if (options.format === 'peft' && options.alpha !== undefined) {
    const rank = modules[0]?.rank ?? 1;
    const config = { r: rank, lora_alpha: options.alpha, target_modules: ['to_q', 'to_k', 'to_v', 'to_out.0'], peft_type: 'LORA', use_rslora: false };
    if ((options.peftAlphaIn ?? 'metadata') === 'metadata') metadata = { ...metadata, lora_adapter_metadata: JSON.stringify(config) };
    else await writeFile(join(dirname(path), 'adapter_config.json'), `${JSON.stringify(config, null, 2)}\n`);
  }
  await writeSafetensors(path, tensors, metadata);
}

/**
 * The ONNX MatMul weight ([in, out], i.e. Wᵀ) with the LoRA merged in: Wᵀ + scale · (alpha / rank) · downᵀ @ upᵀ,
 * computed in float64 from the factors as stored in float32.
 */
export function mergedMatMulWeight(linear: FixtureLinear, lora: FixtureLoraModule, scale: number, alpha = lora.rank): Float32Array {
  const factor = (scale * alpha) / lora.rank;
  const out = new Float32Array(linear.weight.length);
  for (let i = 0; i < linear.inFeatures; i++) {
    for (let o = 0; o < linear.outFeatures; o++) {
      let delta = 0;
      for (let r = 0; r < lora.rank; r++) delta += lora.down[r * linear.inFeatures + i]! * lora.up[o * lora.rank + r]!;
      out[i * linear.outFeatures + o] = linear.weight[i * linear.outFeatures + o]! + factor * delta;
    }
  }
  return out;
}
