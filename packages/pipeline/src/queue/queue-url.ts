import { UsageError } from '@geneava/core/util';

/** Where a queue lives: a Redis server, its database number, and the queue's name in it. */
export interface QueueAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  /** The BullMQ queue's name (several builds can share one Redis under different names). */
  readonly name: string;
}

export const DEFAULT_QUEUE_NAME = 'geneava-items';

/**
 * Reads `redis://HOST:PORT/N` (port 6379 and database 0 when left out). A password in the URL is
 * refused: job data and logs are no place for secrets, and Redis ACLs belong in the Redis set-up.
 */
export function parseQueueUrl(url: string, name = DEFAULT_QUEUE_NAME): QueueAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--queue "${url}" is not a URL; expected redis://HOST:PORT/N`);
  }
  if (parsed.protocol !== 'redis:') throw new UsageError(`--queue "${url}": expected redis://HOST:PORT/N (got ${parsed.protocol.replace(/:$/, '')}://)`);
  if (parsed.username || parsed.password) throw new UsageError(`--queue "${url}": put no credentials in the queue URL`);
  if (!parsed.hostname) throw new UsageError(`--queue "${url}": no host; expected redis://HOST:PORT/N`);
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const path = parsed.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || !/^\d+$/.test(path || '0')) throw new UsageError(`--queue "${url}": the database "${path}" is not a number`);
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new UsageError(`queue name "${name}": use letters, digits, "-" and "_" only`);
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port, db, name };
}

/** The connection options BullMQ and ioredis take for an address. */
export function connectionOf(address: QueueAddress, patient: boolean): { host: string; port: number; db: number; maxRetriesPerRequest: number | null; enableOfflineQueue: boolean } {
  // Workers and followers wait out a Redis restart (null: retry commands forever); one-shot commands fail fast.
  return { host: address.host, port: address.port, db: address.db, maxRetriesPerRequest: patient ? null : 1, enableOfflineQueue: patient };
}
