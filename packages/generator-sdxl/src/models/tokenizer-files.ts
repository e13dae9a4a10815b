import { join } from 'node:path';
import { type CheckReportBuilder, isDirectory, isFile } from '@geneava/core/model-check';

/**
 * The two forms a saved CLIP tokenizer takes: the slow tokenizer's vocab.json + merges.txt (diffusers
 * and Optimum exports), or the fast tokenizer's single tokenizer.json (what newer transformers write).
 */
export type TokenizerFileForm = 'vocab.json + merges.txt' | 'tokenizer.json';

const SLOW_FILES = ['vocab.json', 'merges.txt'] as const;
const FAST_FILE = 'tokenizer.json';
const NEEDS = 'needs vocab.json + merges.txt, or tokenizer.json';

/** Reports what `folder` (relative to root) lacks; returns the form found, if complete. */
export async function checkTokenizerFolder(
  root: string,
  folder: string,
  report: CheckReportBuilder,
): Promise<TokenizerFileForm | undefined> {
  const dir = join(root, folder);
  if (!(await isDirectory(dir))) {
    report.problem(`${folder}/`, `tokenizer folder is missing (it ${NEEDS})`);
    return undefined;
  }
  const slowPresent = await Promise.all(SLOW_FILES.map((name) => isFile(join(dir, name))));
  if (slowPresent.every(Boolean)) return 'vocab.json + merges.txt';
  if (await isFile(join(dir, FAST_FILE))) return 'tokenizer.json';

  if (slowPresent.some(Boolean)) {
    // Half of the slow pair is there: name the missing half, that is what the user most likely lost.
    SLOW_FILES.forEach((name, i) => {
      if (!slowPresent[i]) report.problem(`${folder}/${name}`, `missing (the tokenizer ${NEEDS})`);
    });
  } else {
    report.problem(`${folder}/`, `has no tokenizer files (it ${NEEDS})`);
  }
  return undefined;
}
