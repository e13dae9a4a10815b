import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

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
  /** A last line cut short by a crash; it is ignored and overwritten. */
  readonly truncatedTail: boolean;
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
    return { journal, replay };
  }

  private async replay(): Promise<JournalReplay> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: 0, truncatedTail: false };
      throw error;
    }
    const lines = text.split('\n');
    let entries = 0;
    let truncatedTail = false;
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        this.latest.set(key(entry.id, entry.stage), entry);
        entries++;
      } catch {
        // Only the last line can be cut short by a crash; anything else means the file was edited.
        if (index === lines.length - 1) truncatedTail = true;
        else throw new Error(`${this.path}:${index + 1}: not a journal entry (the file was changed by hand?)`);
      }
    });
    if (truncatedTail) await this.rewrite();
    return { entries, truncatedTail };
  }

  /** Rewrites the file from the replayed state (drops a torn last line), atomically. */
  private async rewrite(): Promise<void> {
    await writeFileAtomic(this.path, [...this.latest.values()].map((e) => `${JSON.stringify(e)}\n`).join(''));
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

function key(id: string, stage: string): string {
  return `${id}\u0000${stage}`;
}
