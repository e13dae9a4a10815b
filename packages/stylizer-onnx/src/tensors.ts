import type { RgbImage } from '@geneava/core/contracts';
import { imageToTensor, tensorToImage, type TensorFormat, type TensorLayout } from '@geneava/core/image';
import type { TensorData, TensorFeed } from '@geneava/core/onnx';
import type { StylizerDescriptor } from './descriptor/schema.js';
import type { ResolvedTensors } from './descriptor/check-signature.js';

function tensorLayout(layout: 'NCHW' | 'NHWC', batch: boolean): TensorLayout {
  if (batch) return layout;
  return layout === 'NCHW' ? 'CHW' : 'HWC';
}

/** The input tensor format a descriptor declares. */
export function inputFormat(descriptor: StylizerDescriptor): TensorFormat {
  const { input } = descriptor;
  return { layout: tensorLayout(input.layout, input.batch), channelOrder: input.channelOrder, range: input.range };
}

/** The output tensor format: the input's layout, batch axis and channel order unless the output overrides them. */
export function outputFormat(descriptor: StylizerDescriptor): TensorFormat {
  const { input, output } = descriptor;
  return {
    layout: tensorLayout(output.layout ?? input.layout, output.batch ?? input.batch),
    channelOrder: output.channelOrder ?? input.channelOrder,
    range: output.range,
  };
}

/** The feed for one image: float32 values (converted to float16 at the boundary when the model wants it), or uint8 pixel levels. */
export function imageFeed(image: RgbImage, descriptor: StylizerDescriptor, tensors: ResolvedTensors): TensorFeed {
  const tensor = imageToTensor(image, inputFormat(descriptor));
  if (tensors.inputDtype !== 'uint8') return { dtype: 'float32', dims: tensor.dims, data: tensor.data };
  // A uint8 input has range [0, 255] (checked with the descriptor), so every value is a whole pixel level.
  return { dtype: 'uint8', dims: tensor.dims, data: Uint8Array.from(tensor.data) };
}

/** The image an output tensor holds (batch index 0), rounded and clamped to 0..255. */
export function outputImage(output: TensorData, descriptor: StylizerDescriptor, label: string): RgbImage {
  const kind = Object.prototype.toString.call(output.data);
  if (kind !== '[object Float32Array]' && kind !== '[object Uint8Array]') {
    throw new Error(`${label}: the model returned ${output.dtype} data; a stylizer output must be float32, float16 or uint8`);
  }
  try {
    return tensorToImage(output.data as Float32Array | Uint8Array, output.dims, outputFormat(descriptor));
  } catch (error) {
    throw new Error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
