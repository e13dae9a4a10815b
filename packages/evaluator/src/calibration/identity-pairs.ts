/**
 * Labelled identity pairs for threshold calibration, from one of two layouts:
 * - people folders: DIR/<person>/<images...>; every two images of one person are a same-person pair,
 *   images of two people a different-person pair (sampled when there are more than asked for);
 * - a CSV of pairs: rows `a,b,same` (paths relative to the CSV's folder; same = 1/0, true/false,
 *   same/different, yes/no), with an optional header row (a first row whose first field is not an image file).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { IMAGE_EXTENSIONS, listImages } from '../pairing/list-images.js';
import { parseCsv } from '../report/csv.js';
import { mulberry32, DEFAULT_SEED } from '../stats/random.js';

export interface IdentityPair {
  /** Absolute image paths. */
  readonly a: string;
  readonly b: string;
  readonly same: boolean;
}

export interface IdentityPairSet {
  readonly kind: 'people' | 'pairs-csv';
  /** The folder or CSV file read. */
  readonly path: string;
  /** Every image the pairs name, absolute, sorted. */
  readonly images: readonly string[];
  readonly pairs: readonly IdentityPair[];
  /** People folders: how many people (folders with at least one image). */
  readonly people?: number;
  /** People folders: different-person pairs there were before sampling. */
  readonly differentPairsAvailable?: number;
  /** Files that are not images, and folders without images (people folders). */
  readonly ignored: readonly string[];
}

export interface PeopleFolderOptions {
  /** Different-person pairs at most; more are sampled uniformly without replacement (default 20000). */
  readonly maxDifferentPairs?: number;
  /** Seed of that sample. */
  readonly seed?: number;
}

export const DEFAULT_MAX_DIFFERENT_PAIRS = 20000;

/** DIR/<person>/... : all same-person pairs, different-person pairs up to `maxDifferentPairs`. */
export async function readPeopleFolders(dir: string, options: PeopleFolderOptions = {}): Promise<IdentityPairSet> {
  const max = options.maxDifferentPairs ?? DEFAULT_MAX_DIFFERENT_PAIRS;
  if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`maximum different-person pairs must be a positive integer, got ${max}`);
  const top = await listImages(dir);
  const entries = await readdir(dir, { withFileTypes: true });
  const ignored = [...top.ignored];
  const people: string[][] = [];
  for (const entry of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((x, y) => (x.name < y.name ? -1 : 1))) {
    const images = top.images.filter((file) => file.startsWith(`${entry.name}/`)).map((file) => join(dir, file));
    if (images.length === 0) ignored.push(`${entry.name}/`);
    else people.push(images);
  }
  ignored.push(...top.images.filter((file) => !file.includes('/')));
  if (people.length < 2) throw new Error(`${dir}: needs at least two person folders with images (found ${people.length}); expected DIR/<person>/<image>`);

  const pairs: IdentityPair[] = [];
  for (const images of people) for (let i = 0; i < images.length; i++) for (let j = i + 1; j < images.length; j++) pairs.push({ a: images[i]!, b: images[j]!, same: true });

  let available = 0;
  for (let p = 0; p < people.length; p++) for (let q = p + 1; q < people.length; q++) available += people[p]!.length * people[q]!.length;
  if (available <= max) {
    for (let p = 0; p < people.length; p++)
      for (let q = p + 1; q < people.length; q++) for (const a of people[p]!) for (const b of people[q]!) pairs.push({ a, b, same: false });
  } else {
    // Uniform over pairs: draw a flat index into the concatenated person-pair blocks, without repeats.
    const random = mulberry32(options.seed ?? DEFAULT_SEED);
    const blocks: { p: number; q: number; start: number }[] = [];
    let start = 0;
    for (let p = 0; p < people.length; p++)
      for (let q = p + 1; q < people.length; q++) {
        blocks.push({ p, q, start });
        start += people[p]!.length * people[q]!.length;
      }
    const drawn = new Set<number>();
    while (drawn.size < max) drawn.add(Math.floor(random() * available));
    for (const index of [...drawn].sort((x, y) => x - y)) {
      let lo = 0;
      let hi = blocks.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (blocks[mid]!.start <= index) lo = mid;
        else hi = mid - 1;
      }
      const block = blocks[lo]!;
      const offset = index - block.start;
      const width = people[block.q]!.length;
      pairs.push({ a: people[block.p]![Math.floor(offset / width)]!, b: people[block.q]![offset % width]!, same: false });
    }
  }
  const images = people.flat().sort();
  return { kind: 'people', path: dir, images, pairs, people: people.length, differentPairsAvailable: available, ignored };
}

const TRUE = new Set(['1', 'true', 'same', 'yes']);
const FALSE = new Set(['0', 'false', 'different', 'no']);

/** Rows `a,b,same`; relative paths are taken from the CSV's folder. */
export async function readPairsCsv(file: string): Promise<IdentityPairSet> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? 'pairs file not found' : `cannot read (${code ?? String(error)})`}`);
  }
  const rows = parseCsv(text, file);
  const base = dirname(resolve(file));
  const pairs: IdentityPair[] = [];
  rows.forEach((row, index) => {
    if (row.length === 1 && row[0]!.trim() === '') return;
    const line = index + 1;
    if (row.length !== 3) throw new Error(`${file}: line ${line}: expected 3 fields (a,b,same), got ${row.length}`);
    const [a, b, label] = row.map((field) => field.trim()) as [string, string, string];
    const value = label.toLowerCase();
    // A header row names columns, not image files.
    if (index === 0 && !IMAGE_EXTENSIONS.includes(extname(a).toLowerCase())) return;
    if (!TRUE.has(value) && !FALSE.has(value)) throw new Error(`${file}: line ${line}: "same" must be 1/0, true/false, same/different or yes/no, got "${label}"`);
    if (a === '' || b === '') throw new Error(`${file}: line ${line}: an image path is empty`);
    const path = (p: string) => (isAbsolute(p) ? p : join(base, p));
    pairs.push({ a: path(a), b: path(b), same: TRUE.has(value) });
  });
  if (!pairs.some((p) => p.same) || !pairs.some((p) => !p.same)) {
    throw new Error(`${file}: needs same-person and different-person pairs, got ${pairs.filter((p) => p.same).length} and ${pairs.filter((p) => !p.same).length}`);
  }
  const images = [...new Set(pairs.flatMap((p) => [p.a, p.b]))].sort();
  return { kind: 'pairs-csv', path: file, images, pairs, ignored: [] };
}
