import { randomBytes } from 'node:crypto';
import type { Rater } from './study-files.js';

/** A link secret: 24 random bytes, base64url (32 characters). */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** `count` new raters numbered after the existing ones: r001, r002... */
export function newRaters(existing: readonly Rater[], count: number): Rater[] {
  const start = existing.reduce((max, rater) => Math.max(max, Number(rater.id.slice(1))), 0);
  return Array.from({ length: count }, (_, index) => ({ id: `r${String(start + index + 1).padStart(3, '0')}`, token: newToken() }));
}
