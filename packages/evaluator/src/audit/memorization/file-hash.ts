import { createHash } from 'node:crypto';

/** Hex SHA-256 of some bytes: the key an image's cached embedding is stored under. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
