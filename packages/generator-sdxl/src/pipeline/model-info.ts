import type { ModelIo } from '@geneava/core/onnx';
import { modelPrecision } from '../models/precision.js';

/** "fp32", "fp16", or "mixed (...)" for a model's float IO. */
export function modelPrecisionLabel(io: ModelIo): string {
  const precision = modelPrecision(io);
  if (precision.kind === 'single') return precision.precision;
  if (precision.kind === 'mixed') return `mixed (${precision.detail})`;
  return 'none';
}
