/**
 * Precomputed reference sets: a JSON Lines file of identity embeddings, for reference faces that are
 * not at hand as images (or were embedded elsewhere with the same model).
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { reasonOf, UsageError } from '@geneava/core/util';
import { referenceSetOf, type ReferenceSet } from './reference-set.js';

/** Extensions (lower case) of the embeddings files a reference source may be instead of a folder. */
export const REFERENCE_EMBEDDINGS_EXTENSIONS: readonly string[] = ['.jsonl', '.ndjson'];

interface EmbeddingLine {
  readonly id: string;
  readonly embedding: readonly number[];
  readonly model?: string;
}

/** Whether a reference source names an embeddings file rather than a folder of faces. */
export function isReferenceEmbeddingsFile(path: string): boolean {
  return REFERENCE_EMBEDDINGS_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** Reads a .jsonl reference set: one {"id", "embedding": [...], "model"?} per line; a line's model, when given, must be `model`. */
export async function readReferenceEmbeddings(path: string, model: string, name = basename(path, extname(path))): Promise<ReferenceSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path}: cannot read the reference set (${(error as NodeJS.ErrnoException).code ?? reasonOf(error)})`);
  }
  const entries: EmbeddingLine[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path}:${index + 1}`;
    let value: EmbeddingLine;
    try {
      value = JSON.parse(line) as EmbeddingLine;
    } catch (error) {
      throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value?.id !== 'string' || !Array.isArray(value.embedding) || !value.embedding.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new UsageError(`${where}: expected {"id": string, "embedding": [numbers]}`);
    }
    if (value.model !== undefined && value.model !== model) throw new UsageError(`${where}: a ${value.model} embedding, the screen compares ${model}`);
    entries.push(value);
  });
  try {
    return referenceSetOf(name, model, entries, path);
  } catch (error) {
    throw new UsageError(`${path}: ${reasonOf(error)}`);
  }
}
