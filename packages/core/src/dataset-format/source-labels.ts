import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { UsageError } from '../util/errors.js';
import { parseCsvRows } from '../util/csv.js';

/** The labels a source photo can carry; every one is optional. */
export const SOURCE_LABEL_KEYS = ['expression', 'gender', 'race', 'ageGroup'] as const;
export type SourceLabelKey = (typeof SOURCE_LABEL_KEYS)[number];
export type SourceLabels = Readonly<Partial<Record<SourceLabelKey, string>>>;

/** One row of a labels file: the photo it is about (by id, file or both) and its labels. */
export interface SourceLabelRow {
  readonly id?: string;
  /** Photo path relative to the source folder, forward slashes. */
  readonly file?: string;
  readonly labels: SourceLabels;
  /** "<file>: row 3" / "<file>: line 3", for messages. */
  readonly where: string;
}

const COLUMN_ALIASES: Readonly<Record<string, 'id' | 'file' | SourceLabelKey>> = {
  id: 'id',
  file: 'file',
  path: 'file',
  expression: 'expression',
  gender: 'gender',
  race: 'race',
  agegroup: 'ageGroup',
  age_group: 'ageGroup',
  'age-group': 'ageGroup',
};

function columnOf(name: string): 'id' | 'file' | SourceLabelKey | undefined {
  return COLUMN_ALIASES[name.trim().toLowerCase()];
}

function toRow(values: ReadonlyMap<'id' | 'file' | SourceLabelKey, string>, where: string): SourceLabelRow {
  const id = values.get('id');
  const file = values.get('file')?.split('\\').join('/');
  if (!id && !file) throw new UsageError(`${where}: neither an id nor a file, so it cannot be matched to a photo`);
  const labels: Partial<Record<SourceLabelKey, string>> = {};
  for (const key of SOURCE_LABEL_KEYS) {
    const value = values.get(key);
    if (value) labels[key] = value;
  }
  return { ...(id ? { id } : {}), ...(file ? { file } : {}), labels, where };
}

/**
 * Reads a labels file: .csv with a header row, or .jsonl with one object per line. Columns: id, file
 * (or path), expression, gender, race, ageGroup (or age_group); others are ignored, empty cells mean
 * "not labelled". Every problem is a UsageError naming the file and the row.
 */
export async function readSourceLabels(path: string): Promise<SourceLabelRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'labels file not found' : `cannot read the labels file (${code ?? String(error)})`}`);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return labelsFromCsvText(text, path);
  if (extension === '.jsonl' || extension === '.ndjson') return labelsFromJsonlText(text, path);
  throw new UsageError(`${path}: a labels file must be .csv or .jsonl`);
}

export function labelsFromCsvText(text: string, source: string): SourceLabelRow[] {
  let rows: string[][];
  try {
    rows = parseCsvRows(text, source);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const header = rows[0];
  if (!header) throw new UsageError(`${source}: empty, expected a header row (id, file, expression, gender, race, ageGroup)`);
  const columns = header.map(columnOf);
  if (!columns.includes('id') && !columns.includes('file')) {
    throw new UsageError(`${source}: the header has neither an "id" nor a "file" column (${header.join(', ')})`);
  }
  return rows.slice(1).map((cells, index) => {
    const values = new Map<'id' | 'file' | SourceLabelKey, string>();
    columns.forEach((column, i) => {
      const value = cells[i]?.trim();
      if (column && value) values.set(column, value);
    });
    return toRow(values, `${source}: row ${index + 2}`);
  });
}

export function labelsFromJsonlText(text: string, source: string): SourceLabelRow[] {
  const rows: SourceLabelRow[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}: line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${where}: expected a JSON object`);
    const values = new Map<'id' | 'file' | SourceLabelKey, string>();
    for (const [field, raw] of Object.entries(value)) {
      const column = columnOf(field);
      if (!column || raw === null || raw === undefined || raw === '') continue;
      if (typeof raw !== 'string' && typeof raw !== 'number') throw new UsageError(`${where}: "${field}" must be a string or a number`);
      values.set(column, String(raw).trim());
    }
    rows.push(toRow(values, where));
  });
  return rows;
}
