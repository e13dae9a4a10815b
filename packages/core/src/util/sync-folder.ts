import { open } from 'node:fs/promises';

/**
 * Flushes a folder's entries to disk, so a file created or renamed in it survives a power cut (on
 * Linux a file's data can be on disk while its name is not). Platforms that cannot open a folder for
 * syncing (Windows) or whose filesystem refuses it make this a no-op: there is nothing more to do there.
 */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
  } catch (error) {
    if (unsupported(error)) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!unsupported(error)) throw error;
  } finally {
    await handle.close();
  }
}

function unsupported(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'ENOTSUP' || code === 'EBADF';
}
