import { resolve } from 'node:path';

/** The six sample photos (22 faces) @geneava/pipeline ships in its demo/ folder, for tests that need real faces. */
export function samplePhotosDir(): string {
  return resolve(__dirname, '..', '..', '..', 'pipeline', 'demo');
}
