/**
 * Fields of a message that this program's ONNX schema does not know (written by a newer ONNX
 * version). protobufjs skips them when decoding, so writing a decoded model back would drop them:
 * they are listed here so that such a rewrite can be refused instead of losing them silently.
 */
import protobuf from 'protobufjs';
import { memorySource, type ByteSource } from './byte-source.js';
import { walkMessage, WireType } from './wire.js';

/** At most this many distinct unknown fields are listed (one is enough to refuse). */
const LISTED = 5;

/** "onnx.NodeProto field 99" for each distinct unknown field, in order of appearance. */
export function unknownFields(type: protobuf.Type, bytes: Uint8Array): string[] {
  const found = new Set<string>();
  walk(type, memorySource(bytes), 0, bytes.length, found);
  return [...found];
}

function walk(type: protobuf.Type, source: ByteSource, start: number, end: number, found: Set<string>): void {
  walkMessage(source, start, end, (wire) => {
    if (found.size >= LISTED) return;
    const field = type.fieldsById[wire.field];
    if (!field) {
      found.add(`${type.fullName.slice(1)} field ${wire.field}`);
      return;
    }
    field.resolve();
    if (wire.wire === WireType.LENGTH_DELIMITED && field.resolvedType instanceof protobuf.Type) {
      walk(field.resolvedType, source, wire.start, wire.start + wire.value, found);
    }
  });
}
