import { readModelSignature, type DevicePreference, type OnnxRuntime } from '@geneava/core/onnx';
import { reasonOf } from '@geneava/core/util';
import { checkDescriptorSignature } from './descriptor/check-signature.js';
import { DescriptorError, loadDescriptor, type LoadedDescriptor } from './descriptor/load-descriptor.js';
import { OnnxStylizer } from './onnx-stylizer.js';

export interface CreateOnnxStylizerOptions {
  /** A descriptor file, or one already loaded. */
  readonly descriptor: string | LoadedDescriptor;
  /** Folder holding the model file the descriptor names (default: the descriptor's folder). */
  readonly modelsDir?: string;
  /** The runtime that owns the session; disposing the stylizer (or the runtime) releases it. */
  readonly onnx: Pick<OnnxRuntime, 'createSession'>;
  readonly device?: DevicePreference;
}

/**
 * Loads and validates the descriptor, checks it against the model file's signature (read without loading
 * weights), and only then opens the session. Every mismatch is reported at once, naming the descriptor.
 */
export async function createOnnxStylizer(options: CreateOnnxStylizerOptions): Promise<OnnxStylizer> {
  const loaded = typeof options.descriptor === 'string'
      ? await loadDescriptor(options.descriptor, options.modelsDir !== undefined ? { modelsDir: options.modelsDir } : {})
      : options.descriptor;
  const model = loaded.descriptor.model;
  const signature = await readModelSignature(loaded.modelPath).catch((error: unknown) => {
    throw new DescriptorError(loaded.file, [`model ${model}: ${reasonOf(error).replace(`${loaded.modelPath}: `, '')}`]);
  });
  const check = checkDescriptorSignature(loaded.descriptor, signature);
  if (!check.ok) throw new DescriptorError(loaded.file, check.problems.map((problem) => `model ${model}: ${problem}`));
  const session = await options.onnx.createSession(loaded.modelPath, { device: options.device ?? 'auto', label: loaded.modelPath });
  return new OnnxStylizer(loaded, session, check.tensors);
}
