/**
 * A minimal protobuf wire-format walker over a ByteSource: it visits the fields of one message and
 * lets the caller decide which payloads to read, so large payloads (weights) are skipped unread.
 */
import { PastEndError, type ByteSource } from './byte-source.js';

export const WireType = { VARINT: 0, FIXED64: 1, LENGTH_DELIMITED: 2, FIXED32: 5 } as const;

/** The bytes do not follow the protobuf wire format. */
export class WireFormatError extends Error {}

export interface WireField {
  readonly field: number;
  readonly wire: number;
  /** The value of a varint field; the payload length of a length-delimited one. */
  readonly value: number;
  /** Where a length-delimited payload starts. */
  readonly start: number;
}

/** Reads a varint at `position`; values above 2^53 lose precision (never the case for tags and lengths). */
function readVarint(source: ByteSource, position: number, end: number): { value: number; next: number } {
  const available = Math.min(10, end - position);
  if (available <= 0) throw new PastEndError();
  const bytes = source.read(position, available);
  let value = 0;
  let scale = 1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return { value, next: position + i + 1 };
    scale *= 128;
  }
  if (available < 10) throw new PastEndError();
  throw new WireFormatError('a varint is longer than 10 bytes');
}

/** Visits every field of the message that occupies [start, end). */
export function walkMessage(source: ByteSource, start: number, end: number, visit: (field: WireField) => void): void {
  let position = start;
  while (position < end) {
    const tag = readVarint(source, position, end);
    position = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) throw new WireFormatError('field number 0');
    switch (wire) {
      case WireType.VARINT: {
        const value = readVarint(source, position, end);
        position = value.next;
        visit({ field, wire, value: value.value, start: position });
        break;
      }
      case WireType.LENGTH_DELIMITED: {
        const length = readVarint(source, position, end);
        position = length.next;
        if (position + length.value > end) throw new PastEndError();
        visit({ field, wire, value: length.value, start: position });
        position += length.value;
        break;
      }
      case WireType.FIXED64:
        position += 8;
        break;
      case WireType.FIXED32:
        position += 4;
        break;
      default:
        throw new WireFormatError(`unsupported wire type ${wire} in field ${field}`);
    }
    if (position > end) throw new PastEndError();
  }
}

/** The payload of a length-delimited field. */
export function payload(source: ByteSource, field: WireField): Uint8Array {
  return source.read(field.start, field.value);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload of a string field; invalid UTF-8 means the bytes are not what the schema says. */
export function stringPayload(source: ByteSource, field: WireField): string {
  try {
    return utf8.decode(payload(source, field));
  } catch {
    throw new WireFormatError(`field ${field.field} is not valid UTF-8 text`);
  }
}
