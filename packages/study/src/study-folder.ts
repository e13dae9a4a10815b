import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { UsageError } from '@geneava/core/util';
import { keyFileSchema, ratersFileSchema, STUDY_FILES, studyFileSchema, type KeyFile, type RatersFile, type StudyFile } from './study-files.js';

/** A JSON file checked against its schema; any problem is one line naming the file. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${path}: ${code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? String(error)})`}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`${path}: ${issue.path.length ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

export interface StudyFolder {
  readonly dir: string;
  readonly study: StudyFile;
  readonly key: KeyFile;
  readonly raters: RatersFile;
}

/** Reads and checks study.json, key.json and raters.json, and that they agree with each other. */
export async function loadStudyFolder(dir: string): Promise<StudyFolder> {
  const study = await readJsonFile(join(dir, STUDY_FILES.study), studyFileSchema);
  const key = await readJsonFile(join(dir, STUDY_FILES.key), keyFileSchema);
  const raters = await readJsonFile(join(dir, STUDY_FILES.raters), ratersFileSchema);
  const pairIds = new Set(study.pairs.map((pair) => pair.id));
  for (const task of study.tasks) {
    for (const pair of task.pairs) {
      if (!pairIds.has(pair)) throw new UsageError(`${join(dir, STUDY_FILES.study)}: task ${task.id} lists pair ${pair}, which is not in pairs`);
    }
  }
  for (const pair of pairIds) {
    if (!key.pairs[pair]) throw new UsageError(`${join(dir, STUDY_FILES.key)}: pair ${pair} of study.json is missing`);
  }
  const tokens = new Set(raters.raters.map((rater) => rater.token));
  if (tokens.size !== raters.raters.length) throw new UsageError(`${join(dir, STUDY_FILES.raters)}: two raters share a token`);
  return { dir, study, key, raters };
}
