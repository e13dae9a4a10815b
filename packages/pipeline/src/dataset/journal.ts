import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncFolder } from '@geneava/core/util';

/** One state transition of one item in one stage, e.g. { id, stage: "stylize:classic", status: "done" }. */
export interface JournalEntry {
  readonly id: string;
  readonly stage: string;
  readonly status: 'done' | 'failed' | 'skipped';
  /** Files the stage wrote (relative to the dataset folder), reasons, metrics... */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Milliseconds since the epoch. */
  readonly at: number;
}

export interface JournalReplay {
  readonly entries: number;
  /** A last line cut short by a crash (not a whole entry): it was dropped, and that work is redone. */
  readonly truncatedTail: boolean;
  /** A whole last entry that lost its newline (power cut, full disk): it was kept and its newline added. */
  readonly healedTail: boolean;
}

/**
 * The durable record of a resumable run: an append-only JSON Lines file, one line per state
 * transition, each line flushed to disk (datasync) before the transition counts. After a crash the
 * file is replayed; the latest entry per (item, stage) wins, and a half-written last line is dropped.
 * Output files are written atomically before their "done" entry, so a "done" entry always points at
 * complete files, and work without one is redone.
 */
export class RunJournal {
  private readonly latest = new Map<string, JournalEntry>();
  private handle: FileHandle | undefined;

  private constructor(readonly path: string) {}

  static async open(path: string): Promise<{ journal: RunJournal; replay: JournalReplay }> {
    const journal = new RunJournal(path);
    const replay = await journal.replay();
    await mkdir(dirname(path), { recursive: true });
    journal.handle = await open(path, 'a');
    // A new file's name is only durable once its folder is flushed too.
    if (replay.entries === 0) await syncFolder(dirname(path));
    return { journal, replay };
  }

  /**
   * Reads the file back and repairs its end so the next append starts on a line of its own: a whole
   * entry without its newline gets the newline; a line cut short (an interrupted write) is cut off.
   * A bad line anywhere else means the file was changed by something else, and is refused.
   */
  private async replay(): Promise<JournalReplay> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: 0, truncatedTail: false, healedTail: false };
      throw error;
    }
    const end = bytes.lastIndexOf(0x0a) + 1;
    const lines = bytes.subarray(0, end).toString('utf8').split('\n');
    let entries = 0;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const entry = parseEntry(line);
      if (!entry) throw new Error(`${this.path}:${index + 1}: not a journal entry (the file was changed by hand?)`);
      this.latest.set(key(entry.id, entry.stage), entry);
      entries++;
    });
    const tail = bytes.subarray(end).toString('utf8');
    if (tail.trim() === '') {
      if (tail !== '') await truncate(this.path, end);
      return { entries, truncatedTail: false, healedTail: false };
    }
    const last = parseEntry(tail);
    if (!last) {
      await truncate(this.path, end);
      await syncFile(this.path);
      return { entries, truncatedTail: true, healedTail: false };
    }
    this.latest.set(key(last.id, last.stage), last);
    const handle = await open(this.path, 'a');
    try {
      await handle.appendFile('\n');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    return { entries: entries + 1, truncatedTail: false, healedTail: true };
  }

  /** The latest entry of an item's stage, if any. */
  get(id: string, stage: string): JournalEntry | undefined {
    return this.latest.get(key(id, stage));
  }

  isDone(id: string, stage: string): boolean {
    return this.get(id, stage)?.status === 'done';
  }

  /** Every latest entry of one item, by stage. */
  stagesOf(id: string): JournalEntry[] {
    return [...this.latest.values()].filter((e) => e.id === id);
  }

  /** Appends a transition and waits until it is on disk. */
  async record(entry: Omit<JournalEntry, 'at'>): Promise<JournalEntry> {
    if (!this.handle) throw new Error(`${this.path}: journal is closed`);
    const full: JournalEntry = { ...entry, at: Date.now() };
    await this.handle.appendFile(`${JSON.stringify(full)}\n`);
    await this.handle.datasync();
    this.latest.set(key(full.id, full.stage), full);
    return full;
  }

  /**
   * Appends a transition without waiting for the disk: the line is handed to the operating system, so
   * it survives the process being killed, and reaches the disk at the next sync() or record(). Meant
   * for the many small transitions of a run: after a power cut a lost tail only means that work is
   * redone, because outputs are written atomically before their entry.
   */
  async append(entry: Omit<JournalEntry, 'at'>): Promise<JournalEntry> {
    if (!this.handle) throw new Error(`${this.path}: journal is closed`);
    const full: JournalEntry = { ...entry, at: Date.now() };
    await this.handle.appendFile(`${JSON.stringify(full)}\n`);
    this.latest.set(key(full.id, full.stage), full);
    return full;
  }

  /** Waits until every appended transition is on disk. */
  async sync(): Promise<void> {
    if (!this.handle) throw new Error(`${this.path}: journal is closed`);
    await this.handle.datasync();
  }

  async close(): Promise<void> {
    if (this.handle) await this.handle.datasync();
    await this.handle?.close();
    this.handle = undefined;
  }
}

/** The entry a line holds, or undefined when it is not a whole journal entry. */
function parseEntry(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Partial<JournalEntry>;
  const whole = typeof entry.id === 'string' && typeof entry.stage === 'string' && typeof entry.status === 'string' && typeof entry.at === 'number';
  return whole ? (entry as JournalEntry) : undefined;
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

function key(id: string, stage: string): string {
  return `${id}\u0000${stage}`;
}
