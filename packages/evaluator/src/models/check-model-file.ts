/**
 * Checks one user-supplied ONNX file without loading its weights: readable as ONNX, IO as its contract
 * says, the layout its architecture fixes, every external data file present. Every problem is reported.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  checkContract,
  CheckReportBuilder,
  firstLine,
  formatMismatch,
  formatTensorInfo,
  type ModelCheckReport,
  type ModelIoContract,
  type ModelSignature,
  readModelSignature,
} from '@geneava/core';
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

  let signature: ModelSignature;
  try {
    signature = await readModelSignature(path);
  } catch (error) {
    findings.problem(withoutPathPrefix(firstLine(error), path));
    return report.build();
  }

  findings.fact('inputs', signature.inputs.map((input) => `${input.name} ${formatTensorInfo(input)}`).join('; '));
  findings.fact('outputs', String(signature.outputs.length));
  if (signature.opset !== undefined) findings.fact('opset', String(signature.opset));
  if (signature.producer) findings.fact('producer', signature.producer);

  checkContract(spec.contract, signature).forEach((mismatch, i) => {
    // The hint says how to get a right file; once is enough.
    const hint = i === 0 && spec.contract.hint ? ` (${spec.contract.hint})` : '';
    findings.problem(`${formatMismatch(mismatch)}${hint}`);
  });
  spec.inspect?.(signature, findings);

  for (const location of signature.externalDataFiles) {
    if (!(await isFile(join(dirname(path), location)))) {
      report.problem(location, `missing: ${file} keeps its weights in this external data file`);
    }
  }
  return report.build();
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Core's file errors start with the path; the report already names the file. */
function withoutPathPrefix(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
