/**
 * SCRFD's outputs cannot be named in a contract (exporters number them, e.g. 448, 471, ...), but their
 * count and order are fixed by the architecture (insightface scrfd.py): scores for each stride, then
 * boxes for each stride, then keypoints for each stride when present.
 */
import { formatTensorInfo, type ModelSignature, type TensorInfo } from '@geneava/core/onnx';
import { fixedDim } from '../common/dims.js';
import type { FileFindings } from '../common/file-findings.js';

export interface ScrfdLayout {
  readonly outputs: number;
  readonly strides: readonly number[];
  readonly anchorsPerLocation: number;
  readonly keypoints: boolean;
}

export const SCRFD_LAYOUTS: readonly ScrfdLayout[] = [
  { outputs: 6, strides: [8, 16, 32], anchorsPerLocation: 2, keypoints: false },
  { outputs: 9, strides: [8, 16, 32], anchorsPerLocation: 2, keypoints: true },
  { outputs: 10, strides: [8, 16, 32, 64, 128], anchorsPerLocation: 1, keypoints: false },
  { outputs: 15, strides: [8, 16, 32, 64, 128], anchorsPerLocation: 1, keypoints: true },
];

const GROUPS = [
  { name: 'scores', width: 1 },
  { name: 'boxes', width: 4 },
  { name: 'keypoints', width: 10 },
] as const;

export function inspectScrfdOutputs(signature: ModelSignature, findings: FileFindings): void {
  const outputs = signature.outputs;
  const layout = SCRFD_LAYOUTS.find((candidate) => candidate.outputs === outputs.length);
  if (!layout) {
    findings.problem(
      `has ${outputs.length} output${outputs.length === 1 ? '' : 's'}; SCRFD exports have 6 (3 strides), 9 (3 strides with keypoints), ` +
        '10 (5 strides) or 15 (5 strides with keypoints)',
    );
    return;
  }
  const strideCount = layout.strides.length;
  findings.fact(
    'layout',
    `${layout.outputs} outputs: strides ${layout.strides.join('/')}, ${layout.anchorsPerLocation} anchor${layout.anchorsPerLocation === 1 ? '' : 's'} ` +
      `per location, ${layout.keypoints ? 'with' : 'without'} keypoints`,
  );

  const rank = checkRanks(outputs, findings);
  outputs.forEach((info, i) => {
    const group = GROUPS[Math.floor(i / strideCount)]!;
    const stride = layout.strides[i % strideCount]!;
    const role = `output ${i + 1} '${info.name}' (stride ${stride} ${group.name})`;
    if (info.dtype !== 'float32') findings.problem(`${role}: expected float32, found ${formatTensorInfo(info)}`);
    const width = fixedDim(info, -1);
    if (width !== undefined && width !== group.width) {
      findings.problem(`${role}: expected last dimension ${group.width}, found ${formatTensorInfo(info)}`);
    }
  });
  if (rank === undefined) return;

  const height = fixedDim(signature.inputs.find((input) => input.name === 'input.1'), 2);
  const width = fixedDim(signature.inputs.find((input) => input.name === 'input.1'), 3);
  const rowsAxis = rank - 2;
  const rowsPerStride: string[] = [];
  layout.strides.forEach((stride, s) => {
    const members = GROUPS.slice(0, layout.keypoints ? 3 : 2).map((_, g) => outputs[g * strideCount + s]!);
    const rows = members.map((info) => fixedDim(info, rowsAxis));
    const known = rows.filter((count): count is number => count !== undefined);
    if (new Set(known).size > 1) {
      findings.problem(`stride ${stride} outputs disagree on the anchor count: ${members.map((m, k) => `'${m.name}' ${rows[k] ?? '?'}`).join(', ')}`);
    }
    rowsPerStride.push(known.length > 0 ? String(known[0]) : '?');
    if (height !== undefined && width !== undefined && known.length > 0) {
      const expected = Math.floor(height / stride) * Math.floor(width / stride) * layout.anchorsPerLocation;
      if (known[0] !== expected) {
        findings.problem(
          `stride ${stride} outputs have ${known[0]} anchors; a ${width}x${height} input gives ` +
            `${Math.floor(width / stride)} x ${Math.floor(height / stride)} x ${layout.anchorsPerLocation} = ${expected}`,
        );
      }
    }
  });
  findings.fact('anchors per stride', rowsPerStride.join('/'));
}

/** The common rank of the outputs: 2 ([anchors, k]) or 3 (a batched export, [1, anchors, k]). */
function checkRanks(outputs: readonly TensorInfo[], findings: FileFindings): 2 | 3 | undefined {
  const ranks = new Set<number>();
  for (const info of outputs) {
    if (info.dims === undefined) continue;
    if (info.dims.length !== 2 && info.dims.length !== 3) {
      findings.problem(`output '${info.name}': expected rank 2 ([anchors, k]) or 3 ([1, anchors, k]), found ${formatTensorInfo(info)}`);
      return undefined;
    }
    ranks.add(info.dims.length);
  }
  if (ranks.size > 1) {
    findings.problem('outputs mix rank 2 and rank 3 shapes; an SCRFD export is either unbatched or batched throughout');
    return undefined;
  }
  const [rank] = [...ranks];
  if (rank === undefined) return undefined;
  findings.fact('batched outputs', rank === 3 ? 'yes' : 'no');
  return rank as 2 | 3;
}
