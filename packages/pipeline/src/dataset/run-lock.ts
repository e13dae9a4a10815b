import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { syncFolder, UsageError } from '@geneava/core/util';

/** Who holds a dataset lock, as written in the lock file. */
export interface LockOwner {
  readonly pid: number;
  /** The machine the owner runs on: a pid only means something there. Absent in locks of older versions. */
  readonly host?: string;
  /** ISO time the lock was taken. */
  readonly started?: string;
  /** Random, so a lock file is told apart from a later one of the same process. */
  readonly token: string;
}

/** How often a contended takeover is retried before giving up (each try takes microseconds). */
const ATTEMPTS = 50;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parses a lock file; a bare pid is the format of older versions (same machine assumed). */
function parseOwner(text: string): LockOwner | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), token: `pid:${trimmed}` };
  try {
    const value = JSON.parse(trimmed) as Partial<LockOwner>;
    if (Number.isInteger(value.pid) && typeof value.token === 'string') return value as LockOwner;
  } catch {
    // Not ours: reported below as unreadable.
  }
  return undefined;
}

async function readOwner(path: string): Promise<{ owner?: LockOwner; text: string } | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    const owner = parseOwner(text);
    return owner ? { owner, text } : { text };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function describe(owner: LockOwner): string {
  return `process ${owner.pid}${owner.host ? ` on ${owner.host}` : ''}${owner.started ? `, started ${owner.started}` : ''}`;
}

/** Why an owner still holds its lock, or undefined when the lock is stale and may be taken over. */
function heldBecause(owner: LockOwner, path: string): string | undefined {
  if (owner.host !== undefined && owner.host !== hostname()) {
    return `${path}: a run on another machine (${describe(owner)}) holds this dataset; its process cannot be checked from here. If that run has ended, delete ${path}`;
  }
  if (owner.pid === process.pid || isAlive(owner.pid)) {
    return `${path}: another run (${describe(owner)}) is building this dataset; wait for it or stop it first`;
  }
  return undefined;
}

/**
 * Creates `path` holding `content` only if it does not exist. The content is complete before the
 * name appears: it is written to a file of its own and hard-linked to the lock's name, and link()
 * never replaces an existing file. Returns false when the name is taken.
 */
async function createExclusive(path: string, content: string, token: string): Promise<boolean> {
  const pending = `${path}.${token}.pending`;
  await writeFile(pending, content, { flush: true });
  try {
    await link(pending, path);
    await syncFolder(dirname(path));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(pending, { force: true });
  }
}

/**
 * Removes the stale lock whose content is `stale`, and only that one. Takeovers are serialised by a
 * second lock (`<lock>.takeover`, taken the same exclusive way), and a live owner never removes
 * anyone's lock but its own, so under it the lock cannot change between the check and the removal.
 * The lock is moved aside by an atomic rename (the one step that can remove it) and then deleted.
 * Returns false when someone else holds the takeover lock: the caller looks again.
 */
async function removeStale(path: string, stale: string, me: LockOwner): Promise<boolean> {
  const guard = `${path}.takeover`;
  const guardContent = JSON.stringify(me);
  if (!(await createExclusive(guard, guardContent, me.token))) {
    await removeDeadGuard(guard, me);
    return false;
  }
  try {
    const now = await readOwner(path);
    if (now?.text !== stale) return false;
    const aside = `${path}.${me.token}.stale`;
    await rename(path, aside);
    await rm(aside, { force: true });
    await syncFolder(dirname(path));
    return true;
  } finally {
    await rm(guard, { force: true });
  }
}

/**
 * A takeover lock is held for a few file operations; one left by a process killed in that moment
 * would block every later takeover. It is removed when its owner is gone, by the same move-aside,
 * and put back if what was moved turns out to be a live one.
 */
async function removeDeadGuard(guard: string, me: LockOwner): Promise<void> {
  const found = await readOwner(guard);
  if (!found?.owner || heldBecause(found.owner, guard) !== undefined) return;
  const aside = `${guard}.${me.token}.stale`;
  try {
    await rename(guard, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== found.text) await link(aside, guard).catch(() => undefined);
  await rm(aside, { force: true });
}

/**
 * Takes the dataset folder's lock, so two runs never write one dataset at once. The lock file names
 * its owner (pid, host, start time, a random token) from the moment it exists. A lock whose owner
 * is gone (a killed run on this machine) is taken over; a live owner's never, this process's own
 * included, and neither is a lock from another machine, whose pid cannot be checked from here.
 * Returns the function that releases it (it removes the lock only while it is still this one).
 */
export async function acquireRunLock(path: string): Promise<() => Promise<void>> {
  const me: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const content = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusive(path, content, me.token)) return () => releaseRunLock(path, content);
    const found = await readOwner(path);
    if (found === undefined) continue;
    if (!found.owner) {
      throw new UsageError(`${path}: not a dataset lock (${JSON.stringify(found.text.slice(0, 40))}); if no run is building this dataset, delete ${path}`);
    }
    const reason = heldBecause(found.owner, path);
    if (reason) throw new UsageError(reason);
    // Another process is taking the stale lock over: give it a moment, then look again.
    if (!(await removeStale(path, found.text, me))) await sleep(Math.min(attempt + 1, 20));
  }
  throw new UsageError(`${path}: cannot take the dataset lock: other runs keep taking it over; try again`);
}

async function releaseRunLock(path: string, content: string): Promise<void> {
  const found = await readOwner(path);
  if (found?.text === content) await rm(path, { force: true });
}
