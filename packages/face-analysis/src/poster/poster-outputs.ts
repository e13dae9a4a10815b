/** What a POSTER file says about itself beyond its contract: class count and embedding size. */
import type { ModelSignature } from '@geneava/core/onnx';
import { POSTER_LABEL_ORDERS } from './poster-contract.js';
import { fixedDim } from '../common/dims.js';
import type { FileFindings } from '../common/file-findings.js';

export function inspectPosterOutputs(signature: ModelSignature, findings: FileFindings): void {
  const logits = signature.outputs.find((output) => output.name === 'logits');
  const feature = signature.outputs.find((output) => output.name === 'feature');
  const classes = fixedDim(logits, 1);
  if (classes !== undefined) {
    const orders = Object.entries(POSTER_LABEL_ORDERS)
      .filter(([, order]) => order.length === classes)
      .map(([dataset, order]) => `${dataset} ${order.join(' ')}`);
    findings.fact('classes', `${classes}${orders.length > 0 ? ` (label order depends on the training set: ${orders.join('; ')})` : ''}`);
  }
  const size = fixedDim(feature, 1);
  findings.fact(
    'expression feature',
    feature === undefined
      ? "absent: expression error needs the 'feature' output; only class probabilities can be compared"
      : `${size ?? '?'}-d${size === 512 ? ' (POSTER V1 y_feat)' : size === 768 ? ' (POSTER V2 pre-head token)' : ''}`,
  );
}
