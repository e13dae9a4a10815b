/**
 * Ids of generated faces as the dataset build knows them: a dataset stores item <id> as
 * images/<expression>/<id>.png, so the id is the file name without its extension. Where two files of
 * a set share a name, those files use their relative path without extension instead, so no id is
 * ever ambiguous.
 */
import { readFile } from 'node:fs/promises';
import { baseName, stripExtension } from '../../pairing/pair-files.js';

/** Item id of every file (relative paths, '/' separated), in the same order. */
export function itemIds(files: readonly string[]): string[] {
  const names = files.map((file) => stripExtension(baseName(file)));
  const seen = new Map<string, number>();
  for (const name of names) seen.set(name, (seen.get(name) ?? 0) + 1);
  return files.map((file, i) => (seen.get(names[i]!)! > 1 ? stripExtension(file) : names[i]!));
}

/** The text of an exclusion list: one id per line, sorted, no duplicates. */
export function formatExclusionList(ids: Iterable<string>): string {
  const unique = [...new Set(ids)].sort();
  return unique.map((id) => `${id}\n`).join('');
}

/** Reads an exclusion list: one id per line; blank lines and lines starting with '#' are skipped. */
export async function readExclusionList(path: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${path}: ${code === 'ENOENT' ? 'exclusion list not found' : `cannot read exclusion list (${code ?? String(error)})`}`);
  }
  return new Set(
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
}
