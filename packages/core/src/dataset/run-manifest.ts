import { readFile } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

/** `.geneava/run.json`: what the dataset folder is built from. */
export interface RunManifest {
  readonly fingerprint: string;
  readonly created: string;
}

/**
 * Checks that a dataset folder is resumed with the inputs it was started with (a different generator,
 * size, step count or source folder would mix two kinds of images under one set of ids), and records
 * them on the first run.
 */
export async function checkRunManifest(path: string, fingerprint: string): Promise<RunManifest> {
  let existing: RunManifest | undefined;
  try {
    existing = JSON.parse(await readFile(path, 'utf8')) as RunManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${path}: unreadable (${(error as Error).message}); remove it to start the dataset afresh`);
  }
  if (existing) {
    if (existing.fingerprint !== fingerprint) {
      throw new UsageError(
        `${path}: this dataset was built from "${existing.fingerprint}", not "${fingerprint}"; use another output folder (or the same settings) so images of two kinds are not mixed`,
      );
    }
    return existing;
  }
  const manifest: RunManifest = { fingerprint, created: new Date().toISOString() };
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
