import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { DATASET_FILES } from '@geneava/core/dataset-format';
import { UsageError } from '@geneava/core/util';
import type { StudySource } from './candidates.js';
import { readCompareFolder } from './read-compare-folder.js';
import { readRunDataset } from './read-run-dataset.js';

/** A `run` dataset (metadata.jsonl) or a `compare` folder (comparison.json), told apart by those files. */
export async function readStudySource(dir: string): Promise<StudySource> {
  const has = (name: string) => access(join(dir, name)).then(() => true, () => false);
  if (await has(DATASET_FILES.metadataJsonl)) return readRunDataset(dir);
  if (await has('comparison.json')) return readCompareFolder(dir);
  throw new UsageError(`${dir}: neither a run dataset (no ${DATASET_FILES.metadataJsonl}) nor a compare folder (no comparison.json)`);
}
