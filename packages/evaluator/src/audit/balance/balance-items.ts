/**
 * The labelled items a balance audit counts: the rows of a dataset's metadata.jsonl or of a plan.jsonl.
 * Only the label fields are read (expression, gender, race, ageGroup, also age_group), with the image
 * path and the curation status when present.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BALANCE_AXES = ['expression', 'gender', 'race', 'ageGroup'] as const;
export type BalanceAxis = (typeof BALANCE_AXES)[number];

export interface BalanceItem {
  readonly id: string;
  readonly expression?: string;
  readonly gender?: string;
  readonly race?: string;
  readonly ageGroup?: string;
  /** Image file relative to the dataset folder. */
  readonly image?: string;
  /** Curation status of a dataset row ('kept', 'dropped', 'failed'); absent in plans. */
  readonly status?: string;
}

export interface BalanceSource {
  readonly kind: 'dataset' | 'plan';
  /** The JSONL file read. */
  readonly file: string;
  /** Folder image paths are relative to (datasets only). */
  readonly root?: string;
  readonly items: readonly BalanceItem[];
}

/** The metadata file of a dataset folder. */
export const DATASET_METADATA_FILE = 'metadata.jsonl';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** Reads a dataset folder's metadata.jsonl, or a plan .jsonl file. */
export async function readBalanceSource(kind: 'dataset' | 'plan', path: string): Promise<BalanceSource> {
  const file = kind === 'dataset' ? join(path, DATASET_METADATA_FILE) : path;
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? `${kind === 'dataset' ? 'no metadata.jsonl in the dataset folder' : 'plan file not found'}` : `cannot read (${code ?? String(error)})`}`);
  }
  const items: BalanceItem[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`${file}: line ${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new Error(`${file}: line ${index + 1}: expected a JSON object`);
    const id = typeof row['id'] === 'number' ? String(row['id']) : text(row['id']);
    if (!id) throw new Error(`${file}: line ${index + 1}: no "id"`);
    const ageGroup = text(row['ageGroup']) ?? text(row['age_group']);
    const fields = { expression: text(row['expression']), gender: text(row['gender']), race: text(row['race']), ageGroup, image: text(row['image']), status: text(row['status']) };
    items.push({ id, ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) });
  });
  return { kind, file, ...(kind === 'dataset' ? { root: path } : {}), items };
}
