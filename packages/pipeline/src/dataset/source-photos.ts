import { basename, extname, resolve } from 'node:path';
import { IMAGE_FILE_EXTENSIONS, listImageFiles, type SkippedEntry } from '@geneava/core/image';
import { UsageError } from '@geneava/core/util';
import { isSafeSegment, toSafeSegment } from './item.js';
import type { SourceLabelRow, SourceLabels } from '@geneava/core/dataset-format';

/** Extensions of the photos a source folder is searched for (what decodeImage reads). */
export const SOURCE_IMAGE_EXTENSIONS = IMAGE_FILE_EXTENSIONS;

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

function stem(file: string): string {
  const name = basename(file);
  return name.slice(0, name.length - extname(name).length);
}

/** The label a folder name gives: "<expression>/<file>" (the innermost folder), none at the top level. */
function folderLabels(file: string): SourceLabels {
  const parts = file.split('/');
  return parts.length > 1 ? { expression: parts[parts.length - 2]! } : {};
}

/** The photos of a source folder, and every entry of it that is not a photo, with why. */
export interface SourceFolderListing {
  readonly photos: SourcePhoto[];
  readonly skipped: readonly SkippedEntry[];
}

/** The photos of a source folder (see listSourceFolder). */
export async function listSourcePhotos(dir: string, options: ListSourcePhotosOptions = {}): Promise<SourcePhoto[]> {
  return (await listSourceFolder(dir, options)).photos;
}

/**
 * The photos of a source folder (searched recursively through links, hidden entries skipped, sorted by path) with
 * their labels: the innermost folder's name as the expression, then the labels file's row for the
 * photo (matched by its "file" column, else by its "id" against the file name without extension).
 * Ids are the row's id or the file name without extension (unsafe characters replaced by "_").
 * Two photos with one id, a row that matches no photo or two rows for one photo are UsageErrors.
 * Entries that are not photos (other files, broken links, link loops, unreadable ones) come back in `skipped`.
 */
export async function listSourceFolder(dir: string, options: ListSourcePhotosOptions = {}): Promise<SourceFolderListing> {
  const root = resolve(dir);
  const listing = await listImageFiles(root, options.exclude === undefined ? {} : { exclude: options.exclude });
  const files = listing.images;
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
  return { photos, skipped: listing.skipped };
}
