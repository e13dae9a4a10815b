import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { HashCache } from './hash-cache.js';

let sharedCache: HashCache | undefined;

/** The process's cache of file hashes (at defaultHashCacheFile(), read when first needed). */
export function defaultHashCache(): HashCache {
  sharedCache ??= new HashCache();
  return sharedCache;
}

export interface FileHashOptions {
  /** Default: the machine's cache (defaultHashCache()). */
  readonly cache?: HashCache;
  /** Called before a file is read in full (not when its hash was cached), e.g. to say that a large model is being hashed. */
  readonly onHashing?: (path: string, bytes: number) => void;
}

/** Streamed sha256 of a file's bytes. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * sha256 of a file, read (streamed) only when the cache has no hash for its current path, size and
 * modification time. The path is resolved through symbolic links, so two names of one file share one
 * entry and a link pointed elsewhere is hashed again.
 */
export async function cachedSha256(path: string, options: FileHashOptions = {}): Promise<string> {
  const cache = options.cache ?? defaultHashCache();
  const real = await realpath(path);
  const before = await stat(real);
  const cached = await cache.get(real, before.size, before.mtimeMs);
  if (cached) return cached;
  options.onHashing?.(real, before.size);
  const sha256 = await sha256OfFile(real);
  const after = await stat(real);
  // A file written to while it was read has no one hash worth remembering.
  if (after.size === before.size && after.mtimeMs === before.mtimeMs) await cache.set(real, after.size, after.mtimeMs, sha256);
  return sha256;
}
