/**
 * Typed access to a node's attributes in their proto3 JSON form (strings base64, int64 as decimal
 * strings). Missing or malformed attributes throw a message naming the attribute; the conversion loop
 * adds the file and node.
 */
import type { TfjsAttrValue, TfjsShapeDef } from './model-json.js';
import type { TfjsDim } from './graph.js';

export class AttrReader {
  constructor(private readonly attr: Readonly<Record<string, TfjsAttrValue>>) {}

  has(name: string): boolean {
    return this.attr[name] !== undefined;
  }

  string(name: string, fallback?: string): string {
    const value = this.attr[name]?.s;
    if (value === undefined) return this.missing(name, fallback);
    return decodeBase64(value);
  }

  strings(name: string): string[] {
    return (this.attr[name]?.list?.s ?? []).map(decodeBase64);
  }

  int(name: string, fallback?: number): number {
    const value = this.attr[name]?.i;
    if (value === undefined) return this.missing(name, fallback);
    return toInt(name, value);
  }

  ints(name: string, fallback?: readonly number[]): number[] {
    const list = this.attr[name]?.list;
    if (list === undefined) return [...this.missing(name, fallback)];
    return (list.i ?? []).map((value) => toInt(name, value));
  }

  float(name: string, fallback?: number): number {
    const value = this.attr[name]?.f;
    if (value === undefined) return this.missing(name, fallback);
    return value;
  }

  bool(name: string, fallback?: boolean): boolean {
    const value = this.attr[name]?.b;
    if (value === undefined) return this.missing(name, fallback);
    return value;
  }

  /** A TF dtype name such as "DT_FLOAT". */
  type(name: string, fallback?: string): string {
    const value = this.attr[name]?.type;
    if (value === undefined) return this.missing(name, fallback);
    return value;
  }

  /** A shape attribute; undefined when absent or of unknown rank. */
  shape(name: string): TfjsDim[] | undefined {
    const shape = this.attr[name]?.shape;
    return shape ? dimsOf(shape) : undefined;
  }

  private missing<T>(name: string, fallback: T | undefined): T {
    if (fallback === undefined) throw new Error(`attribute '${name}' is missing`);
    return fallback;
  }
}

/** Dimensions of a JSON TensorShapeProto; -1 becomes null. Undefined for an unknown rank. */
export function dimsOf(shape: TfjsShapeDef): TfjsDim[] | undefined {
  if (shape.unknownRank) return undefined;
  return (shape.dim ?? []).map((dim) => {
    const size = Number(dim.size ?? -1);
    return size < 0 ? null : size;
  });
}

function toInt(name: string, value: string | number): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(parsed)) throw new Error(`attribute '${name}' holds '${value}', not an integer`);
  return parsed;
}

function decodeBase64(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}
