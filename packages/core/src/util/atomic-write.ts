import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncFolder } from './sync-folder.js';

/**
 * Writes a file so that readers never see it half-written: the bytes go to a temporary file in the
 * same folder (same filesystem, so rename is atomic) and are renamed over the target at the end.
 * A crash leaves at most a stray ".tmp" file, never a truncated target. The folder is flushed after
 * the rename, so after a power cut the target is the new file, not the old one or none.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flush: true });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}
