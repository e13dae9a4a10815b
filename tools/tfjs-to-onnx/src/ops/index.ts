import type { OpConverter } from '../op-context.js';
import { convConverters } from './conv.js';
import { elementwiseConverters } from './elementwise.js';
import { matMulConverters } from './matmul.js';
import { poolConverters } from './pool.js';
import { reduceConverters } from './reduce.js';
import { shapeConverters } from './shape.js';

/** Every TF op the converter translates, by op name (Const and Placeholder are handled by the converter itself). */
export const OP_CONVERTERS: ReadonlyMap<string, OpConverter> = new Map(
  Object.entries({ ...convConverters, ...poolConverters, ...elementwiseConverters, ...reduceConverters, ...shapeConverters, ...matMulConverters }),
);
