import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../util/errors.js';
import { isSafeSegment, toSafeSegment } from './item.js';
import type { SourceLabelRow, SourceLabels } from './source-labels.js';

/** Extensions of the photos a source folder is searched for (what decodeImage reads). */
export const SOURCE_IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif'] as const;

/** A photo of the source folder with its labels. */
export interface SourcePhoto {
  readonly id: string;
  /** Relative to the source folder, forward slashes. */
  readonly file: string;
  readonly labels: SourceLabels;
}

export interface ListSourcePhotosOptions {
  /** Rows of a labels file (readSourceLabels); they override labels taken from folder names. */
  readonly labels?: readonly SourceLabelRow[];
  /** A folder inside the source folder to leave out (the dataset folder, when it is written there). */
  readonly exclude?: string;
}

async function imageFiles(dir: string, exclude: string | undefined): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${dir}: ${code === 'ENOENT' ? 'source folder not found' : code === 'ENOTDIR' ? 'not a folder' : `cannot be read (${code})`}`);
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const path = relative(dir, full).split(sep).join('/');
    // Hidden files and folders (".git", resumable state) are never photos.
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    if (exclude && (full === exclude || full.startsWith(exclude + sep))) continue;
    if ((SOURCE_IMAGE_EXTENSIONS as readonly string[]).includes(extname(entry.name).toLowerCase())) files.push(path);
  }
  return files.sort();
}

function stem(file: string): string {
  const name = basename(file);
  return name.slice(0, name.length - extname(name).length);
}

/** The label a folder name gives: "<expression>/<file>" (the innermost folder), none at the top level. */
function folderLabels(file: string): SourceLabels {
  const parts = file.split('/');
  return parts.length > 1 ? { expression: parts[parts.length - 2]! } : {};
}

/**
 * The photos of a source folder (searched recursively, hidden entries skipped, sorted by path) with
 * their labels: the innermost folder's name as the expression, then the labels file's row for the
 * photo (matched by its "file" column, else by its "id" against the file name without extension).
 * Ids are the row's id or the file name without extension (unsafe characters replaced by "_").
 * Two photos with one id, a row that matches no photo or two rows for one photo are UsageErrors.
 */
export async function listSourcePhotos(dir: string, options: ListSourcePhotosOptions = {}): Promise<SourcePhoto[]> {
  const root = resolve(dir);
  const files = await imageFiles(root, options.exclude === undefined ? undefined : resolve(options.exclude));
  const byFile = new Map<string, SourceLabelRow>();
  const byStem = new Map<string, string[]>();
  for (const file of files) byStem.set(stem(file), [...(byStem.get(stem(file)) ?? []), file]);
  for (const row of options.labels ?? []) {
    let file = row.file;
    if (file !== undefined && !files.includes(file)) throw new UsageError(`${row.where}: file "${file}" is not in ${root}`);
    if (file === undefined) {
      const candidates = byStem.get(row.id!) ?? [];
      if (candidates.length === 0) throw new UsageError(`${row.where}: no photo named "${row.id}" (with any image extension) in ${root}`);
      if (candidates.length > 1) throw new UsageError(`${row.where}: id "${row.id}" matches ${candidates.join(' and ')}; add a "file" column`);
      file = candidates[0]!;
    }
    const earlier = byFile.get(file);
    if (earlier) throw new UsageError(`${row.where}: ${file} is already labelled by ${earlier.where}`);
    if (row.id !== undefined && !isSafeSegment(row.id)) {
      throw new UsageError(`${row.where}: id "${row.id}" must be letters, digits, ".", "_" or "-" (it names the item's files)`);
    }
    byFile.set(file, row);
  }

  const photos: SourcePhoto[] = [];
  const owner = new Map<string, string>();
  for (const file of files) {
    const row = byFile.get(file);
    const id = row?.id ?? toSafeSegment(stem(file));
    const clash = owner.get(id);
    if (clash) throw new UsageError(`${root}: ${clash} and ${file} would both be item "${id}"; give them distinct ids in a labels file (id,file,...)`);
    owner.set(id, file);
    const labels = { ...folderLabels(file), ...row?.labels };
    if (labels.expression !== undefined && !isSafeSegment(labels.expression)) {
      throw new UsageError(`${row?.where ?? `${root}/${file}`}: expression "${labels.expression}" cannot name a folder (letters, digits, ".", "_" or "-")`);
    }
    photos.push({ id, file, labels });
  }
  return photos;
}
