/**
 * Per-item labels (expression and demographics) that set metrics are broken down by. They come from a
 * CSV or JSON Lines file keyed by item id, or from the real image's folder name (<expression>/<file>).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { GeneavaError } from '@geneava/core';
import { parseCsv } from '../report/csv.js';
import { baseName, type ImagePair } from './pair-files.js';

/** The label names read from a labels file, and the other spellings accepted for them. */
export const LABEL_KEYS = ['expression', 'gender', 'race', 'ageGroup'] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];
const ALIASES: Readonly<Record<string, LabelKey>> = { age_group: 'ageGroup', 'age-group': 'ageGroup', agegroup: 'ageGroup' };

export type ItemLabels = Readonly<Partial<Record<LabelKey, string>>>;

/** A labels file that cannot be used; the message names the file and, where it applies, the line. */
export class LabelsFileError extends GeneavaError {
  constructor(message: string) {
    super(message, 'labels-invalid');
  }
}

function labelKey(column: string): LabelKey | undefined {
  const lower = column.trim().toLowerCase();
  return LABEL_KEYS.find((key) => key.toLowerCase() === lower) ?? ALIASES[lower];
}

/**
 * Reads labels by id from a .csv (header row with an "id" column) or .jsonl file (objects with an "id").
 * Columns other than id, expression, gender, race and ageGroup (also age_group) are ignored; empty
 * values mean "not labelled". Duplicate ids and missing ids are errors.
 */
export async function loadLabels(path: string): Promise<Map<string, ItemLabels>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new LabelsFileError(`${path}: ${code === 'ENOENT' ? 'labels file not found' : `cannot read labels file (${code ?? String(error)})`}`);
  }
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return labelsFromCsv(text, path);
  if (extension === '.jsonl' || extension === '.ndjson') return labelsFromJsonl(text, path);
  throw new LabelsFileError(`${path}: labels must be a .csv or .jsonl file`);
}

export function labelsFromCsv(text: string, source: string): Map<string, ItemLabels> {
  let rows: string[][];
  try {
    rows = parseCsv(text, source);
  } catch (error) {
    throw new LabelsFileError((error as Error).message);
  }
  const header = rows[0];
  if (!header) throw new LabelsFileError(`${source}: empty labels file, expected a header row with an "id" column`);
  const idColumn = header.findIndex((column) => column.trim().toLowerCase() === 'id');
  if (idColumn < 0) throw new LabelsFileError(`${source}: no "id" column in the header (${header.join(', ')})`);
  const columns = header.map(labelKey);
  const labels = new Map<string, ItemLabels>();
  rows.slice(1).forEach((row, index) => {
    const entries: [LabelKey, string][] = [];
    columns.forEach((key, column) => {
      const value = row[column]?.trim();
      if (key && value) entries.push([key, value]);
    });
    add(labels, row[idColumn]?.trim(), Object.fromEntries(entries), `${source}: row ${index + 2}`);
  });
  return labels;
}

export function labelsFromJsonl(text: string, source: string): Map<string, ItemLabels> {
  const labels = new Map<string, ItemLabels>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source}: line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new LabelsFileError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LabelsFileError(`${where}: expected a JSON object`);
    const record = value as Record<string, unknown>;
    const entries: [LabelKey, string][] = [];
    for (const [field, raw] of Object.entries(record)) {
      const key = labelKey(field);
      if (!key || raw === null || raw === undefined || raw === '') continue;
      if (typeof raw !== 'string' && typeof raw !== 'number') throw new LabelsFileError(`${where}: "${field}" must be a string or a number`);
      entries.push([key, String(raw)]);
    }
    const id = record['id'];
    add(labels, typeof id === 'string' || typeof id === 'number' ? String(id) : undefined, Object.fromEntries(entries), where);
  });
  return labels;
}

function add(labels: Map<string, ItemLabels>, id: string | undefined, entry: ItemLabels, where: string): void {
  if (!id) throw new LabelsFileError(`${where}: no id`);
  if (labels.has(id)) throw new LabelsFileError(`${where}: id "${id}" appears twice`);
  labels.set(id, entry);
}

/** The id under which `labels` holds the pair: its relative path without extension, with extension, or its file name with or without extension, in that order. */
export function findLabelId(pair: ImagePair, labels: ReadonlyMap<string, ItemLabels>): string | undefined {
  return [pair.id, pair.real, baseName(pair.id), baseName(pair.real)].find((key) => labels.has(key));
}

/**
 * The labels of a pair: the labels file's entry for it (see findLabelId), and, when that gives no
 * expression, the name of the folder that holds the real image (<expression>/<file>).
 */
export function labelsForPair(pair: ImagePair, labels: ReadonlyMap<string, ItemLabels> | undefined): ItemLabels {
  const id = labels ? findLabelId(pair, labels) : undefined;
  const fromFile = id === undefined ? undefined : labels!.get(id);
  const slash = pair.real.lastIndexOf('/');
  const folder = slash >= 0 ? baseName(pair.real.slice(0, slash)) : undefined;
  return { ...(folder ? { expression: folder } : {}), ...fromFile };
}
