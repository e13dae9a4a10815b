import { open, readFile, rm } from 'node:fs/promises';
import { UsageError } from '../util/errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the dataset folder's lock (a file holding this process's id), so two runs never write one
 * dataset at once. A lock left by a process that no longer exists (killed) is taken over. Returns the
 * function that releases it.
 */
export async function acquireRunLock(path: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
      throw new UsageError(`${path}: another run (process ${owner}) is building this dataset; wait for it or stop it first`);
    }
    await rm(path, { force: true });
  }
  throw new UsageError(`${path}: cannot take the dataset lock`);
}
