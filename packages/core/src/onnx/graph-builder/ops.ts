/**
 * Helpers for the operators fixtures use, written against the operator set versions the builder
 * targets (axes as inputs from opset 13/18, Resize's roi/scales/sizes inputs, Clip's min/max inputs).
 */
import type { BuilderDType, OnnxGraphBuilder } from './builder.js';
import { attr, type AttributeValue } from './attributes.js';
import type { TensorValues } from './tensors.js';

/** Node name and output name; both default to fresh TorchScript-style names. */
export interface OpOptions {
  readonly name?: string;
  readonly output?: string;
}

export interface LinearSpec {
  /** The anonymous weight name a TorchScript export gives, e.g. "onnx::MatMul_123". */
  readonly weightName: string;
  /** Row-major [inFeatures, outFeatures] (Wᵀ of the PyTorch Linear). */
  readonly weight: TensorValues;
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Module path, e.g. "/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q"; nodes are "<path>/MatMul", "<path>/Add". */
  readonly modulePath: string;
  readonly bias?: TensorValues;
  /** Default: the module path with dots, e.g. "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0.bias". */
  readonly biasName?: string;
}

export interface ResizeOptions extends OpOptions {
  readonly mode: 'nearest' | 'linear' | 'cubic';
  /** One scale per axis of the input (e.g. [1, 1, 2, 2]); give scales or sizes. */
  readonly scales?: readonly number[];
  readonly sizes?: readonly number[];
  readonly coordinateTransformationMode?: string;
  readonly nearestMode?: string;
}

export class OnnxOps {
  constructor(private readonly b: OnnxGraphBuilder) {}

  private one(opType: string, inputs: readonly string[], options: OpOptions, attributes?: Record<string, AttributeValue>): string {
    const name = options.name ?? this.b.uniqueName(`/${opType}`);
    const outputs = options.output ? [options.output] : 1;
    return this.b.node(opType, inputs, outputs, { name, ...(attributes ? { attributes } : {}) })[0]!;
  }

  private int64s(prefix: string, values: readonly number[]): string {
    return this.b.constantInitializer(prefix, 'int64', [values.length], values);
  }

  matMul(a: string, b: string, options: OpOptions = {}): string {
    return this.one('MatMul', [a, b], options);
  }

  /** A PyTorch Linear as the TorchScript exporter writes it: MatMul with an [in, out] weight, then Add(bias, ·). */
  linear(x: string, spec: LinearSpec): string {
    const weight = this.b.initializer(spec.weightName, 'float', [spec.inFeatures, spec.outFeatures], spec.weight);
    const product = this.matMul(x, weight, { name: `${spec.modulePath}/MatMul`, output: `${spec.modulePath}/MatMul_output_0` });
    if (!spec.bias) return product;
    const biasName = spec.biasName ?? `${spec.modulePath.replace(/^\//, '').replace(/\//g, '.')}.bias`;
    const bias = this.b.initializer(biasName, 'float', [spec.outFeatures], spec.bias);
    return this.add(bias, product, { name: `${spec.modulePath}/Add`, output: `${spec.modulePath}/Add_output_0` });
  }

  gemm(a: string, b: string, c?: string, options: OpOptions & { alpha?: number; beta?: number; transA?: boolean; transB?: boolean } = {}): string {
    return this.one('Gemm', c ? [a, b, c] : [a, b], options, {
      alpha: attr.float(options.alpha ?? 1),
      beta: attr.float(options.beta ?? 1),
      transA: options.transA ? 1 : 0,
      transB: options.transB ? 1 : 0,
    });
  }

  conv(
    x: string,
    weight: string,
    bias?: string,
    options: OpOptions & { kernelShape?: readonly number[]; pads?: readonly number[]; strides?: readonly number[]; dilations?: readonly number[]; group?: number } = {},
  ): string {
    const attributes: Record<string, AttributeValue> = { group: options.group ?? 1 };
    if (options.kernelShape) attributes['kernel_shape'] = attr.ints(options.kernelShape);
    if (options.pads) attributes['pads'] = attr.ints(options.pads);
    if (options.strides) attributes['strides'] = attr.ints(options.strides);
    if (options.dilations) attributes['dilations'] = attr.ints(options.dilations);
    return this.one('Conv', bias ? [x, weight, bias] : [x, weight], options, attributes);
  }

  resize(x: string, options: ResizeOptions): string {
    if ((options.scales === undefined) === (options.sizes === undefined)) throw new Error('resize needs exactly one of scales or sizes');
    const attributes: Record<string, AttributeValue> = { mode: options.mode };
    if (options.coordinateTransformationMode) attributes['coordinate_transformation_mode'] = options.coordinateTransformationMode;
    if (options.nearestMode) attributes['nearest_mode'] = options.nearestMode;
    const scales = options.scales && this.b.constantInitializer('resize_scales', 'float32', [options.scales.length], options.scales);
    const sizes = options.sizes && this.int64s('resize_sizes', options.sizes);
    if (this.b.opset < 11) {
      if (!scales) throw new Error('Resize before opset 11 takes scales only');
      return this.one('Resize', [x, scales], options, { mode: options.mode });
    }
    // roi is optional from opset 13; before that it must be present (an empty tensor when unused).
    const roi = this.b.opset >= 13 ? '' : this.b.constantInitializer('resize_roi', 'float32', [0], []);
    const inputs = scales ? [x, roi, scales] : [x, roi, this.b.opset >= 13 ? '' : this.b.constantInitializer('resize_scales', 'float32', [0], []), sizes!];
    return this.one('Resize', inputs, options, attributes);
  }

  concat(inputs: readonly string[], axis: number, options: OpOptions = {}): string {
    return this.one('Concat', inputs, options, { axis });
  }

  cast(x: string, to: BuilderDType, options: OpOptions = {}): string {
    return this.one('Cast', [x], options, { to: attr.int(this.b.elementType(to)) });
  }

  add(a: string, b: string, options: OpOptions = {}): string {
    return this.one('Add', [a, b], options);
  }

  sub(a: string, b: string, options: OpOptions = {}): string {
    return this.one('Sub', [a, b], options);
  }

  mul(a: string, b: string, options: OpOptions = {}): string {
    return this.one('Mul', [a, b], options);
  }

  div(a: string, b: string, options: OpOptions = {}): string {
    return this.one('Div', [a, b], options);
  }

  gather(data: string, indices: string, axis = 0, options: OpOptions = {}): string {
    return this.one('Gather', [data, indices], options, { axis: attr.int(axis) });
  }

  identity(x: string, options: OpOptions = {}): string {
    return this.one('Identity', [x], options);
  }

  transpose(x: string, perm: readonly number[], options: OpOptions = {}): string {
    return this.one('Transpose', [x], options, { perm: attr.ints(perm) });
  }

  reshape(x: string, shape: readonly number[], options: OpOptions = {}): string {
    return this.one('Reshape', [x, this.int64s('reshape_shape', shape)], options);
  }

  slice(x: string, starts: readonly number[], ends: readonly number[], axes?: readonly number[], steps?: readonly number[], options: OpOptions = {}): string {
    const inputs = [x, this.int64s('slice_starts', starts), this.int64s('slice_ends', ends)];
    if (axes || steps) inputs.push(axes ? this.int64s('slice_axes', axes) : '');
    if (steps) inputs.push(this.int64s('slice_steps', steps));
    return this.one('Slice', inputs, options);
  }

  reduceMean(x: string, axes: readonly number[], keepdims = true, options: OpOptions = {}): string {
    const keep = attr.int(keepdims ? 1 : 0);
    if (this.b.opset >= 18) return this.one('ReduceMean', [x, this.int64s('reduce_axes', axes)], options, { keepdims: keep });
    return this.one('ReduceMean', [x], options, { axes: attr.ints(axes), keepdims: keep });
  }

  /** Clip with scalar bounds of `dtype` (the builder's float type by default), as inputs from opset 11. */
  clip(x: string, min?: number, max?: number, options: OpOptions & { dtype?: BuilderDType } = {}): string {
    if (this.b.opset < 11) {
      const attributes: Record<string, AttributeValue> = {};
      if (min !== undefined) attributes['min'] = attr.float(min);
      if (max !== undefined) attributes['max'] = attr.float(max);
      return this.one('Clip', [x], options, attributes);
    }
    const dtype = options.dtype ?? 'float';
    const bound = (prefix: string, value: number | undefined) => (value === undefined ? '' : this.b.constantInitializer(prefix, dtype, [], [value]));
    const inputs = [x, bound('clip_min', min), bound('clip_max', max)];
    while (inputs[inputs.length - 1] === '') inputs.pop();
    return this.one('Clip', inputs, options);
  }

  relu(x: string, options: OpOptions = {}): string {
    return this.one('Relu', [x], options);
  }

  sigmoid(x: string, options: OpOptions = {}): string {
    return this.one('Sigmoid', [x], options);
  }

  softmax(x: string, axis = -1, options: OpOptions = {}): string {
    return this.one('Softmax', [x], options, { axis: attr.int(axis) });
  }

  unsqueeze(x: string, axes: readonly number[], options: OpOptions = {}): string {
    if (this.b.opset >= 13) return this.one('Unsqueeze', [x, this.int64s('unsqueeze_axes', axes)], options);
    return this.one('Unsqueeze', [x], options, { axes: attr.ints(axes) });
  }

  squeeze(x: string, axes?: readonly number[], options: OpOptions = {}): string {
    if (!axes) return this.one('Squeeze', [x], options);
    if (this.b.opset >= 13) return this.one('Squeeze', [x, this.int64s('squeeze_axes', axes)], options);
    return this.one('Squeeze', [x], options, { axes: attr.ints(axes) });
  }

  shape(x: string, options: OpOptions = {}): string {
    return this.one('Shape', [x], options);
  }

  /** A tensor of the shape held by `shape` (an int64 1-D value), filled with `value`. */
  constantOfShape(shape: string, value: number, dtype: BuilderDType = 'float', options: OpOptions = {}): string {
    return this.one('ConstantOfShape', [shape], options, { value: attr.tensor(this.b.tensor(dtype, [1], [value])) });
  }
}
