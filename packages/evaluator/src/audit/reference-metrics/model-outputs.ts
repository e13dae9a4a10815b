/** What the reference-metric model files say about themselves beyond their contracts. */
import type { ModelSignature, TensorInfo } from '@geneava/core/onnx';
import { fixedDim, type FileFindings } from '@geneava/face-analysis';

/** The fixed square input size of an image input, when the file declares one. */
export function fixedInputSize(input: TensorInfo | undefined): number | undefined {
  const height = fixedDim(input, 2);
  const width = fixedDim(input, 3);
  return height !== undefined && height === width ? height : undefined;
}

function reportInput(signature: ModelSignature, findings: FileFindings, name: string, defaultSize: number): void {
  const input = signature.inputs.find((i) => i.name === name);
  if (!input) return;
  const height = fixedDim(input, 2);
  const width = fixedDim(input, 3);
  if (height !== undefined && width !== undefined && height !== width) {
    findings.problem(`input '${name}' is ${height} x ${width}; the centre crop is square, so the input must be square`);
    return;
  }
  findings.fact('input size', height === undefined ? `free (images are cropped to ${defaultSize} x ${defaultSize})` : `${height} x ${height}`);
  const batch = fixedDim(input, 0);
  if (batch !== undefined) findings.fact('batch', batch === 1 ? 'fixed at 1 (one image per run, slower)' : `fixed at ${batch}`);
}

export function inspectClipOutputs(signature: ModelSignature, findings: FileFindings): void {
  reportInput(signature, findings, 'pixel_values', 224);
  const embeds = signature.outputs.find((o) => o.name === 'image_embeds');
  const size = fixedDim(embeds, 1);
  if (embeds) findings.fact('embedding size', size === undefined ? 'not declared in the file (known at run time)' : String(size));
}

export function inspectDinov2Outputs(signature: ModelSignature, findings: FileFindings): void {
  reportInput(signature, findings, 'pixel_values', 224);
  const pooled = signature.outputs.find((o) => o.name === 'pooler_output');
  const hidden = signature.outputs.find((o) => o.name === 'last_hidden_state');
  if (!pooled && !hidden) {
    findings.problem("has neither 'pooler_output' nor 'last_hidden_state'; the DINOv2 embedding is the CLS token of one of them");
    return;
  }
  const size = fixedDim(pooled ?? hidden, -1);
  findings.fact('embedding', `${pooled ? 'pooler_output' : 'last_hidden_state[:, 0] (CLS token)'}, ${size === undefined ? 'size known at run time' : `${size}-d`}`);
}

export function inspectLpipsOutputs(signature: ModelSignature, findings: FileFindings): void {
  reportInput(signature, findings, 'in0', 256);
  const a = signature.inputs.find((i) => i.name === 'in0');
  const b = signature.inputs.find((i) => i.name === 'in1');
  if (a && b && (fixedInputSize(a) ?? 0) !== (fixedInputSize(b) ?? 0)) findings.problem("inputs 'in0' and 'in1' declare different sizes");
}
