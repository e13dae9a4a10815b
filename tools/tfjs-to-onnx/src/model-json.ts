/**
 * The parts of a TF.js graph model's model.json this converter reads, as tfjs-converter writes them
 * (GraphDef nodes as JSON, attributes in proto3 JSON form: strings base64, int64 as decimal strings).
 * Validation covers the structure the reader relies on; attribute values are checked where an op reads them.
 */
import { z } from '@geneava/core';

/** A TensorShapeProto in JSON form: sizes as decimal strings, -1 for an unknown size. */
const shapeSchema = z.object({
  dim: z.array(z.object({ size: z.union([z.string(), z.number()]).optional() })).optional(),
  unknownRank: z.boolean().optional(),
});

const attrListSchema = z.object({
  s: z.array(z.string()).optional(),
  i: z.array(z.union([z.string(), z.number()])).optional(),
  f: z.array(z.number()).optional(),
  b: z.array(z.boolean()).optional(),
  type: z.array(z.string()).optional(),
  shape: z.array(shapeSchema).optional(),
});

const attrSchema = z.looseObject({
  s: z.string().optional(),
  i: z.union([z.string(), z.number()]).optional(),
  f: z.number().optional(),
  b: z.boolean().optional(),
  type: z.string().optional(),
  shape: shapeSchema.optional(),
  list: attrListSchema.optional(),
  tensor: z.looseObject({ dtype: z.string().optional(), tensorShape: shapeSchema.optional() }).optional(),
});

const nodeSchema = z.object({
  name: z.string().min(1),
  op: z.string().min(1),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), attrSchema).optional(),
});

const quantizationSchema = z.object({
  dtype: z.enum(['float16', 'uint8', 'uint16']),
  min: z.number().optional(),
  scale: z.number().optional(),
  original_dtype: z.string().optional(),
});

const weightSpecSchema = z.object({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  dtype: z.string(),
  quantization: quantizationSchema.optional(),
});

const tensorInfoSchema = z.object({
  name: z.string().min(1),
  dtype: z.string().optional(),
  tensorShape: shapeSchema.optional(),
});

const signatureSchema = z.object({
  inputs: z.record(z.string(), tensorInfoSchema).optional(),
  outputs: z.record(z.string(), tensorInfoSchema).optional(),
});

const modelJsonSchema = z.object({
  format: z.string().optional(),
  generatedBy: z.string().nullish(),
  convertedBy: z.string().nullish(),
  modelTopology: z.object({
    node: z.array(nodeSchema),
    library: z.looseObject({ function: z.array(z.unknown()).optional() }).optional(),
  }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string().min(1)), weights: z.array(weightSpecSchema) })),
  signature: signatureSchema.optional(),
  userDefinedMetadata: z.looseObject({ signature: signatureSchema.optional() }).optional(),
});

export type TfjsModelJson = z.infer<typeof modelJsonSchema>;
export type TfjsAttrValue = z.infer<typeof attrSchema>;
export type TfjsShapeDef = z.infer<typeof shapeSchema>;
export type TfjsWeightSpec = z.infer<typeof weightSpecSchema>;
export type TfjsTensorInfo = z.infer<typeof tensorInfoSchema>;

/** Parses a model.json object; on failure names the first offending path. */
export function parseModelJson(json: unknown): { ok: true; model: TfjsModelJson } | { ok: false; problem: string } {
  const result = modelJsonSchema.safeParse(json);
  if (result.success) return { ok: true, model: result.data };
  const issue = result.error.issues[0];
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return { ok: false, problem: `not a TF.js graph model.json: ${path}: ${issue.message}` };
}
