import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The temporary files writeFileAtomic makes: ".<name>.<pid>.<8 hex>.tmp". */
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files a killed run left behind (a write cut short before its rename). Only
 * safe while holding the dataset lock: then no other writer can own them. Returns how many it removed.
 */
export async function removeStaleTempFiles(root: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const stale = entries.filter((entry) => entry.isFile() && TEMP_FILE.test(entry.name));
  await Promise.all(stale.map((entry) => rm(join(entry.parentPath, entry.name), { force: true })));
  return stale.length;
}
