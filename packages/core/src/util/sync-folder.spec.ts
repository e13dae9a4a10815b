import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { syncFolder } from './sync-folder.js';

// The module object the code under test calls through, so its calls can be watched.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsp = require('node:fs/promises') as typeof import('node:fs/promises');

/** Records which paths were opened and synced (the real calls still happen). */
function watchSyncs(): { synced: string[]; restore: () => void } {
  const synced: string[] = [];
  const real = fsp.open;
  const spy = jest.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await real(...args);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      synced.push(String(args[0]));
      return sync();
    };
    return handle;
  });
  return { synced, restore: () => spy.mockRestore() };
}

describe('syncFolder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-sync-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('flushes the folder itself', async () => {
    const watch = watchSyncs();
    try {
      await syncFolder(dir);
    } finally {
      watch.restore();
    }
    expect(watch.synced).toEqual([dir]);
  });

  it('is what makes an atomic write durable: the folder is flushed after the rename', async () => {
    const watch = watchSyncs();
    try {
      await writeFileAtomic(join(dir, 'sub', 'out.txt'), 'data');
    } finally {
      watch.restore();
    }
    expect(watch.synced).toEqual([join(dir, 'sub')]);
  });

  it('fails loudly for a folder that does not exist', async () => {
    await expect(syncFolder(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
