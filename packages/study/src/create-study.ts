import { createHmac, randomBytes } from 'node:crypto';
import { access, copyFile, mkdir, readdir } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { decodeImage, writeImageAtomic } from '@geneava/core/image';
import { UsageError, writeFileAtomic } from '@geneava/core/util';
import type { ProgressCallback } from '@geneava/core/contracts';
import { newRaters } from './rater-tokens.js';
import { buildTasks, type PlannedPair } from './sampling/build-tasks.js';
import { seededRandom, shuffled } from './sampling/random.js';
import { samplePairs } from './sampling/sample-pairs.js';
import type { Candidate } from './source/candidates.js';
import { readStudySource } from './source/read-source.js';
import { STUDY_FILES, type KeyFile, type KeyPair, type QuestionId, type RatersFile, type StudyFile, type StudyPair } from './study-files.js';

export interface CreateStudyOptions {
  /** A `geneava run` dataset or a `geneava compare` output folder. */
  readonly from: string;
  /** The new study folder (must not hold a study yet). */
  readonly out: string;
  /** Pairs per task, the attention check included (default 15, as in the paper). */
  readonly pairsPerTask?: number;
  /** Raters who judge each task (default 9, as in the paper). */
  readonly ratersPerTask?: number;
  /** Rater links to make now (default ratersPerTask); more can be added later with addRaters. */
  readonly raters?: number;
  /** Pairs per (expression, stylizer) cell (default 7, as in the paper: 945 pairs for 135 expressions). */
  readonly pairsPerCell?: number;
  readonly seed?: number;
  /** Also ask whether the avatar is a cartoon, not a photo (stylization strength as people see it). */
  readonly strengthQuestion?: boolean;
  readonly onProgress?: ProgressCallback;
  readonly now?: () => Date;
}

export interface CreatedStudy {
  readonly dir: string;
  readonly tasks: number;
  readonly pairs: number;
  readonly stylizers: readonly string[];
  readonly raters: RatersFile['raters'];
}

/** Browsers show these as they are; anything else is converted to PNG. */
const SERVED_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

function checkWhole(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${name} must be a whole number, ${min} or more, got ${value}`);
}

/**
 * Builds a study folder from a dataset or a comparison: samples pairs stratified by expression and
 * stylizer, deals them into tasks with one attention check each, copies the images under opaque names,
 * and writes study.json (what raters see), key.json (stylizer names, labels, metrics: never served) and
 * raters.json (the link tokens).
 */
export async function createStudy(options: CreateStudyOptions): Promise<CreatedStudy> {
  const pairsPerTask = options.pairsPerTask ?? 15;
  const ratersPerTask = options.ratersPerTask ?? 9;
  const raterCount = options.raters ?? ratersPerTask;
  const perCell = options.pairsPerCell ?? 7;
  const seed = options.seed ?? 1;
  checkWhole('pairs per task', pairsPerTask, 2);
  checkWhole('raters per task', ratersPerTask, 1);
  checkWhole('raters', raterCount, 1);
  checkWhole('pairs per cell', perCell, 1);
  if (!Number.isInteger(seed)) throw new UsageError(`seed must be a whole number, got ${seed}`);
  const from = resolve(options.from);
  const out = resolve(options.out);
  if (out === from) throw new UsageError('the study folder must be another folder than the source');
  if (await access(join(out, STUDY_FILES.study)).then(() => true, () => false)) throw new UsageError(`${out}: already holds a study (${STUDY_FILES.study})`);
  const existing = await readdir(out).catch(() => []);
  if (existing.length > 0) throw new UsageError(`${out}: not empty; give a new folder for the study`);

  const source = await readStudySource(from);
  if (source.candidates.length === 0) throw new UsageError(`${from}: no (photo, avatar) pair to show (no avatar was made, or its files are missing)`);
  const rated = samplePairs(source.candidates, { perCell, seed });
  let planned;
  try {
    planned = buildTasks(rated, source.candidates, { pairsPerTask, seed });
  } catch (error) {
    throw new UsageError(`${from}: ${(error as Error).message}`);
  }

  // Opaque stylizer ids in a seeded order, so "s1" says nothing about which stylizer was named first.
  const stylizerIds = new Map(shuffled(source.stylizers, seededRandom(seed ^ 0x27d4eb2d)).map((name, index) => [name, `s${index + 1}`]));
  const imagesDir = join(out, STUDY_FILES.images);
  await mkdir(imagesDir, { recursive: true });
  // Image names are keyed hashes of the source path: stable within the study, unguessable outside it.
  const salt = randomBytes(16);
  const imageNames = new Map<string, string>();
  const total = planned.reduce((sum, task) => sum + task.pairs.length, 0);
  let copied = 0;
  const imageFor = async (path: string): Promise<string> => {
    const known = imageNames.get(path);
    if (known) return known;
    const extension = extname(path).toLowerCase();
    const served = SERVED_EXTENSIONS.has(extension) ? extension : '.png';
    const name = `${createHmac('sha256', salt).update(path).digest('hex').slice(0, 16)}${served}`;
    imageNames.set(path, name);
    if (served === extension) await copyFile(path, join(imagesDir, name));
    else await writeImageAtomic(join(imagesDir, name), await decodeImage(path));
    return name;
  };

  const pairs: StudyPair[] = [];
  const keyPairs: Record<string, KeyPair> = {};
  const tasks: StudyFile['tasks'] = [];
  const keyOf = (pair: PlannedPair, stylizer: (c: Candidate) => string): KeyPair =>
    pair.kind === 'rated'
      ? {
          kind: 'rated',
          item: pair.candidate.item,
          stylizer: stylizer(pair.candidate),
          labels: { ...pair.candidate.labels },
          metrics: { ...pair.candidate.metrics },
          source: { real: pair.candidate.real, avatar: pair.candidate.avatar },
        }
      : {
          kind: 'attention',
          item: pair.real.item,
          avatarOf: pair.avatar.item,
          stylizer: stylizer(pair.avatar),
          expected: { identity: false },
          source: { real: pair.real.real, avatar: pair.avatar.avatar },
        };
  for (const [taskIndex, task] of planned.entries()) {
    const ids: string[] = [];
    for (const pair of task.pairs) {
      const id = `p${String(pairs.length + 1).padStart(4, '0')}`;
      const real = pair.kind === 'rated' ? pair.candidate.real : pair.real.real;
      const avatar = pair.kind === 'rated' ? pair.candidate.avatar : pair.avatar.avatar;
      pairs.push({ id, real: await imageFor(real), avatar: await imageFor(avatar) });
      keyPairs[id] = keyOf(pair, (candidate) => stylizerIds.get(candidate.stylizer)!);
      ids.push(id);
      options.onProgress?.({ task: 'study:images', done: ++copied, total });
    }
    tasks.push({ id: `t${String(taskIndex + 1).padStart(3, '0')}`, pairs: ids });
  }

  const questions: QuestionId[] = options.strengthQuestion ? ['identity', 'expression', 'cartoon'] : ['identity', 'expression'];
  const study: StudyFile = {
    format: 'geneava-study',
    version: 1,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    questions,
    pairsPerTask,
    ratersPerTask,
    seed,
    tasks,
    pairs,
  };
  const key: KeyFile = {
    format: 'geneava-study-key',
    version: 1,
    from: { kind: source.kind, path: from },
    stylizers: Object.fromEntries([...stylizerIds].map(([name, id]) => [id, name])),
    pairs: keyPairs,
  };
  const raters: RatersFile = { raters: newRaters([], raterCount) };
  await writeFileAtomic(join(out, STUDY_FILES.key), `${JSON.stringify(key, null, 2)}\n`);
  await writeFileAtomic(join(out, STUDY_FILES.raters), `${JSON.stringify(raters, null, 2)}\n`);
  // study.json last: its presence means the folder is complete.
  await writeFileAtomic(join(out, STUDY_FILES.study), `${JSON.stringify(study, null, 2)}\n`);
  return { dir: out, tasks: tasks.length, pairs: pairs.length, stylizers: source.stylizers, raters: raters.raters };
}
