import { resolve } from 'node:path';

/**
 * The six sample photos (22 faces) the CLI ships in its demo/ folder, for tests that need real faces.
 * A path into the repository, not an import: nothing in the pipeline depends on the CLI.
 */
export function samplePhotosDir(): string {
  return resolve(__dirname, '..', '..', '..', 'cli', 'demo');
}
