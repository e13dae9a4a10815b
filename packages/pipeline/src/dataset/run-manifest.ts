import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@geneava/core/util';
import type { ComponentIdentity } from '@geneava/core/provenance';

/** `.geneava/run.json`: what the dataset folder was last built with. */
export interface RunManifest {
  readonly created: string;
  readonly updated: string;
  /** The identity of every component (generator or source, analyzer, stylizers, evaluator, memorization screen) behind the stage fingerprints. */
  readonly identities: Readonly<Record<string, ComponentIdentity>>;
}

/**
 * Records what this run builds with. A folder is resumed with any inputs: a stage whose inputs changed
 * has another fingerprint and is redone (with the stages after it), so no two kinds of images are
 * mixed under one id. The manifest says what the latest run used.
 */
export async function recordRunManifest(path: string, identities: Readonly<Record<string, ComponentIdentity>>): Promise<RunManifest> {
  let created: string | undefined;
  try {
    const existing = JSON.parse(await readFile(path, 'utf8')) as Partial<RunManifest>;
    if (typeof existing.created === 'string') created = existing.created;
  } catch {
    // Missing or unreadable: it is rewritten whole below.
  }
  const now = new Date().toISOString();
  const manifest: RunManifest = { created: created ?? now, updated: now, identities };
  await writeFileAtomic(path, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
