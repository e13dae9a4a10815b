/**
 * Where a folder of avatars put each real face, for `evaluate`: `stylize` writes, per avatar, the faces
 * it gave the stylizer and the stylizer's faceTransforms (placements.jsonl in the avatar folder), so an
 * evaluation of the two folders follows the same protocol as `compare` and `run` (same real faces, the
 * stylizer's own transforms) instead of assuming the avatar keeps the photo's frame. The format lives in
 * core because its writer (the stylize step) and its reader (the evaluation) must not depend on each other.
 */
import { readFile } from 'node:fs/promises';
import type { DetectedFace } from '../contracts/image.js';
import type { AffineMatrix } from '../geometry/affine.js';
import { faceTransformsProblem } from '../geometry/face-transform.js';
import { GeneavaError } from '../util/errors.js';

/** The file `stylize` writes into its output folder. */
export const PLACEMENTS_FILE = 'placements.jsonl';

/** One avatar's line: its path in the avatar folder, the photo's, the faces given and where they went. */
export interface PlacementRecord {
  /** The avatar, relative to the avatar folder, forward slashes. */
  readonly avatar: string;
  /** The photo it was made from, relative to the photo folder. */
  readonly real: string;
  readonly faces: readonly DetectedFace[];
  readonly faceTransforms?: readonly (AffineMatrix | null)[];
}

export type FacePlacement = Pick<PlacementRecord, 'faces' | 'faceTransforms'>;

/** A placements file that cannot be used, with the file and line. */
export class PlacementsFileError extends GeneavaError {
  constructor(message: string) {
    super(message, 'placements-invalid');
  }
}

/** Placements by avatar path. Each line is checked: a bad one is an error naming the file and line. */
export async function readPlacements(path: string): Promise<Map<string, FacePlacement>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new PlacementsFileError(`${path}: cannot read the placements file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const placements = new Map<string, FacePlacement>();
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${path}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new PlacementsFileError(`${where}: not valid JSON (${(error as Error).message})`);
    }
    const record = checkRecord(value, where);
    if (placements.has(record.avatar)) throw new PlacementsFileError(`${where}: avatar "${record.avatar}" is listed twice`);
    placements.set(record.avatar, { faces: record.faces, ...(record.faceTransforms ? { faceTransforms: record.faceTransforms } : {}) });
  });
  return placements;
}

function checkRecord(value: unknown, where: string): PlacementRecord {
  const fail = (problem: string) => new PlacementsFileError(`${where}: ${problem}`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw fail('expected an object with avatar, real and faces');
  const record = value as Record<string, unknown>;
  for (const key of ['avatar', 'real'] as const) {
    if (typeof record[key] !== 'string' || record[key] === '') throw fail(`"${key}" must be a non-empty path`);
  }
  if (!Array.isArray(record['faces'])) throw fail('"faces" must be an array of faces');
  record['faces'].forEach((face, i) => {
    const problem = faceProblem(face);
    if (problem) throw fail(`faces[${i}]: ${problem}`);
  });
  const problem = faceTransformsProblem(record['faceTransforms'], record['faces'].length);
  if (problem) throw fail(problem);
  return record as unknown as PlacementRecord;
}

function faceProblem(face: unknown): string | undefined {
  if (!face || typeof face !== 'object') return 'not an object';
  const { box, score, points5 } = face as Record<string, unknown>;
  const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const b = box as Record<string, unknown> | undefined;
  if (!b || !['x', 'y', 'width', 'height'].every((k) => finite(b[k]))) return 'box must have finite x, y, width and height';
  if (!finite(score)) return 'score must be a finite number';
  if (!Array.isArray(points5) || points5.length !== 5 || !points5.every((p) => Array.isArray(p) && p.length === 2 && p.every(finite))) {
    return 'points5 must be five [x, y] pairs of finite numbers';
  }
  return undefined;
}
