/**
 * Exact int64 values in decoded ONNX objects. protobufjs turns int64 into JS numbers when asked for
 * numbers, and INT64_MAX (the "to the end" sentinel of Slice and Range, in attributes and int64_data)
 * becomes 2^63, which encodes back as INT64_MIN. Here the decoder asks for decimal strings and keeps a
 * number where it is exact and a bigint where it is not; the encoder turns bigints back into the
 * 64-bit values protobufjs writes. Sizes and versions (dims, ir_version, offsets...) stay plain
 * numbers: a value past 2^53 there cannot describe a real model and is refused.
 */
import protobuf from 'protobufjs';

/** An int64 value as decoded: a number when exact, otherwise a bigint. Encoders accept either. */
export type Int64 = number | bigint;

/** Fields whose int64 values are data (attribute values, tensor contents), not sizes. */
const VALUE_FIELDS = new Set(['onnx.AttributeProto.i', 'onnx.AttributeProto.ints', 'onnx.TensorProto.int64Data', 'onnx.TensorProto.uint64Data']);

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** Thrown when a size or version field holds a value no real model has. */
export class Int64RangeError extends Error {}

interface TypePlan {
  readonly longs: readonly { readonly name: string; readonly value: boolean }[];
  readonly messages: readonly { readonly name: string; readonly type: protobuf.Type }[];
}

const plans = new WeakMap<protobuf.Type, TypePlan>();

function planOf(type: protobuf.Type): TypePlan {
  let plan = plans.get(type);
  if (!plan) {
    const longs: { name: string; value: boolean }[] = [];
    const messages: { name: string; type: protobuf.Type }[] = [];
    for (const field of type.fieldsArray) {
      field.resolve();
      if (LONG_TYPES.has(field.type)) longs.push({ name: field.name, value: VALUE_FIELDS.has(`${type.fullName.slice(1)}.${field.name}`) });
      else if (field.resolvedType instanceof protobuf.Type) messages.push({ name: field.name, type: field.resolvedType });
    }
    plan = { longs, messages };
    plans.set(type, plan);
  }
  return plan;
}

function exact(text: string, value: boolean, where: string): Int64 {
  const number = Number(text);
  if (Number.isSafeInteger(number)) return number;
  if (value) return BigInt(text);
  throw new Int64RangeError(`${where} holds ${text}, beyond any real model's sizes`);
}

/**
 * Rewrites, in place, the decimal strings of an object decoded with `longs: String` into exact
 * numbers or bigints. Returns the same object.
 */
export function exactLongs<T>(type: protobuf.Type, object: T): T {
  const record = object as Record<string, unknown>;
  const plan = planOf(type);
  for (const { name, value } of plan.longs) {
    const current = record[name];
    if (current === undefined) continue;
    const where = `${type.name}.${name}`;
    record[name] = Array.isArray(current) ? current.map((v) => exact(String(v), value, where)) : exact(String(current), value, where);
  }
  for (const { name, type: nested } of plan.messages) {
    const current = record[name];
    if (current === undefined || current === null) continue;
    if (Array.isArray(current)) for (const item of current) exactLongs(nested, item);
    else exactLongs(nested, current);
  }
  return object;
}

/** The { low, high } 32-bit halves protobufjs takes for a 64-bit value (two's complement). */
function toLong(value: unknown, unsigned: boolean): unknown {
  if (typeof value !== 'bigint') return value;
  return { low: Number(BigInt.asIntN(32, value)), high: Number(BigInt.asIntN(32, value >> 32n)), unsigned };
}

/**
 * A copy of `object` in which bigints are 64-bit Long values, the form protobufjs verifies and
 * writes exactly (it would write a bigint as 0). Objects without bigints are shared, not copied.
 */
export function longsForEncoding<T>(type: protobuf.Type, object: T): T {
  if (object === null || typeof object !== 'object') return object;
  const record = object as Record<string, unknown>;
  const plan = planOf(type);
  let copy: Record<string, unknown> | undefined;
  const set = (name: string, next: unknown): void => {
    if (next === record[name]) return;
    copy ??= { ...record };
    copy[name] = next;
  };
  for (const { name } of plan.longs) {
    const current = record[name];
    const unsigned = type.fields[name]!.type.startsWith('u') || type.fields[name]!.type === 'fixed64';
    if (Array.isArray(current)) {
      if (current.some((v) => typeof v === 'bigint')) set(name, current.map((v) => toLong(v, unsigned)));
    } else set(name, toLong(current, unsigned));
  }
  for (const { name, type: nested } of plan.messages) {
    const current = record[name];
    if (current === undefined || current === null) continue;
    if (Array.isArray(current)) {
      const mapped = current.map((item) => longsForEncoding(nested, item));
      if (mapped.some((item, i) => item !== current[i])) set(name, mapped);
    } else set(name, longsForEncoding(nested, current));
  }
  return (copy ?? object) as T;
}
