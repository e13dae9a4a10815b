/**
 * Sessions whose tensors are read by position (the public ReStyle files' outputs and face pool carry
 * anonymous names): the session's own names bound to the contract's, checked against the contract.
 */
import { checkContract, ModelContractError, type ModelIoContract, type OnnxSession } from '@geneava/core/onnx';
import { bindByPosition } from './models/bind-by-position.js';

export interface BoundNames {
  /** The session's input names, in the contract's order. */
  readonly inputs: readonly string[];
  /** The session's output names, in the contract's order. */
  readonly outputs: readonly string[];
}

/**
 * Binds outputs (and inputs, when `bindInputs`) by position unless the session already uses the contract's
 * names, then checks the contract; throws ModelContractError naming the session on any mismatch.
 */
export function bindSession(session: Pick<OnnxSession, 'label' | 'inputs' | 'outputs'>, contract: ModelIoContract, bindInputs: boolean): BoundNames {
  const inputs = bindInputs ? bindByPosition(session.inputs, contract.inputs).tensors : session.inputs;
  const outputs = bindByPosition(session.outputs, contract.outputs).tensors;
  const mismatches = checkContract(contract, { inputs, outputs });
  if (mismatches.length > 0) throw new ModelContractError(session.label, contract.model, mismatches, contract.hint);
  // Bound tensors keep their positions, so position i of the bound list is position i of the session's.
  const actual = (bound: readonly { name: string }[], real: readonly { name: string }[], name: string) => real[bound.findIndex((info) => info.name === name)]!.name;
  return {
    inputs: contract.inputs.map((spec) => actual(inputs, session.inputs, spec.name)),
    outputs: contract.outputs.map((spec) => actual(outputs, session.outputs, spec.name)),
  };
}
