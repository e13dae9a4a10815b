/**
 * A LoRA file read into per-module low-rank factors. For each adapted Linear with PyTorch weight
 * W [out, in], the update is W' = W + s · (alpha / rank) · up @ down, with down [rank, in] (lora_A /
 * lora_down) and up [out, rank] (lora_B / lora_up); s is the user's scale, applied later.
 */
import { LoraFileError } from './lora-errors.js';
import { parseLoraKey, type LoraFormat } from './lora-keys.js';
import { alphaForModule, readPeftAlphaConfig, type PeftAlphaConfig } from './peft-config.js';
import { readSafetensors, type SafetensorsFile } from './safetensors.js';

export interface LoraModuleWeights {
  /** Diffusers module path, e.g. "down_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q". */
  readonly module: string;
  /** The file's own names for this module's tensors (for reports). */
  readonly keys: readonly string[];
  readonly rank: number;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly alpha: number;
  /** alpha / rank, or alpha / sqrt(rank) for rsLoRA. */
  readonly factor: number;
  /** [rank, in] row-major. */
  readonly down: Float32Array;
  /** [out, rank] row-major. */
  readonly up: Float32Array;
}

export interface IgnoredLoraKey {
  readonly key: string;
  readonly reason: string;
}

export interface LoraAdapter {
  readonly file: string;
  readonly format: LoraFormat;
  readonly modules: readonly LoraModuleWeights[];
  /** Keys that were not applied and why (text-encoder parts, unknown keys). */
  readonly ignored: readonly IgnoredLoraKey[];
  /** Where alpha came from: "alpha tensors", "rank (none stored)", or a metadata/config source. */
  readonly alphaSource: string;
}

export interface LoadLoraOptions {
  /** PEFT adapter_config.json to read alpha from; default: the one beside the file, if any. */
  readonly adapterConfig?: string;
}

interface ModuleKeys {
  down?: string;
  up?: string;
  alpha?: string;
}

/** Reads a LoRA .safetensors file of any supported format. */
export async function loadLoraAdapter(path: string, options: LoadLoraOptions = {}): Promise<LoraAdapter> {
  const file = await readSafetensors(path);
  const formats = new Set<LoraFormat>();
  const byModule = new Map<string, ModuleKeys>();
  const ignored: IgnoredLoraKey[] = [];
  for (const key of file.entries.keys()) {
    const parsed = parseLoraKey(key);
    if (parsed.kind === 'ignored') {
      ignored.push({ key, reason: parsed.reason });
      continue;
    }
    // Alpha keys say nothing of the format: converted files carry them beside any pair naming.
    if (parsed.role !== 'alpha') formats.add(parsed.format);
    const keys = byModule.get(parsed.module) ?? {};
    if (keys[parsed.role] !== undefined) {
      throw new LoraFileError(path, `keys '${keys[parsed.role]}' and '${key}' both give the ${parsed.role} of module ${parsed.module}`);
    }
    keys[parsed.role] = key;
    byModule.set(parsed.module, keys);
  }
  if (byModule.size === 0) {
    const sample = ignored.slice(0, 3).map((entry) => `'${entry.key}' (${entry.reason})`).join(', ');
    throw new LoraFileError(path, `holds no UNet LoRA weights${sample ? `; e.g. ${sample}` : ''}`);
  }
  if (formats.size > 1) throw new LoraFileError(path, `mixes LoRA key formats (${[...formats].join(', ')}); one file should hold one format`);
  const format = [...formats][0] ?? 'diffusers';

  const peft = format === 'peft' || format === 'diffusers' ? await readPeftAlphaConfig(path, file.metadata, options.adapterConfig) : undefined;
  const modules: LoraModuleWeights[] = [];
  for (const [module, keys] of byModule) {
    const weights = moduleWeights(file, module, keys, peft);
    if ('reason' in weights) {
      for (const key of [keys.down, keys.up, keys.alpha]) if (key) ignored.push({ key, reason: weights.reason });
    } else modules.push(weights);
  }
  if (modules.length === 0) throw new LoraFileError(path, `holds no Linear-layer UNet LoRA weights (${ignored.at(-1)?.reason ?? 'none found'})`);
  const alphaSource = modules.some((m) => byModule.get(m.module)?.alpha !== undefined)
    ? 'alpha tensors'
    : peft?.loraAlpha !== undefined || Object.keys(peft?.alphaPattern ?? {}).length > 0
      ? peft!.source
      : 'rank (no alpha stored)';
  return { file: path, format, modules, ignored, alphaSource };
}

/** The module's factors, or why they cannot be applied here (convolution LoRA) for the report. */
function moduleWeights(file: SafetensorsFile, module: string, keys: ModuleKeys, peft: PeftAlphaConfig | undefined): LoraModuleWeights | { readonly reason: string } {
  if (!keys.down || !keys.up) {
    const present = keys.down ?? keys.up ?? keys.alpha!;
    throw new LoraFileError(file.path, `module ${module} has '${present}' but no ${keys.down ? 'up' : 'down'} weight`);
  }
  const downEntry = file.entries.get(keys.down)!;
  const upEntry = file.entries.get(keys.up)!;
  const down2d = matrixShape(downEntry.shape);
  const up2d = matrixShape(upEntry.shape);
  if (!down2d || !up2d) {
    return { reason: `convolution LoRA (down [${downEntry.shape.join(', ')}], up [${upEntry.shape.join(', ')}]) is not supported; only Linear layers are patched` };
  }
  const [rank, inFeatures] = down2d;
  const [outFeatures, upRank] = up2d;
  if (upRank !== rank) {
    throw new LoraFileError(file.path, `module ${module}: down has rank ${rank} but up [${upEntry.shape.join(', ')}] has ${upRank} columns`);
  }
  let alpha = rank;
  if (keys.alpha) {
    const stored = file.read(keys.alpha);
    if (stored.length !== 1 || !(stored[0]! > 0)) throw new LoraFileError(file.path, `'${keys.alpha}' must hold one positive number`);
    alpha = stored[0]!;
  } else if (peft) {
    alpha = alphaForModule(peft, module) ?? rank;
  }
  const factor = peft?.useRslora && !keys.alpha ? alpha / Math.sqrt(rank) : alpha / rank;
  return {
    module,
    keys: [keys.down, keys.up, ...(keys.alpha ? [keys.alpha] : [])],
    rank,
    inFeatures,
    outFeatures,
    alpha,
    factor,
    down: file.read(keys.down),
    up: file.read(keys.up),
  };
}

/** [rows, cols] for a 2-D shape or a 1×1 convolution kernel [rows, cols, 1, 1]. */
function matrixShape(shape: readonly number[]): [number, number] | undefined {
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  if (shape.length === 4 && shape[2] === 1 && shape[3] === 1) return [shape[0]!, shape[1]!];
  return undefined;
}
