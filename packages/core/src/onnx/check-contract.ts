/**
 * Compares a model's inputs/outputs (from its file or a live session) with an IO contract and reports
 * every mismatch at once, so a user fixes a wrong export in one go instead of one error per run.
 */
import { GeneavaError } from '../util/errors.js';
import type { DimSpec, ModelIoContract, TensorForm, TensorSpec } from './contract.js';
import type { ModelIo, TensorInfo } from './tensor.js';

export type MismatchKind = 'missing' | 'unexpected' | 'dtype' | 'rank' | 'dims';

export interface ContractMismatch {
  readonly kind: MismatchKind;
  readonly io: 'input' | 'output';
  readonly name: string;
  /** The contract's acceptable forms, formatted (absent for unexpected tensors). */
  readonly expected?: string;
  /** What the model declares, formatted (absent for missing tensors). */
  readonly found?: string;
}

/** Every way `io` differs from `contract`; empty when it matches. */
export function checkContract(contract: ModelIoContract, io: ModelIo): ContractMismatch[] {
  return [
    ...checkSide('input', contract.inputs, io.inputs, contract.allowExtraInputs === true),
    ...checkSide('output', contract.outputs, io.outputs, contract.allowExtraOutputs !== false),
  ];
}

function checkSide(
  side: 'input' | 'output',
  specs: readonly TensorSpec[],
  actual: readonly TensorInfo[],
  allowExtra: boolean,
): ContractMismatch[] {
  const byName = new Map(actual.map((info) => [info.name, info]));
  const mismatches: ContractMismatch[] = [];
  for (const spec of specs) {
    const info = byName.get(spec.name);
    const expected = formatForms(spec.forms);
    if (!info) {
      if (!spec.optional) mismatches.push({ kind: 'missing', io: side, name: spec.name, expected });
      continue;
    }
    const kind = mismatchOf(spec.forms, info);
    if (kind) mismatches.push({ kind, io: side, name: spec.name, expected, found: formatTensorInfo(info) });
  }
  if (!allowExtra) {
    const known = new Set(specs.map((spec) => spec.name));
    for (const info of actual) {
      if (!known.has(info.name)) mismatches.push({ kind: 'unexpected', io: side, name: info.name, found: formatTensorInfo(info) });
    }
  }
  return mismatches;
}

/** undefined when some form accepts the tensor; otherwise the closest way it fails. */
function mismatchOf(forms: readonly TensorForm[], info: TensorInfo): MismatchKind | undefined {
  const sameType = forms.filter((form) => info.dtype !== 'unknown' && form.dtypes.includes(info.dtype));
  if (sameType.length === 0) return 'dtype';
  const sameRank = sameType.filter((form) => rankMatches(form.dims, info.dims));
  if (sameRank.length === 0) return 'rank';
  return sameRank.some((form) => dimsMatch(form.dims, info.dims)) ? undefined : 'dims';
}

function rankMatches(expected: readonly DimSpec[] | undefined, found: readonly (number | string)[] | undefined): boolean {
  // An unspecified rank on either side cannot be shown to differ.
  return expected === undefined || found === undefined || expected.length === found.length;
}

function dimsMatch(expected: readonly DimSpec[] | undefined, found: readonly (number | string)[] | undefined): boolean {
  if (expected === undefined || found === undefined) return true;
  // A fixed size in the contract accepts a symbolic dim in the model: the model takes any size there.
  return expected.every((dim, i) => typeof dim === 'string' || typeof found[i] === 'string' || dim === found[i]);
}

/** "int32|int64 [batch_size, sequence_length]"; "(any shape)" when the form leaves the rank open. */
export function formatTensorForm(form: TensorForm): string {
  return `${form.dtypes.join('|')} ${form.dims === undefined ? '(any shape)' : formatDims(form.dims)}`;
}

export function formatForms(forms: readonly TensorForm[]): string {
  return forms.map(formatTensorForm).join(' or ');
}

/** "float32 [1, 77]"; "(shape unknown)" when the model declares no shape. */
export function formatTensorInfo(info: TensorInfo): string {
  const dtype = info.dtype === 'unknown' ? (info.declaredType ?? 'unknown') : info.dtype;
  return `${dtype} ${info.dims === undefined ? '(shape unknown)' : formatDims(info.dims)}`;
}

export function formatDims(dims: readonly (number | string)[]): string {
  return `[${dims.join(', ')}]`;
}

/** One line: "input 'input_ids': expected int32|int64 [batch_size, sequence_length], found float32 [1, 77]". */
export function formatMismatch(mismatch: ContractMismatch): string {
  const subject = `${mismatch.io} '${mismatch.name}'`;
  switch (mismatch.kind) {
    case 'missing':
      return `${subject}: missing (expected ${mismatch.expected})`;
    case 'unexpected':
      return `${subject}: not in the contract (found ${mismatch.found})`;
    default:
      return `${subject}: expected ${mismatch.expected}, found ${mismatch.found}`;
  }
}

/** A model that does not match its contract; the message lists every problem, then the contract's hint. */
export class ModelContractError extends GeneavaError {
  constructor(
    readonly file: string,
    readonly model: string,
    readonly mismatches: readonly ContractMismatch[],
    hint?: string,
  ) {
    const count = `${mismatches.length} problem${mismatches.length === 1 ? '' : 's'}`;
    const lines = [`${file}: does not match the ${model} contract (${count})`, ...mismatches.map((m) => `  ${formatMismatch(m)}`)];
    if (hint) lines.push(hint);
    super(lines.join('\n'), 'model-contract');
  }
}

/** Throws ModelContractError listing every mismatch; returns quietly when `io` matches. */
export function assertContract(contract: ModelIoContract, io: ModelIo, file: string): void {
  const mismatches = checkContract(contract, io);
  if (mismatches.length > 0) throw new ModelContractError(file, contract.model, mismatches, contract.hint);
}
