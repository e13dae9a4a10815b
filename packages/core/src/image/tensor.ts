import type { RgbImage } from '../contracts/image.js';
import { assertRgbImage } from './rgb-image.js';
import { forwardTables, inverseMap, type ImageTensor, type TensorFormat, type TensorLayout } from './tensor-format.js';

/**
 * One image as a float32 tensor: dims [1, 3, H, W] for NCHW, [1, H, W, 3] for NHWC, [3, H, W] for CHW and
 * [H, W, 3] for HWC; channels in `channelOrder`, values mapped by `range`.
 */
export function imageToTensor(image: RgbImage, format: TensorFormat): ImageTensor {
  return imagesToTensor([image], format, 'imageToTensor');
}

/** Several same-sized images stacked into one batch (NCHW or NHWC), dims [n, ...]. */
export function imagesToTensor(images: readonly RgbImage[], format: TensorFormat, what = 'imagesToTensor'): ImageTensor {
  return fillTensor(images, format, what, undefined);
}

/**
 * imagesToTensor written into `data`, which must hold exactly the batch's values (n x H x W x 3);
 * every value is overwritten. For callers that reuse buffers: a fresh multi-megabyte Float32Array
 * costs more in page faults than filling it does.
 */
export function imagesIntoTensor(images: readonly RgbImage[], format: TensorFormat, data: Float32Array): ImageTensor {
  return fillTensor(images, format, 'imagesIntoTensor', data);
}

function fillTensor(images: readonly RgbImage[], format: TensorFormat, what: string, into: Float32Array | undefined): ImageTensor {
  if (images.length === 0) throw new Error(`${what}: no images given`);
  if (images.length > 1 && !hasBatchAxis(format.layout)) {
    throw new Error(`${what}: layout ${format.layout} has no batch axis; use NCHW or NHWC for ${images.length} images`);
  }
  const { width, height } = images[0];
  images.forEach((image, i) => {
    assertRgbImage(image, `${what} image ${i}`);
    if (image.width !== width || image.height !== height) {
      throw new Error(`${what}: image ${i} is ${image.width}x${image.height}, image 0 is ${width}x${height}; a batch needs one size`);
    }
  });
  const tables = forwardTables(format.range);
  // Tensor channel c holds image channel c, or 2 - c when the order is BGR. One loop per layout with
  // the three lookups unrolled: models get a batch per face, and a branch per value costs 3x.
  const [first, , last] = format.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const t0 = tables[first];
  const t1 = tables[1];
  const t2 = tables[last];
  const planar = isPlanar(format.layout);
  const plane = width * height;
  const length = images.length * plane * 3;
  if (into && into.length !== length) throw new Error(`${what}: the buffer holds ${into.length} values, the batch needs ${length}`);
  const data = into ?? new Float32Array(length);
  images.forEach((image, n) => {
    const base = n * plane * 3;
    const pixels = image.data;
    if (planar) {
      for (let i = 0, p = 0; i < plane; i++, p += 3) {
        data[base + i] = t0[pixels[p + first]];
        data[base + plane + i] = t1[pixels[p + 1]];
        data[base + 2 * plane + i] = t2[pixels[p + last]];
      }
    } else {
      for (let p = 0, o = base; p < plane * 3; p += 3, o += 3) {
        data[o] = t0[pixels[p + first]];
        data[o + 1] = t1[pixels[p + 1]];
        data[o + 2] = t2[pixels[p + last]];
      }
    }
  });
  return { data, dims: dimsFor(format.layout, images.length, height, width) };
}

/** The image at batch position `index` of a tensor laid out as `format` says, rounded and clamped to 0..255. */
export function tensorToImage(data: Float32Array | Uint8Array, dims: readonly number[], format: TensorFormat, index = 0): RgbImage {
  const { n, height, width } = parseDims(data, dims, format.layout);
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new Error(`tensorToImage: batch index ${index} is outside the tensor's ${n} images`);
  }
  const toPixel = inverseMap(format.range);
  const swap = format.channelOrder === 'BGR';
  const planar = isPlanar(format.layout);
  const plane = width * height;
  const base = index * plane * 3;
  const out = new Uint8Array(plane * 3);
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) {
      const target = swap ? 2 - c : c;
      const value = data[planar ? base + c * plane + i : base + i * 3 + c];
      out[i * 3 + target] = toPixel(value, target);
    }
  }
  return { width, height, data: out };
}

/** Every image of a tensor. */
export function tensorToImages(data: Float32Array | Uint8Array, dims: readonly number[], format: TensorFormat): RgbImage[] {
  const { n } = parseDims(data, dims, format.layout);
  return Array.from({ length: n }, (_, index) => tensorToImage(data, dims, format, index));
}

/** Concatenates batched tensors (same layout and image size) along the batch axis. */
export function stackTensors(tensors: readonly ImageTensor[], layout: 'NCHW' | 'NHWC'): ImageTensor {
  if (tensors.length === 0) throw new Error('stackTensors: no tensors given');
  const first = parseDims(tensors[0].data, tensors[0].dims, layout);
  let total = 0;
  tensors.forEach((t, i) => {
    const shape = parseDims(t.data, t.dims, layout);
    if (shape.width !== first.width || shape.height !== first.height) {
      throw new Error(`stackTensors: tensor ${i} holds ${shape.width}x${shape.height} images, tensor 0 holds ${first.width}x${first.height}`);
    }
    total += shape.n;
  });
  const data = new Float32Array(total * first.width * first.height * 3);
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data, offset);
    offset += t.data.length;
  }
  return { data, dims: dimsFor(layout, total, first.height, first.width) };
}

function hasBatchAxis(layout: TensorLayout): boolean {
  return layout === 'NCHW' || layout === 'NHWC';
}

function isPlanar(layout: TensorLayout): boolean {
  return layout === 'NCHW' || layout === 'CHW';
}

function dimsFor(layout: TensorLayout, n: number, height: number, width: number): number[] {
  switch (layout) {
    case 'NCHW':
      return [n, 3, height, width];
    case 'NHWC':
      return [n, height, width, 3];
    case 'CHW':
      return [3, height, width];
    case 'HWC':
      return [height, width, 3];
    default:
      throw new Error(`unknown tensor layout "${String(layout)}" (use NCHW, NHWC, CHW or HWC)`);
  }
}

/** Reads n, height and width from dims, checking the channel axis and the data length. */
function parseDims(data: ArrayLike<number>, dims: readonly number[], layout: TensorLayout): { n: number; height: number; width: number } {
  const shape = `[${dims.join(', ')}]`;
  const expectedRank = hasBatchAxis(layout) ? 4 : 3;
  if (dims.length !== expectedRank || dims.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`tensor dims ${shape} do not fit layout ${layout} (expected ${expectedRank} positive sizes)`);
  }
  const named = Object.fromEntries([...layout].map((axis, i) => [axis, dims[i]])) as Record<string, number>;
  if (named.C !== 3) {
    throw new Error(`tensor dims ${shape} in layout ${layout} have ${named.C} channels, expected 3`);
  }
  const n = named.N ?? 1;
  const expected = n * 3 * named.H * named.W;
  if (data.length !== expected) {
    throw new Error(`tensor dims ${shape} need ${expected} values, the data has ${data.length}`);
  }
  return { n, height: named.H, width: named.W };
}
