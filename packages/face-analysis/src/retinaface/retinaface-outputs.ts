/**
 * RetinaFace (biubug6 export) returns loc, softmax(conf) and landms in that order; only loc is named
 * ("output0"), the other two carry names the exporter generated, so they are found by position.
 * Priors: for steps 8, 16, 32, a ceil(H/step) x ceil(W/step) grid with two sizes per cell.
 */
import { formatTensorInfo, type ModelSignature, type TensorInfo } from '@geneava/core/onnx';
import { fixedDim } from '../common/dims.js';
import type { FileFindings } from '../common/file-findings.js';

export const RETINAFACE_STEPS = [8, 16, 32] as const;
export const RETINAFACE_SIZES_PER_CELL = 2;

/** Number of priors (anchors) for an input of height x width: 16800 at 640 x 640. */
export function retinafacePriorCount(height: number, width: number): number {
  return RETINAFACE_STEPS.reduce(
    (total, step) => total + Math.ceil(height / step) * Math.ceil(width / step) * RETINAFACE_SIZES_PER_CELL,
    0,
  );
}

const OUTPUTS = [
  { role: 'loc (boxes)', width: 4 },
  { role: 'conf (background/face scores)', width: 2 },
  { role: 'landms (5 landmarks)', width: 10 },
] as const;

export function inspectRetinafaceOutputs(signature: ModelSignature, findings: FileFindings): void {
  const outputs = signature.outputs;
  if (outputs.length !== OUTPUTS.length) {
    findings.problem(
      `has ${outputs.length} output${outputs.length === 1 ? '' : 's'} (${outputs.map((o) => `'${o.name}'`).join(', ')}); ` +
        'the export has 3: loc [1, priors, 4], conf [1, priors, 2], landms [1, priors, 10]',
    );
    return;
  }
  const priorCounts: number[] = [];
  outputs.forEach((info, i) => {
    const expected = OUTPUTS[i]!;
    const subject = `output ${i + 1} '${info.name}' (${expected.role})`;
    if (!shapeFits(info, expected.width) || info.dtype !== 'float32') {
      findings.problem(`${subject}: expected float32 [1, priors, ${expected.width}], found ${formatTensorInfo(info)}`);
      return;
    }
    const priors = fixedDim(info, 1);
    if (priors !== undefined) priorCounts.push(priors);
  });
  findings.fact('conf output', outputs[1]!.name);
  findings.fact('landmark output', outputs[2]!.name);

  if (new Set(priorCounts).size > 1) {
    findings.problem(`outputs disagree on the prior count: ${outputs.map((o) => `'${o.name}' ${fixedDim(o, 1) ?? '?'}`).join(', ')}`);
    return;
  }
  const input = signature.inputs.find((candidate) => candidate.name === 'input0');
  const height = fixedDim(input, 2);
  const width = fixedDim(input, 3);
  findings.fact('input size', height !== undefined && width !== undefined ? `${width}x${height}` : 'dynamic');
  const priors = priorCounts[0];
  if (priors !== undefined) findings.fact('priors', String(priors));
  if (priors !== undefined && height !== undefined && width !== undefined) {
    const expected = retinafacePriorCount(height, width);
    if (priors !== expected) {
      findings.problem(`outputs have ${priors} priors; a ${width}x${height} input gives ${expected} (steps 8/16/32, 2 sizes per cell)`);
    }
  }
}

/** Rank 3, batch 1 (or symbolic), last dimension `width` (or symbolic). */
function shapeFits(info: TensorInfo, width: number): boolean {
  if (info.dims === undefined) return true;
  if (info.dims.length !== 3) return false;
  const batch = fixedDim(info, 0);
  const last = fixedDim(info, 2);
  return (batch === undefined || batch === 1) && (last === undefined || last === width);
}
