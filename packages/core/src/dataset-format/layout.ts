import { join } from 'node:path';

/**
 * Where a dataset's files go, relative to its folder:
 *   images/<expression>/<id>.png                 the real faces
 *   avatars/<stylizer>/<expression>/<id>.png     one avatar per stylizer
 *   metadata.jsonl, metadata.csv                 one record per item
 *   README.md                                    the dataset card
 *   report.html                                  the run's report
 *   .geneava/journal.jsonl                       resumable state (append-only)
 */
export const DATASET_FILES = {
  metadataJsonl: 'metadata.jsonl',
  metadataCsv: 'metadata.csv',
  card: 'README.md',
  report: 'report.html',
  stateDir: '.geneava',
  journal: '.geneava/journal.jsonl',
  run: '.geneava/run.json',
  lock: '.geneava/lock',
  referencesCache: '.geneava/references',
} as const;

export function realImagePath(expression: string, id: string): string {
  return `images/${expression}/${id}.png`;
}

export function avatarPath(stylizer: string, expression: string, id: string): string {
  return `avatars/${stylizer}/${expression}/${id}.png`;
}

export function inDataset(root: string, relativePath: string): string {
  return join(root, ...relativePath.split('/'));
}
