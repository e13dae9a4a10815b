import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { writeImageAtomic } from '@geneava/core/image';
import type { RunOptions, StylizedFace, StylizeInput, Stylizer } from '@geneava/core/contracts';

/**
 * Stylizes one input and writes the result to `path` atomically (encoded in memory, written to a temporary
 * sibling and renamed), so the path holds either nothing or the complete image, whatever the stylizer does.
 */
export async function stylizeToFile(stylizer: Stylizer, input: StylizeInput, path: string, options?: RunOptions): Promise<StylizedFace> {
  const result = await stylizer.stylize(input, options);
  await writeImageAtomic(path, result.image);
  return result;
}

/** Every file below `dir`, relative to it, sorted; temporary files included (hidden names too). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Files a crashed or interrupted atomic write would leave behind. */
export function isTemporaryFile(name: string): boolean {
  return name.endsWith('.tmp');
}
