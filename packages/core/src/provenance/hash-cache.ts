import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

/** One remembered hash: valid while the file keeps this size and modification time. */
interface CachedHash {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: string;
  /** When it was hashed (ms since the epoch): the oldest go first when the cache is full. */
  readonly hashedAt?: number;
}

/** Entries kept: enough for every model a machine holds, few enough that files long gone (test folders, old exports) do not pile up. */
export const HASH_CACHE_ENTRIES = 4096;

interface HashCacheFile {
  readonly version: 1;
  readonly files: Record<string, CachedHash>;
}

/**
 * Where this machine keeps file hashes: `$GENEAVA_HASH_CACHE` (a file, for tests and shared setups),
 * else `$GENEAVA_CACHE/file-hashes.json`, else `$XDG_CACHE_HOME/geneava/file-hashes.json`, else
 * `~/.cache/geneava/file-hashes.json` (the same root the face models use).
 */
export function defaultHashCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env['GENEAVA_HASH_CACHE']) return env['GENEAVA_HASH_CACHE'];
  if (env['GENEAVA_CACHE']) return join(env['GENEAVA_CACHE'], 'file-hashes.json');
  const root = env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
  return join(root, 'geneava', 'file-hashes.json');
}

function parseCache(text: string): Record<string, CachedHash> {
  const value = JSON.parse(text) as Partial<HashCacheFile>;
  if (value.version !== 1 || typeof value.files !== 'object' || value.files === null) return {};
  const files: Record<string, CachedHash> = {};
  for (const [path, entry] of Object.entries(value.files)) {
    if (entry && typeof entry.size === 'number' && typeof entry.mtimeMs === 'number' && typeof entry.sha256 === 'string' && /^[0-9a-f]{64}$/.test(entry.sha256)) {
      files[path] = entry;
    }
  }
  return files;
}

/**
 * sha256 of files by (absolute path, size, modification time), kept in one JSON file per machine, so a
 * multi-gigabyte weight file is read once and not on every run. The cache only saves time: a missing,
 * unreadable or corrupt cache file means hashing again, never an error. Several processes may share
 * it; each write merges with what is on disk, and a lost entry costs one more hash.
 */
export class HashCache {
  private files: Record<string, CachedHash> | undefined;

  constructor(readonly file: string = defaultHashCacheFile()) {}

  private async load(): Promise<Record<string, CachedHash>> {
    this.files ??= await this.read();
    return this.files;
  }

  private async read(): Promise<Record<string, CachedHash>> {
    try {
      return parseCache(await readFile(this.file, 'utf8'));
    } catch {
      return {};
    }
  }

  async get(path: string, size: number, mtimeMs: number): Promise<string | undefined> {
    const entry = (await this.load())[path];
    return entry && entry.size === size && entry.mtimeMs === mtimeMs ? entry.sha256 : undefined;
  }

  async set(path: string, size: number, mtimeMs: number, sha256: string): Promise<void> {
    const entry = { size, mtimeMs, sha256, hashedAt: Date.now() };
    (await this.load())[path] = entry;
    try {
      const merged = Object.entries({ ...(await this.read()), [path]: entry });
      const kept = merged.length <= HASH_CACHE_ENTRIES ? merged : merged.sort(([, a], [, b]) => (b.hashedAt ?? 0) - (a.hashedAt ?? 0)).slice(0, HASH_CACHE_ENTRIES);
      const cache: HashCacheFile = { version: 1, files: Object.fromEntries(kept) };
      await writeFileAtomic(this.file, `${JSON.stringify(cache)}\n`);
    } catch {
      // A read-only home or cache folder: hashes are still right, only not remembered.
    }
  }
}
