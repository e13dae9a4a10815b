/**
 * Per-item labels (expression and demographics) that set metrics are broken down by. They come from a
 * CSV or JSON Lines file keyed by item id (or by photo file), or from the real image's folder name
 * (<expression>/<file>). The file format is the one source-photo labels use, read by the same parser
 * in core, so one labels file serves both building a dataset and evaluating it.
 */
import { GeneavaError, UsageError } from '@geneava/core/util';
import {
  labelsFromCsvText,
  labelsFromJsonlText,
  readSourceLabels,
  SOURCE_LABEL_KEYS,
  type SourceLabelRow,
  type SourceLabels,
} from '@geneava/core/dataset-format';
import { baseName, stripExtension, type ImagePair } from './pair-files.js';

/** The label names read from a labels file (ageGroup is also accepted as age_group or age-group). */
export const LABEL_KEYS = SOURCE_LABEL_KEYS;
export type LabelKey = (typeof LABEL_KEYS)[number];

export type ItemLabels = SourceLabels;

/** A labels file that cannot be used; the message names the file and, where it applies, the line. */
export class LabelsFileError extends GeneavaError {
  constructor(message: string) {
    super(message, 'labels-invalid');
  }
}

/** Core reports a bad labels file as a UsageError; callers of this module catch LabelsFileError. */
function asLabelsFileError(error: unknown): never {
  if (error instanceof UsageError) throw new LabelsFileError(error.message);
  throw error;
}

/**
 * The key a row is filed under: its id, or for a row that names only a photo file, that path without
 * its extension, which is how pairs are named (see ImagePair.id and findLabelId).
 */
function keyOf(row: SourceLabelRow): string {
  if (row.id) return row.id;
  if (row.file) return stripExtension(row.file);
  // The core parser rejects such rows already; kept so the map never gets an empty key.
  throw new LabelsFileError(`${row.where}: no id`);
}

/** Files rows by key; two rows for one item would make its labels ambiguous, so that is an error. */
function byId(rows: readonly SourceLabelRow[]): Map<string, ItemLabels> {
  const labels = new Map<string, ItemLabels>();
  for (const row of rows) {
    const id = keyOf(row);
    if (labels.has(id)) throw new LabelsFileError(`${row.where}: id "${id}" appears twice`);
    labels.set(id, row.labels);
  }
  return labels;
}

/**
 * Reads labels by id from a .csv (header row with an "id" or "file" column) or .jsonl file (objects
 * with an "id" or "file"). Columns other than id, file (or path), expression, gender, race and ageGroup
 * (also age_group) are ignored; empty values mean "not labelled". A row with no id is filed under its
 * file path without extension; two rows for one id are an error.
 */
export async function loadLabels(path: string): Promise<Map<string, ItemLabels>> {
  try {
    return byId(await readSourceLabels(path));
  } catch (error) {
    return asLabelsFileError(error);
  }
}

export function labelsFromCsv(text: string, source: string): Map<string, ItemLabels> {
  try {
    return byId(labelsFromCsvText(text, source));
  } catch (error) {
    return asLabelsFileError(error);
  }
}

export function labelsFromJsonl(text: string, source: string): Map<string, ItemLabels> {
  try {
    return byId(labelsFromJsonlText(text, source));
  } catch (error) {
    return asLabelsFileError(error);
  }
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
