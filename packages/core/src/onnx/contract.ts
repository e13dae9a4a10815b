/**
 * IO contracts: what a model file must look like before any heavy work runs on it. The adapter
 * compares a contract with the session's inputMetadata/outputMetadata and reports every mismatch at
 * once (see onnx/check-contract.ts).
 */

/** Element types as onnxruntime-node names them in session metadata. */
export type OnnxDType =
  | 'float32'
  | 'float16'
  | 'float64'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64'
  | 'bool'
  | 'string';

/**
 * One dimension: a number must match exactly; '?' matches anything (a number or a symbolic name).
 * A symbolic name in a contract (e.g. "batch_size") is documentation: it matches anything too.
 */
export type DimSpec = number | string;

/** One acceptable form of a tensor. `dims` fixes the rank; leave it out to accept any rank. */
export interface TensorForm {
  readonly dtypes: readonly OnnxDType[];
  readonly dims?: readonly DimSpec[];
}

export interface TensorSpec {
  readonly name: string;
  /** Acceptable forms (e.g. SDXL's timestep: int64 [1] in older exports, float scalar in newer ones). */
  readonly forms: readonly TensorForm[];
  /** An optional tensor may be absent; when present it must match. */
  readonly optional?: boolean;
}

export interface ModelIoContract {
  /** Human name used in errors, e.g. "SDXL unet". */
  readonly model: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Inputs the model has beyond the contract are a mismatch unless allowed (an unfed input fails at run time). */
  readonly allowExtraInputs?: boolean;
  /** Extra outputs are harmless by default. */
  readonly allowExtraOutputs?: boolean;
  /** What the user should do when the file does not match, e.g. which exporter produces it. */
  readonly hint?: string;
}

/** Shorthand for a tensor with a single form. */
export function tensor(name: string, dtypes: OnnxDType | readonly OnnxDType[], dims?: readonly DimSpec[]): TensorSpec {
  return { name, forms: [{ dtypes: typeof dtypes === 'string' ? [dtypes] : dtypes, dims }] };
}
