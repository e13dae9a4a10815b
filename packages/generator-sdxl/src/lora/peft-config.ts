/**
 * Where a PEFT-style LoRA keeps its alpha: the `lora_adapter_metadata` JSON newer diffusers versions
 * put in the safetensors header (flat LoraConfig fields, or prefixed "unet." when saved by a pipeline),
 * or the adapter_config.json PEFT writes beside adapter_model.safetensors.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { LoraFileError } from './lora-errors.js';

export interface PeftAlphaConfig {
  /** Where the values came from, for provenance and errors. */
  readonly source: string;
  readonly loraAlpha?: number;
  /** Per-module alpha overrides, keyed by PEFT module-name patterns. */
  readonly alphaPattern: Readonly<Record<string, number>>;
  /** rsLoRA: scale by alpha / sqrt(rank) instead of alpha / rank. */
  readonly useRslora: boolean;
}

export const LORA_ADAPTER_METADATA_KEY = 'lora_adapter_metadata';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads LoraConfig fields, accepting diffusers' "unet."-prefixed keys. */
function fromConfigObject(config: Record<string, unknown>, source: string): PeftAlphaConfig {
  const field = (name: string): unknown => config[`unet.${name}`] ?? config[name];
  const alpha = field('lora_alpha');
  if (alpha !== undefined && (typeof alpha !== 'number' || !(alpha > 0))) {
    throw new LoraFileError(source, `lora_alpha must be a positive number, found ${JSON.stringify(alpha)}`);
  }
  const pattern = field('alpha_pattern');
  const alphaPattern: Record<string, number> = {};
  if (isRecord(pattern)) {
    for (const [key, value] of Object.entries(pattern)) {
      if (typeof value !== 'number' || !(value > 0)) throw new LoraFileError(source, `alpha_pattern['${key}'] must be a positive number`);
      alphaPattern[key] = value;
    }
  }
  return { source, ...(alpha === undefined ? {} : { loraAlpha: alpha as number }), alphaPattern, useRslora: field('use_rslora') === true };
}

/** The alpha settings for a PEFT-style file: header metadata first, then adapter_config.json beside it (or `adapterConfig`). */
export async function readPeftAlphaConfig(
  loraPath: string,
  metadata: Readonly<Record<string, string>>,
  adapterConfig?: string,
): Promise<PeftAlphaConfig | undefined> {
  const embedded = metadata[LORA_ADAPTER_METADATA_KEY];
  if (embedded !== undefined && adapterConfig === undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(embedded);
    } catch (error) {
      throw new LoraFileError(loraPath, `header metadata ${LORA_ADAPTER_METADATA_KEY} is not JSON (${(error as Error).message})`);
    }
    if (!isRecord(parsed)) throw new LoraFileError(loraPath, `header metadata ${LORA_ADAPTER_METADATA_KEY} is not a JSON object`);
    return fromConfigObject(parsed, `${loraPath} (${LORA_ADAPTER_METADATA_KEY})`);
  }
  const path = adapterConfig ?? join(dirname(loraPath), 'adapter_config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (adapterConfig !== undefined) throw new LoraFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new LoraFileError(path, `is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(parsed)) throw new LoraFileError(path, 'does not hold a JSON object');
  return fromConfigObject(parsed, path);
}

/** PEFT's rule: a pattern applies to a module whose name is the pattern or ends with "." + pattern. */
export function alphaForModule(config: PeftAlphaConfig, module: string): number | undefined {
  for (const [pattern, alpha] of Object.entries(config.alphaPattern)) {
    if (module === pattern || module.endsWith(`.${pattern}`)) return alpha;
    try {
      if (new RegExp(`^(.*\\.)?(${pattern})$`).test(module)) return alpha;
    } catch {
      // Not a regular expression: only the literal forms above apply.
    }
  }
  return config.loraAlpha;
}
