import { formatTensorInfo, type ModelIo, type OnnxDType, type TensorInfo } from '@geneava/core/onnx';
import { cropSizeOf, isFixedSize, type StylizerDescriptor } from './schema.js';

/** The tensors a descriptor runs, once checked against the model. */
export interface ResolvedTensors {
  readonly inputName: string;
  /** What the model declares; float16 is fed as float32 and converted at the boundary. */
  readonly inputDtype: OnnxDType;
  readonly outputName: string;
}

export type SignatureCheck =
  | { readonly ok: true; readonly tensors: ResolvedTensors }
  | { readonly ok: false; readonly problems: readonly string[] };

type Dim = number | string;

/**
 * Compares a descriptor with the model's declared inputs and outputs and reports every mismatch at once:
 * which tensors exist, their element types, rank (batch axis or not), channel axis, and the spatial
 * sizes a fixed-size or aligned descriptor promises. Runs on the file's signature, so nothing is loaded.
 */
export function checkDescriptorSignature(descriptor: StylizerDescriptor, io: ModelIo): SignatureCheck {
  const problems: string[] = [];
  const { input, output } = descriptor;

  const inputInfo = pick('input', io.inputs, input.name, problems);
  if (io.inputs.length > 1) {
    problems.push(`the model has ${io.inputs.length} inputs (${io.inputs.map((i) => i.name).join(', ')}); a declarative stylizer feeds exactly one image`);
  }
  let inputDtype: OnnxDType | undefined;
  if (inputInfo) {
    const accepted: readonly OnnxDType[] = input.dtype ? [input.dtype] : ['float32', 'float16'];
    if (inputInfo.dtype === 'unknown' || !accepted.includes(inputInfo.dtype)) {
      problems.push(`input '${inputInfo.name}': expected ${accepted.join('|')}, found ${formatTensorInfo(inputInfo)}`);
    } else {
      inputDtype = inputInfo.dtype;
    }
    const spatial = expectedSpatial(descriptor);
    problems.push(...shapeProblems('input', inputInfo, input.layout, input.batch, spatial));
  }

  const outputInfo = pick('output', io.outputs, output.name, problems);
  if (outputInfo) {
    if (outputInfo.dtype !== output.dtype) {
      problems.push(`output '${outputInfo.name}': expected ${output.dtype}, found ${formatTensorInfo(outputInfo)}`);
    }
    problems.push(...shapeProblems('output', outputInfo, output.layout ?? input.layout, output.batch ?? input.batch, undefined));
  }

  if (problems.length > 0 || !inputInfo || !outputInfo || !inputDtype) return { ok: false, problems };
  return { ok: true, tensors: { inputName: inputInfo.name, inputDtype, outputName: outputInfo.name } };
}

/** The named tensor, or the first one when no name is given. */
function pick(side: 'input' | 'output', tensors: readonly TensorInfo[], name: string | undefined, problems: string[]): TensorInfo | undefined {
  if (name === undefined) {
    if (tensors.length === 0) problems.push(`the model has no ${side}s`);
    return tensors[0];
  }
  const found = tensors.find((t) => t.name === name);
  if (!found) problems.push(`${side} '${name}' is not in the model (${side}s: ${tensors.map((t) => `'${t.name}'`).join(', ') || 'none'})`);
  return found;
}

/** [height, width] the descriptor will feed when it is fixed; undefined when it varies with the image. */
function expectedSpatial(descriptor: StylizerDescriptor): readonly [number, number] | undefined {
  const { size } = descriptor.input;
  if (descriptor.alignment.type !== 'none') {
    const crop = cropSizeOf(descriptor);
    return [crop, crop];
  }
  return isFixedSize(size) ? [size.height, size.width] : undefined;
}

function shapeProblems(
  side: 'input' | 'output',
  info: TensorInfo,
  layout: 'NCHW' | 'NHWC',
  batch: boolean,
  spatial: readonly [number, number] | undefined,
): string[] {
  const dims = info.dims;
  if (dims === undefined) return [];
  const subject = `${side} '${info.name}' (${formatTensorInfo(info)})`;
  const axes = batch ? layout : layout.slice(1);
  if (dims.length !== axes.length) {
    return [`${subject}: a ${batch ? 'batched ' : ''}${axes} tensor has ${axes.length} dimensions, the model declares ${dims.length}${batch ? ' (set "batch": false for a model without a batch axis)' : ' (set "batch": true for a model with a batch axis)'}`];
  }
  const at = (axis: string): Dim => dims[axes.indexOf(axis)];
  const problems: string[] = [];
  const channels = at('C');
  if (typeof channels === 'number' && channels !== 3) {
    problems.push(`${subject}: the ${axes} channel axis holds ${channels}, expected 3 (is the layout ${layout === 'NCHW' ? 'NHWC' : 'NCHW'}?)`);
  }
  if (batch && typeof at('N') === 'number' && at('N') !== 1) {
    problems.push(`${subject}: the batch axis is fixed at ${at('N')}, one image is fed at a time`);
  }
  const [h, w] = [at('H'), at('W')];
  if (side === 'input' && spatial && ((typeof h === 'number' && h !== spatial[0]) || (typeof w === 'number' && w !== spatial[1]))) {
    problems.push(`${subject}: the descriptor feeds ${spatial[1]}x${spatial[0]} images, the model takes ${w}x${h}`);
  }
  if (side === 'input' && !spatial && (typeof h === 'number' || typeof w === 'number')) {
    problems.push(`${subject}: the model takes a fixed ${w}x${h}, describe its input size as {"width": ${w}, "height": ${h}}`);
  }
  return problems;
}
