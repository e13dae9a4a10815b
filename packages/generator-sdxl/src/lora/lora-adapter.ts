/**
 * A LoRA file read into per-module low-rank factors. For each adapted Linear with PyTorch weight
 * W [out, in], the update is W' = W + s · (alpha / rank) · up @ down, with down [rank, in] (lora_A /
 * lora_down) and up [out, rank] (lora_B / lora_up); s is the user's scale, applied later. A
 * convolution (LoCon) has down [rank, in, kh, kw] and up [out, rank, 1, 1]: the update is the kh×kw
 * convolution `down` followed by the 1×1 convolution `up`.
 * DoRA files (a dora_scale / lora_magnitude_vector per module) are refused: DoRA renormalises each
 * column of W' by a learned magnitude, so applying only the low-rank factors would be silently wrong.
 */
import { LoraFileError } from './lora-errors.js';
import { parseLoraKey, type LoraFormat, type LoraTarget } from './lora-keys.js';
import { alphaForModule, readPeftAlphaConfig, type PeftAlphaConfig } from './peft-config.js';
import { readSafetensors, type SafetensorsFile } from './safetensors.js';

export interface LoraModuleWeights {
  /** The model the module belongs to. */
  readonly target: LoraTarget;
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
  /** The down factor's kernel: [1, 1] for a Linear (or 1×1 convolution), [3, 3] for a LoCon 3×3 convolution. */
  readonly kernel: readonly [number, number];
  /** [rank, in, kh, kw] row-major ([rank, in] for a Linear). */
  readonly down: Float32Array;
  /** [out, rank] row-major. */
  readonly up: Float32Array;
}

export interface IgnoredLoraKey {
  readonly key: string;
  readonly reason: string;
}

/** Ignored keys grouped by reason, for reports: how many, and a few examples. */
export interface IgnoredLoraGroup {
  readonly reason: string;
  readonly count: number;
  readonly examples: readonly string[];
}

export function groupIgnoredKeys(ignored: readonly IgnoredLoraKey[], examples = 3): IgnoredLoraGroup[] {
  const groups = new Map<string, string[]>();
  for (const entry of ignored) groups.set(entry.reason, [...(groups.get(entry.reason) ?? []), entry.key]);
  return [...groups].map(([reason, keys]) => ({ reason, count: keys.length, examples: keys.slice(0, examples) }));
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
  const byModule = new Map<string, ModuleKeys & { target: LoraTarget; module: string }>();
  const ignored: IgnoredLoraKey[] = [];
  const dora: string[] = [];
  for (const key of file.entries.keys()) {
    const parsed = parseLoraKey(key);
    if (parsed.kind === 'ignored') {
      ignored.push({ key, reason: parsed.reason });
      continue;
    }
    if (parsed.kind === 'dora') {
      dora.push(key);
      continue;
    }
    // Alpha keys say nothing of the format: converted files carry them beside any pair naming.
    if (parsed.role !== 'alpha') formats.add(parsed.format);
    const id = `${parsed.target}:${parsed.module}`;
    const keys = byModule.get(id) ?? { target: parsed.target, module: parsed.module };
    if (keys[parsed.role] !== undefined) {
      throw new LoraFileError(path, `keys '${keys[parsed.role]}' and '${key}' both give the ${parsed.role} of module ${parsed.module}`);
    }
    keys[parsed.role] = key;
    byModule.set(id, keys);
  }
  if (dora.length > 0) {
    throw new LoraFileError(
      path,
      `is a DoRA (${dora.length} magnitude tensor(s), e.g. '${dora[0]}'), which is not supported: DoRA rescales every adapted weight by its ` +
        'magnitude vector, and applying only the low-rank factors would give wrong images; merge the DoRA into the model or use a plain LoRA',
    );
  }
  if (byModule.size === 0) {
    const sample = ignored.slice(0, 3).map((entry) => `'${entry.key}' (${entry.reason})`).join(', ');
    throw new LoraFileError(path, `holds no LoRA weights${sample ? `; e.g. ${sample}` : ''}`);
  }
  if (formats.size > 1) throw new LoraFileError(path, `mixes LoRA key formats (${[...formats].join(', ')}); one file should hold one format`);
  const format = [...formats][0] ?? 'diffusers';

  const peft = format === 'peft' || format === 'diffusers' ? await readPeftAlphaConfig(path, file.metadata, options.adapterConfig) : undefined;
  const modules: LoraModuleWeights[] = [];
  for (const keys of byModule.values()) {
    const weights = moduleWeights(file, keys.target, keys.module, keys, peft);
    if ('reason' in weights) {
      for (const key of [keys.down, keys.up, keys.alpha]) if (key) ignored.push({ key, reason: weights.reason });
    } else modules.push(weights);
  }
  if (modules.length === 0) throw new LoraFileError(path, `holds no usable LoRA weights (${ignored.at(-1)?.reason ?? 'none found'})`);
  const alphaSource = modules.some((m) => byModule.get(`${m.target}:${m.module}`)?.alpha !== undefined)
    ? 'alpha tensors'
    : peft?.loraAlpha !== undefined || Object.keys(peft?.alphaPattern ?? {}).length > 0
      ? peft!.source
      : 'rank (no alpha stored)';
  return { file: path, format, modules, ignored, alphaSource };
}

/** The module's factors, or why they cannot be applied here, for the report. */
function moduleWeights(file: SafetensorsFile, target: LoraTarget, module: string, keys: ModuleKeys, peft: PeftAlphaConfig | undefined): LoraModuleWeights | { readonly reason: string } {
  if (!keys.down || !keys.up) {
    const present = keys.down ?? keys.up ?? keys.alpha!;
    throw new LoraFileError(file.path, `module ${module} has '${present}' but no ${keys.down ? 'up' : 'down'} weight`);
  }
  const downEntry = file.entries.get(keys.down)!;
  const upEntry = file.entries.get(keys.up)!;
  const downShape = factorShape(downEntry.shape);
  const up2d = factorShape(upEntry.shape);
  if (!downShape || !up2d || up2d.kernel[0] !== 1 || up2d.kernel[1] !== 1) {
    return { reason: `factors of shape down [${downEntry.shape.join(', ')}], up [${upEntry.shape.join(', ')}] are neither Linear nor LoCon (up must be [out, rank] or [out, rank, 1, 1])` };
  }
  const { rows: rank, cols: inFeatures, kernel } = downShape;
  const { rows: outFeatures, cols: upRank } = up2d;
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
    target,
    module,
    kernel,
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

/** rows × cols (× kernel) of a 2-D factor or a convolution kernel [rows, cols, kh, kw]. */
function factorShape(shape: readonly number[]): { rows: number; cols: number; kernel: [number, number] } | undefined {
  if (shape.length === 2) return { rows: shape[0]!, cols: shape[1]!, kernel: [1, 1] };
  if (shape.length === 4) return { rows: shape[0]!, cols: shape[1]!, kernel: [shape[2]!, shape[3]!] };
  return undefined;
}
