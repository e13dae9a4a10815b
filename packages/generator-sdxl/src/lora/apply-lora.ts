/**
 * From a UNet model file and a LoRA file to the bytes of the patched graph. Only unet/model.onnx (the
 * graph, a few megabytes: Optimum keeps every weight over 100 bytes in model.onnx_data) is read and
 * rewritten; the caller loads the bytes with the UNet folder as the external data folder.
 */
import { readFile } from 'node:fs/promises';
import { decodeModel, encodeModel, messageOf, UnknownOnnxFieldsError } from '@geneava/core';
import { loadLoraAdapter, type LoadLoraOptions, type LoraAdapter } from './lora-adapter.js';
import { LoraPatchError } from './lora-errors.js';
import type { LoraFormat } from './lora-keys.js';
import { patchUnetWithLora, type UnmatchedLoraModule } from './patch-unet.js';

export interface LoraReport {
  readonly file: string;
  readonly format: LoraFormat;
  readonly scale: number;
  readonly alphaSource: string;
  readonly applied: readonly string[];
  readonly unmatched: readonly UnmatchedLoraModule[];
  /** Keys left out on purpose (text-encoder parts, unknown keys). */
  readonly ignored: readonly { readonly key: string; readonly reason: string }[];
}

export interface PatchedUnet {
  readonly bytes: Uint8Array;
  readonly report: LoraReport;
}

export interface ApplyLoraOptions extends LoadLoraOptions {
  readonly scale?: number;
}

/** Patches an already-loaded adapter into the graph held in `graphBytes`. */
export function applyLoraToGraph(graphBytes: Uint8Array, adapter: LoraAdapter, scale: number, file: string): PatchedUnet {
  let model;
  try {
    model = decodeModel(graphBytes);
  } catch (error) {
    throw new LoraPatchError(file, `is not a valid ONNX model (${messageOf(error)})`);
  }
  const result = patchUnetWithLora(model, adapter, scale, file);
  let bytes: Uint8Array;
  try {
    bytes = encodeModel(result.model);
  } catch (error) {
    // A UNet from a newer ONNX version: patching it would drop what this program cannot read.
    if (error instanceof UnknownOnnxFieldsError) throw new LoraPatchError(file, `cannot take a LoRA: ${error.message}`);
    throw error;
  }
  return {
    bytes,
    report: {
      file: adapter.file,
      format: adapter.format,
      scale,
      alphaSource: adapter.alphaSource,
      applied: result.applied,
      unmatched: result.unmatched,
      ignored: adapter.ignored,
    },
  };
}

/** Reads `unetModelPath` and `loraPath` and returns the patched graph's bytes with a report. */
export async function applyLoraToUnetFile(unetModelPath: string, loraPath: string, options: ApplyLoraOptions = {}): Promise<PatchedUnet> {
  const adapter = await loadLoraAdapter(loraPath, options);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(unetModelPath));
  } catch (error) {
    throw new LoraPatchError(unetModelPath, `cannot be read (${(error as NodeJS.ErrnoException).code ?? messageOf(error)})`);
  }
  return applyLoraToGraph(bytes, adapter, options.scale ?? 1, unetModelPath);
}
