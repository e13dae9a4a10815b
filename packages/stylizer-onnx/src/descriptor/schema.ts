import { z } from '@geneava/core';

/**
 * The JSON descriptor that turns an image-to-image ONNX export into a stylizer. Every field is checked
 * here, cross-field rules included, and again against the model's signature before any session is
 * created (see check-signature.ts); unknown keys are errors so a typo never goes unnoticed.
 */

const positiveInt = z.number().int().positive();
const triple = z.tuple([z.number(), z.number(), z.number()]);
const byte = z.number().int().min(0).max(255);

/** [value of pixel 0, value of pixel 255], e.g. [-1, 1], [0, 1], [0, 255]; or per-channel mean/std in pixel units (R, G, B). */
export const valueRangeSchema = z.union([
  z
    .tuple([z.number(), z.number()])
    .refine(([lo, hi]) => Number.isFinite(lo) && Number.isFinite(hi) && lo !== hi, 'a range is [value of pixel 0, value of pixel 255], two different finite numbers'),
  z
    .object({
      mean: z.union([z.number(), triple]),
      std: z.union([z.number(), triple]),
    })
    .strict()
    .refine(({ std }) => (typeof std === 'number' ? [std] : std).every((s) => s !== 0 && Number.isFinite(s)), 'std must be finite and non-zero'),
]);

export const fixedSizeSchema = z.object({ width: positiveInt, height: positiveInt }).strict();

/**
 * Any size that is a multiple of `multipleOf`: the image is scaled so its long side is at most `maxSide`,
 * its short side at most `maxShortSide` and at least `minSide` (each optional), then padded to the multiple.
 */
export const flexibleSizeSchema = z
  .object({
    multipleOf: positiveInt,
    maxSide: positiveInt.optional(),
    maxShortSide: positiveInt.optional(),
    minSide: positiveInt.optional(),
  })
  .strict();

const inputSchema = z
  .object({
    /** Graph input to feed; default: the model's first input. */
    name: z.string().min(1).optional(),
    size: z.union([fixedSizeSchema, flexibleSizeSchema]),
    /** How a whole image goes into a fixed size: 'pad' keeps the aspect ratio (letterbox in padColor), 'stretch' does not. */
    fit: z.enum(['pad', 'stretch']).default('pad'),
    padColor: z.tuple([byte, byte, byte]).default([255, 255, 255]),
    layout: z.enum(['NCHW', 'NHWC']),
    /** Whether the tensor has a leading batch axis (of size 1). */
    batch: z.boolean().default(true),
    channelOrder: z.enum(['RGB', 'BGR']).default('RGB'),
    range: valueRangeSchema,
    /** Element type the model declares; default: float32 or float16 (fed as float32, converted at the boundary). */
    dtype: z.enum(['float32', 'float16', 'uint8']).optional(),
  })
  .strict();

const outputSchema = z
  .object({
    /** Graph output to read; default: the model's first output. */
    name: z.string().min(1).optional(),
    /** Defaults: the input's layout, batch axis and channel order. */
    layout: z.enum(['NCHW', 'NHWC']).optional(),
    batch: z.boolean().optional(),
    channelOrder: z.enum(['RGB', 'BGR']).optional(),
    range: valueRangeSchema,
    dtype: z.enum(['float32', 'float16', 'uint8']),
  })
  .strict();

const featherSchema = z
  .object({
    shape: z.enum(['ellipse', 'rectangle']).default('ellipse'),
    /** Width of the blend ramp in crop pixels; default 10% of the crop size. */
    width: z.number().min(0).optional(),
  })
  .strict();

export const alignmentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.enum(['arcface', 'ffhq', 'dctnet']),
      /** Side of the square face crop; default: the fixed input size. */
      cropSize: positiveInt.optional(),
      /** Warp the stylized crop back into the photo (true) or return the crop itself (false). */
      pasteBack: z.boolean().default(true),
      feather: featherSchema.default({ shape: 'ellipse' }),
    })
    .strict(),
]);

const descriptorObjectSchema = z
  .object({
    $schema: z.string().optional(),
    /** Stylizer id: output folder and command-line name. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit'),
    style: z.string().min(1),
    version: z.string().min(1).default('1'),
    description: z.string().optional(),
    /** Where the export comes from and what its reference preprocessing is; documentation only. */
    source: z.string().optional(),
    notes: z.array(z.string()).optional(),
    /** The .onnx file, relative to the descriptor file. */
    model: z.string().min(1),
    input: inputSchema,
    output: outputSchema,
    alignment: alignmentSchema.default({ type: 'none' }),
  })
  .strict();

export const descriptorSchema = descriptorObjectSchema.superRefine((descriptor, context) => {
  for (const problem of crossFieldProblems(descriptor)) context.addIssue({ code: 'custom', message: problem.message, path: problem.path });
});

export type StylizerDescriptor = z.output<typeof descriptorSchema>;
export type StylizerDescriptorInput = z.input<typeof descriptorSchema>;
export type ValueRangeSpec = z.output<typeof valueRangeSchema>;
export type FixedSize = z.output<typeof fixedSizeSchema>;
export type FlexibleSize = z.output<typeof flexibleSizeSchema>;
export type AlignmentSpec = z.output<typeof alignmentSchema>;

export function isFixedSize(size: FixedSize | FlexibleSize): size is FixedSize {
  return 'width' in size;
}

interface Problem {
  readonly message: string;
  readonly path: (string | number)[];
}

function crossFieldProblems(d: z.output<typeof descriptorObjectSchema>): Problem[] {
  const problems: Problem[] = [];
  const { size } = d.input;
  if (d.input.dtype === 'uint8' && !isRange(d.input.range, 0, 255)) {
    problems.push({ message: 'a uint8 input holds pixel values: its range must be [0, 255]', path: ['input', 'range'] });
  }
  if (!isFixedSize(size)) {
    if (size.minSide !== undefined && size.maxShortSide !== undefined && size.minSide > size.maxShortSide) {
      problems.push({ message: `minSide ${size.minSide} is larger than maxShortSide ${size.maxShortSide}`, path: ['input', 'size'] });
    }
    if (size.minSide !== undefined && size.maxSide !== undefined && size.minSide > size.maxSide) {
      problems.push({ message: `minSide ${size.minSide} is larger than maxSide ${size.maxSide}`, path: ['input', 'size'] });
    }
  }
  const alignment = d.alignment;
  if (alignment.type === 'none') return problems;
  const cropPath = ['alignment', 'cropSize'];
  let crop = alignment.cropSize;
  if (isFixedSize(size)) {
    if (size.width !== size.height) {
      problems.push({ message: `a face crop is square, but the input size is ${size.width}x${size.height}`, path: ['input', 'size'] });
    } else if (crop !== undefined && crop !== size.width) {
      problems.push({ message: `cropSize ${crop} differs from the model's input size ${size.width}`, path: cropPath });
    }
    crop ??= size.width;
  } else if (crop === undefined) {
    problems.push({ message: `alignment "${alignment.type}" needs a cropSize when the input size is a multiple of ${size.multipleOf}`, path: cropPath });
  } else if (crop % size.multipleOf !== 0) {
    problems.push({ message: `cropSize ${crop} is not a multiple of ${size.multipleOf}`, path: cropPath });
  }
  if (alignment.type === 'arcface' && crop !== undefined && crop % 112 !== 0 && crop % 128 !== 0) {
    problems.push({ message: `ArcFace alignment needs a crop size that is a multiple of 112 or 128, got ${crop}`, path: cropPath });
  }
  return problems;
}

function isRange(range: ValueRangeSpec, lo: number, hi: number): boolean {
  return Array.isArray(range) && range[0] === lo && range[1] === hi;
}

/** The crop side of an aligned descriptor (validated: cropSize, or the square fixed input size). */
export function cropSizeOf(descriptor: StylizerDescriptor): number {
  const { alignment, input } = descriptor;
  if (alignment.type === 'none') throw new Error(`descriptor "${descriptor.id}" has no face alignment, so no crop size`);
  if (alignment.cropSize !== undefined) return alignment.cropSize;
  if (isFixedSize(input.size)) return input.size.width;
  throw new Error(`descriptor "${descriptor.id}": alignment "${alignment.type}" has no cropSize`);
}
