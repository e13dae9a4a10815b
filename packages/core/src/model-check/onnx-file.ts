/**
 * One ONNX file of a checked folder, looked at without loading its weights: present, readable as ONNX,
 * its external data files present and long enough for every tensor in them, its IO as a contract says. Every problem goes to the report.
 */
import { dirname, join, posix } from 'node:path';
import { checkContract, formatMismatch } from '../onnx/check-contract.js';
import type { ModelIoContract } from '../onnx/contract.js';
import { firstLine } from '../onnx/errors.js';
import { readModelSignature, type ModelSignature } from '../onnx/signature.js';
import type { ModelIo } from '../onnx/tensor.js';
import { checkExternalTensors } from './external-data.js';
import { isFile } from './folder-files.js';
import type { CheckReportBuilder } from './report-builder.js';

/**
 * The file's signature, or undefined (with the reason reported) when it is missing or not ONNX.
 * `file` is relative to `root`, with forward slashes; `model` names it in messages ("SDXL unet").
 */
export async function readOnnxFile(
  root: string,
  file: string,
  model: string,
  report: CheckReportBuilder,
): Promise<ModelSignature | undefined> {
  const path = join(root, file);
  if (!(await isFile(path))) {
    report.problem(file, `missing (the ${model} model)`);
    return undefined;
  }
  let signature: ModelSignature;
  try {
    signature = await readModelSignature(path);
  } catch (error) {
    report.problem(file, withoutPathPrefix(firstLine(error), path));
    return undefined;
  }
  for (const location of signature.externalDataFiles) {
    if (!(await isFile(join(dirname(path), location)))) {
      report.problem(posix.join(posix.dirname(file), location), `missing: ${file} keeps its weights in this external data file`);
    }
  }
  await checkExternalTensors(root, file, signature, report);
  return signature;
}

/** Reports every way `io` differs from `contract` (expected vs found); true when it matches. */
export function reportContract(file: string, contract: ModelIoContract, io: ModelIo, report: CheckReportBuilder): boolean {
  const mismatches = checkContract(contract, io);
  mismatches.forEach((mismatch, i) => {
    // The hint says how to get a right file; once per file is enough.
    const hint = i === 0 && contract.hint ? ` (${contract.model}: ${contract.hint})` : '';
    report.problem(file, `${formatMismatch(mismatch)}${hint}`);
  });
  return mismatches.length === 0;
}

/** Core's file errors start with the absolute path; the report already names the file, relative. */
function withoutPathPrefix(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}
