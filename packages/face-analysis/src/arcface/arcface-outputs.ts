/** An ArcFace export has one [N, D] embedding output; its name is the exporter's (w600k_r50: "683"). */
import { formatTensorInfo, type ModelSignature } from '@geneava/core/onnx';
import { ARCFACE_EMBEDDING_SIZE } from './arcface-contract.js';
import { fixedDim } from '../common/dims.js';
import type { FileFindings } from '../common/file-findings.js';

export function inspectArcfaceOutputs(signature: ModelSignature, findings: FileFindings): void {
  const outputs = signature.outputs;
  if (outputs.length !== 1) {
    findings.problem(
      `has ${outputs.length} outputs (${outputs.map((o) => `'${o.name}'`).join(', ')}); an ArcFace export has one, the [N, D] embedding`,
    );
    return;
  }
  const embedding = outputs[0]!;
  findings.fact('embedding output', embedding.name);
  if (embedding.dtype !== 'float32' || (embedding.dims !== undefined && embedding.dims.length !== 2)) {
    findings.problem(`output '${embedding.name}': expected float32 [N, D], found ${formatTensorInfo(embedding)}`);
    return;
  }
  const size = fixedDim(embedding, 1);
  findings.fact(
    'embedding size',
    size === undefined
      ? 'not declared in the file (known at run time)'
      : `${size}${size === ARCFACE_EMBEDDING_SIZE ? '' : ` (w600k_r50 has ${ARCFACE_EMBEDDING_SIZE}; any size works for cosine similarity)`}`,
  );
}
