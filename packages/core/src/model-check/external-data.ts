/**
 * Checks that every external tensor of a model fits in its data file: a data file cut short (a copy
 * or download interrupted) otherwise passes a check and fails only when the model is loaded.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { ExternalTensorRef, ModelSignature } from '../onnx/signature.js';
import type { CheckReportBuilder } from './report-builder.js';

/** Ways one tensor's data does not fit its file; empty when it fits. */
function misfits(ref: ExternalTensorRef, fileSize: number): string[] {
  const problems: string[] = [];
  if (ref.length !== undefined && ref.byteLength !== undefined && ref.length !== ref.byteLength) {
    problems.push(`its length entry says ${ref.length} bytes, its shape and type need ${ref.byteLength}`);
  }
  const needed = ref.length ?? ref.byteLength;
  const end = ref.offset + (needed ?? 0);
  if (end > fileSize || ref.offset > fileSize) {
    const span = needed === undefined ? `offset ${ref.offset}` : `bytes ${ref.offset}..${end}`;
    problems.push(`needs ${span}, but the file has ${fileSize} bytes`);
  }
  return problems;
}

/**
 * Compares each external tensor's offset and length with the size of the file that holds it.
 * Reports per data file: the first tensor that does not fit (expected vs found) and how many do not.
 * Missing data files are reported by readOnnxFile; they are skipped here.
 */
export async function checkExternalTensors(root: string, file: string, signature: ModelSignature, report: CheckReportBuilder): Promise<void> {
  const byLocation = new Map<string, ExternalTensorRef[]>();
  for (const ref of signature.externalTensors) {
    const refs = byLocation.get(ref.location) ?? [];
    refs.push(ref);
    byLocation.set(ref.location, refs);
  }
  for (const [location, refs] of byLocation) {
    let size: number;
    try {
      const info = await stat(join(root, dirname(file), location));
      if (!info.isFile()) continue;
      size = info.size;
    } catch {
      continue;
    }
    const bad = refs.map((ref) => ({ ref, problems: misfits(ref, size) })).filter((r) => r.problems.length > 0);
    if (bad.length === 0) continue;
    const first = bad[0]!;
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more of its ${refs.length} tensors do not fit either)` : '';
    const truncated = first.problems.some((p) => p.startsWith('needs')) ? '; the data file is truncated or not the one this model was saved with' : '';
    report.problem(
      posix.join(posix.dirname(file), location),
      `tensor '${first.ref.name}' of ${file}: ${first.problems.join('; ')}${truncated}${more}`,
    );
  }
}
