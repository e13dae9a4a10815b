import { basename, extname, resolve } from 'node:path';
import { isReferenceEmbeddingsFile } from './reference-embeddings-file.js';

/**
 * Display names of reference sources: a folder's base name, an embeddings file's name without its
 * extension, made unique with "-2", "-3"... (results and curation reasons name the set).
 */
export function uniqueSetNames(sources: readonly string[]): string[] {
  const used = new Map<string, number>();
  return sources.map((source) => {
    const name = basename(resolve(source));
    const base = (isReferenceEmbeddingsFile(name) ? name.slice(0, name.length - extname(name).length) : name) || 'set';
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  });
}
