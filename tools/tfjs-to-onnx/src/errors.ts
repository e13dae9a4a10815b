import { GeneavaError } from '@geneava/core/util';

/** The model.json or its weight files are not a TF.js graph model this converter can read. */
export class TfjsModelError extends GeneavaError {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`${source}: ${detail}`, 'tfjs-model-invalid');
  }
}

/** One TF op (or op variant) the converter cannot translate, with how many nodes use it. */
export interface UnsupportedOp {
  /** The op name, with the unsupported variant in brackets, e.g. "MirrorPad[SYMMETRIC]". */
  readonly op: string;
  readonly count: number;
}

/** Every op the outputs need that has no ONNX mapping, listed in one error. */
export class UnsupportedOpsError extends GeneavaError {
  constructor(
    readonly source: string,
    readonly ops: readonly UnsupportedOp[],
  ) {
    const total = ops.reduce((sum, op) => sum + op.count, 0);
    const list = ops.map((op) => `${op.op} x${op.count}`).join(', ');
    super(`${source}: ${total} node${total === 1 ? '' : 's'} with unsupported TF ops: ${list}`, 'tfjs-unsupported-ops');
  }
}

/** A node the converter understands in general but cannot translate as written (e.g. a non-constant kernel). */
export class TfjsConversionError extends GeneavaError {
  constructor(
    readonly source: string,
    detail: string,
  ) {
    super(`${source}: ${detail}`, 'tfjs-conversion');
  }
}
