import { join } from 'node:path';
import { UsageError, writeFileAtomic } from '@geneava/core/util';
import { newRaters } from './rater-tokens.js';
import { loadStudyFolder } from './study-folder.js';
import { STUDY_FILES, type Rater } from './study-files.js';

/** Adds `count` rater links to a study (a running server picks them up on restart). Returns the new raters. */
export async function addRaters(dir: string, count: number): Promise<Rater[]> {
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`the number of raters to add must be a whole number, 1 or more, got ${count}`);
  const folder = await loadStudyFolder(dir);
  const added = newRaters(folder.raters.raters, count);
  await writeFileAtomic(join(dir, STUDY_FILES.raters), `${JSON.stringify({ raters: [...folder.raters.raters, ...added] }, null, 2)}\n`);
  return added;
}
