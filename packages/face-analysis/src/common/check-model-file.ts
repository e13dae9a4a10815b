/**
 * Checks one user-supplied ONNX file without loading its weights: readable as ONNX, IO as its contract
 * says, the layout its architecture fixes, every external data file present. Every problem is reported.
 */
import { basename, dirname } from 'node:path';
import { CheckReportBuilder, readOnnxFile, reportContract } from '@geneava/core/model-check';
import { formatTensorInfo, type ModelIoContract, type ModelSignature } from '@geneava/core/onnx';
import type { ModelCheckReport } from '@geneava/core/plugins';
import type { FileFindings } from './file-findings.js';

export interface SingleFileModelSpec {
  readonly kind: string;
  readonly contract: ModelIoContract;
  /** Checks the contract cannot express; runs even when the contract fails, so all problems show at once. */
  readonly inspect?: (signature: ModelSignature, findings: FileFindings) => void;
}

export async function checkModelFile(path: string, spec: SingleFileModelSpec): Promise<ModelCheckReport> {
  const report = new CheckReportBuilder(spec.kind, path);
  const file = basename(path);
  const findings: FileFindings = {
    problem: (message) => report.problem(file, message),
    fact: (key, value) => report.fact(key, value),
  };
  // Readable as ONNX, external data present: the same checks every model folder gets.
  const signature = await readOnnxFile(dirname(path), file, spec.contract.model, report);
  if (!signature) return report.build();

  findings.fact('inputs', signature.inputs.map((input) => `${input.name} ${formatTensorInfo(input)}`).join('; '));
  findings.fact('outputs', String(signature.outputs.length));
  if (signature.opset !== undefined) findings.fact('opset', String(signature.opset));
  if (signature.producer) findings.fact('producer', signature.producer);

  reportContract(file, spec.contract, signature, report);
  spec.inspect?.(signature, findings);
  return report.build();
}
