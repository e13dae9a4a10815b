/**
 * From model files and LoRA files to the bytes of the patched graphs. Only the graph files (a few
 * megabytes: Optimum keeps every weight over 100 bytes in model.onnx_data) are read and rewritten;
 * the caller loads the bytes with the model's folder as the external data folder. Several LoRAs, each
 * with its own scale, are applied to the same graph one after the other; each may adapt the UNet and
 * the text encoders (kohya lora_te1_ / lora_te2_, diffusers text_encoder. / text_encoder_2.).
 */
import { readFile } from 'node:fs/promises';
import { decodeModel, encodeModel, messageOf, UnknownOnnxFieldsError, type ModelProto } from '@geneava/core/onnx';
import { groupIgnoredKeys, loadLoraAdapter, type IgnoredLoraGroup, type LoadLoraOptions, type LoraAdapter } from './lora-adapter.js';
import { LoraPatchError } from './lora-errors.js';
import type { LoraFormat, LoraTarget } from './lora-keys.js';
import { patchUnetWithLora, type UnmatchedLoraModule } from './patch-unet.js';

export interface LoraReport {
  readonly file: string;
  readonly format: LoraFormat;
  readonly scale: number;
  readonly alphaSource: string;
  /** Modules that got a branch: UNet module paths, text-encoder ones as "text_encoder:<path>". */
  readonly applied: readonly string[];
  /** Modules with no usable layer in their model, each with why (text-encoder ones prefixed likewise). */
  readonly unmatched: readonly UnmatchedLoraModule[];
  /** Keys left out on purpose (unknown keys, factors of no known shape). */
  readonly ignored: readonly { readonly key: string; readonly reason: string }[];
  /** `ignored` grouped by reason. */
  readonly ignoredGroups: readonly IgnoredLoraGroup[];
}

export interface PatchedUnet {
  readonly bytes: Uint8Array;
  readonly report: LoraReport;
}

export interface ApplyLoraOptions extends LoadLoraOptions {
  readonly scale?: number;
}

/** One LoRA and its strength. */
export interface ScaledLora {
  readonly adapter: LoraAdapter;
  readonly scale: number;
}

/** What applying several LoRAs to one graph did, per LoRA (in the order given). */
export interface GraphPatch {
  readonly bytes: Uint8Array;
  readonly applied: readonly (readonly string[])[];
  readonly unmatched: readonly (readonly UnmatchedLoraModule[])[];
}

const EXAMPLE_NODE: Readonly<Record<LoraTarget, string>> = {
  unet: '/down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul',
  text_encoder: '/text_model/encoder/layers.0/self_attn/q_proj/MatMul',
  text_encoder_2: '/text_model/encoder/layers.0/self_attn/q_proj/MatMul',
};

function decodeGraph(bytes: Uint8Array, file: string): ModelProto {
  try {
    return decodeModel(bytes);
  } catch (error) {
    throw new LoraPatchError(file, `is not a valid ONNX model (${messageOf(error)})`);
  }
}

function encodeGraph(model: ModelProto, file: string): Uint8Array {
  try {
    return encodeModel(model);
  } catch (error) {
    // A model from a newer ONNX version: patching it would drop what this program cannot read.
    if (error instanceof UnknownOnnxFieldsError) throw new LoraPatchError(file, `cannot take a LoRA: ${error.message}`);
    throw error;
  }
}

/** Applies each LoRA's modules for `target` to the graph in `graphBytes`, one after the other. */
export function applyLorasToGraph(graphBytes: Uint8Array, loras: readonly ScaledLora[], target: LoraTarget, file: string): GraphPatch {
  let model = decodeGraph(graphBytes, file);
  const applied: string[][] = [];
  const unmatched: UnmatchedLoraModule[][] = [];
  loras.forEach(({ adapter, scale }, i) => {
    if (!adapter.modules.some((m) => m.target === target)) {
      applied.push([]);
      unmatched.push([]);
      return;
    }
    const result = patchUnetWithLora(model, adapter, scale, file, { target, tag: i === 0 ? 'lora' : `lora${i + 1}`, exampleNode: EXAMPLE_NODE[target] });
    model = result.model;
    applied.push([...result.applied]);
    unmatched.push([...result.unmatched]);
  });
  return { bytes: encodeGraph(model, file), applied, unmatched };
}

/** The report of one LoRA from its patches of the UNet and the text encoders. */
export function loraReport(lora: ScaledLora, patches: ReadonlyArray<readonly [LoraTarget, readonly string[], readonly UnmatchedLoraModule[]]>): LoraReport {
  const name = (target: LoraTarget, module: string) => (target === 'unet' ? module : `${target}:${module}`);
  return {
    file: lora.adapter.file,
    format: lora.adapter.format,
    scale: lora.scale,
    alphaSource: lora.adapter.alphaSource,
    applied: patches.flatMap(([target, applied]) => applied.map((module) => name(target, module))),
    unmatched: patches.flatMap(([target, , unmatched]) => unmatched.map((u) => ({ ...u, module: name(target, u.module) }))),
    ignored: lora.adapter.ignored,
    ignoredGroups: groupIgnoredKeys(lora.adapter.ignored),
  };
}

/** Patches an already-loaded adapter's UNet modules into the graph held in `graphBytes`. */
export function applyLoraToGraph(graphBytes: Uint8Array, adapter: LoraAdapter, scale: number, file: string): PatchedUnet {
  const lora = { adapter, scale };
  const patch = applyLorasToGraph(graphBytes, [lora], 'unet', file);
  if (!adapter.modules.some((m) => m.target === 'unet')) throw new LoraPatchError(file, `${adapter.file} holds no UNet LoRA weights`);
  return { bytes: patch.bytes, report: loraReport(lora, [['unet', patch.applied[0]!, patch.unmatched[0]!]]) };
}

/** Reads `unetModelPath` and `loraPath` and returns the patched graph's bytes with a report. */
export async function applyLoraToUnetFile(unetModelPath: string, loraPath: string, options: ApplyLoraOptions = {}): Promise<PatchedUnet> {
  const adapter = await loadLoraAdapter(loraPath, options);
  return applyLoraToGraph(await readGraph(unetModelPath), adapter, options.scale ?? 1, unetModelPath);
}

export async function readGraph(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new LoraPatchError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
  }
}
