import type { JournalEntry, StageJournal } from '../dataset/index.js';

/**
 * One item's journal on a queue worker: seeded with the entries the coordinator's journal held when the
 * job was made, it collects what the stages append and hands it back as the job's result; only the
 * coordinator writes the run's journal. Times only ever move forward from the seeded entries, so a
 * worker whose clock is behind the coordinator's still records a redone stage as newer than the stages
 * that depend on it.
 */
export class ItemJournal implements StageJournal {
  private readonly latest = new Map<string, JournalEntry>();
  readonly added: JournalEntry[] = [];
  private last = 0;

  constructor(seed: readonly JournalEntry[]) {
    for (const entry of seed) {
      this.latest.set(entry.stage, entry);
      this.last = Math.max(this.last, entry.at);
    }
  }

  get(_id: string, stage: string): JournalEntry | undefined {
    return this.latest.get(stage);
  }

  async append(entry: Omit<JournalEntry, 'at'>): Promise<JournalEntry> {
    this.last = Math.max(Date.now(), this.last + 1);
    const full: JournalEntry = { ...entry, at: this.last };
    this.latest.set(full.stage, full);
    this.added.push(full);
    return full;
  }
}
