import Database from 'better-sqlite3';
import type { QuestionId } from '../study-files.js';

export type PairAnswers = Partial<Record<QuestionId, boolean>>;

export interface StoredAnswer {
  readonly rater: string;
  readonly task: string;
  readonly pair: string;
  readonly question: QuestionId;
  readonly value: boolean;
  readonly answeredAt: string;
}

export interface Assignment {
  readonly rater: string;
  readonly task: string;
  readonly startedAt: string;
  readonly completedAt: string | null;
}

export type SaveResult = 'saved' | 'unchanged' | 'conflict';

/**
 * The answers of a study in SQLite (answers.db in the study folder). Every answer is committed before
 * the server replies (WAL, synchronous FULL), so neither a refresh nor a restart loses one. Answers are
 * final: the same answer again is accepted and changes nothing, a different one is refused.
 */
export class AnswerStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS assignments (
        rater TEXT NOT NULL, task TEXT NOT NULL, started_at TEXT NOT NULL, completed_at TEXT,
        PRIMARY KEY (rater, task)
      );
      CREATE TABLE IF NOT EXISTS answers (
        rater TEXT NOT NULL, task TEXT NOT NULL, pair TEXT NOT NULL, question TEXT NOT NULL,
        value INTEGER NOT NULL CHECK (value IN (0, 1)), answered_at TEXT NOT NULL,
        PRIMARY KEY (rater, pair, question),
        FOREIGN KEY (rater, task) REFERENCES assignments (rater, task)
      );
      -- Choices made on the pair on screen before it is submitted: kept so that a reload shows them
      -- again, changeable, never counted.
      CREATE TABLE IF NOT EXISTS drafts (
        rater TEXT NOT NULL, task TEXT NOT NULL, pair TEXT NOT NULL, question TEXT NOT NULL,
        value INTEGER NOT NULL CHECK (value IN (0, 1)), updated_at TEXT NOT NULL,
        PRIMARY KEY (rater, pair, question),
        FOREIGN KEY (rater, task) REFERENCES assignments (rater, task)
      );
    `);
  }

  /**
   * Keeps the choices made so far on a pair not yet submitted (each replaces the earlier choice to its
   * question). false when the pair is already answered: its answers are final and drafts are moot.
   */
  saveDraft(rater: string, task: string, pair: string, answers: PairAnswers, now: string): boolean {
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM answers WHERE rater = ? AND pair = ? LIMIT 1').get(rater, pair)) return false;
      const upsert = this.db.prepare(
        'INSERT INTO drafts (rater, task, pair, question, value, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (rater, pair, question) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      );
      for (const [question, value] of Object.entries(answers) as [QuestionId, boolean][]) upsert.run(rater, task, pair, question, value ? 1 : 0, now);
      return true;
    })();
  }

  /** The rater's draft choices in a task, by pair then question. */
  draftsOf(rater: string, task: string): Record<string, PairAnswers> {
    const drafts: Record<string, PairAnswers> = {};
    for (const row of this.db.prepare('SELECT pair, question, value FROM drafts WHERE rater = ? AND task = ?').all(rater, task) as { pair: string; question: QuestionId; value: number }[]) {
      (drafts[row.pair] ??= {})[row.question] = row.value === 1;
    }
    return drafts;
  }

  /** The rater's task in progress, if any. */
  openAssignment(rater: string): Assignment | undefined {
    const row = this.db.prepare('SELECT rater, task, started_at, completed_at FROM assignments WHERE rater = ? AND completed_at IS NULL ORDER BY started_at LIMIT 1').get(rater) as
      | { rater: string; task: string; started_at: string; completed_at: string | null }
      | undefined;
    return row && { rater: row.rater, task: row.task, startedAt: row.started_at, completedAt: row.completed_at };
  }

  assignmentsOf(rater: string): Assignment[] {
    return this.mapAssignments(this.db.prepare('SELECT rater, task, started_at, completed_at FROM assignments WHERE rater = ? ORDER BY started_at, task').all(rater));
  }

  allAssignments(): Assignment[] {
    return this.mapAssignments(this.db.prepare('SELECT rater, task, started_at, completed_at FROM assignments ORDER BY task, rater').all());
  }

  /**
   * Gives the rater a task they have not had that fewer than `ratersPerTask` raters hold, the one with
   * the fewest first (ties in `tasks` order), in one transaction; undefined when none is left. A rater
   * holds a task once finished, or while started after `staleBefore` (ISO time): a task abandoned
   * earlier goes to someone else too (its first rater may still finish it; every finished task counts).
   */
  assignNext(rater: string, tasks: readonly string[], ratersPerTask: number, now: string, staleBefore = ''): Assignment | undefined {
    return this.db.transaction(() => {
      const open = this.openAssignment(rater);
      if (open) return open;
      const held = this.db.prepare('SELECT task, COUNT(*) AS n FROM assignments WHERE completed_at IS NOT NULL OR started_at >= ? GROUP BY task').all(staleBefore) as { task: string; n: number }[];
      const counts = new Map(held.map((row) => [row.task, row.n]));
      const had = new Set(this.assignmentsOf(rater).map((assignment) => assignment.task));
      // Fill every task's first rater before any task's second: early results cover the whole study.
      let best: string | undefined;
      for (const task of tasks) {
        if (had.has(task) || (counts.get(task) ?? 0) >= ratersPerTask) continue;
        if (best === undefined || (counts.get(task) ?? 0) < (counts.get(best) ?? 0)) best = task;
      }
      if (best === undefined) return undefined;
      this.db.prepare('INSERT INTO assignments (rater, task, started_at) VALUES (?, ?, ?)').run(rater, best, now);
      return { rater, task: best, startedAt: now, completedAt: null };
    })();
  }

  answersOf(rater: string, task: string): StoredAnswer[] {
    return this.mapAnswers(this.db.prepare('SELECT * FROM answers WHERE rater = ? AND task = ? ORDER BY answered_at, pair, question').all(rater, task));
  }

  allAnswers(): StoredAnswer[] {
    return this.mapAnswers(this.db.prepare('SELECT * FROM answers ORDER BY task, rater, pair, question').all());
  }

  /**
   * Saves one pair's answers in one transaction, and completes the assignment when `completesWith` pairs
   * of the task are answered. 'unchanged': these exact answers were already saved; 'conflict': different
   * answers were (nothing is changed).
   */
  saveAnswers(rater: string, task: string, pair: string, answers: PairAnswers, completesWith: number, now: string): SaveResult {
    return this.db.transaction((): SaveResult => {
      const before = this.db.prepare('SELECT question, value FROM answers WHERE rater = ? AND pair = ?').all(rater, pair) as { question: string; value: number }[];
      const entries = Object.entries(answers) as [QuestionId, boolean][];
      if (before.length > 0) {
        const same = before.length === entries.length && before.every((row) => answers[row.question as QuestionId] === (row.value === 1));
        return same ? 'unchanged' : 'conflict';
      }
      const insert = this.db.prepare('INSERT INTO answers (rater, task, pair, question, value, answered_at) VALUES (?, ?, ?, ?, ?, ?)');
      for (const [question, value] of entries) insert.run(rater, task, pair, question, value ? 1 : 0, now);
      this.db.prepare('DELETE FROM drafts WHERE rater = ? AND pair = ?').run(rater, pair);
      const answered = (this.db.prepare('SELECT COUNT(DISTINCT pair) AS n FROM answers WHERE rater = ? AND task = ?').get(rater, task) as { n: number }).n;
      if (answered >= completesWith) this.db.prepare('UPDATE assignments SET completed_at = ? WHERE rater = ? AND task = ? AND completed_at IS NULL').run(now, rater, task);
      return 'saved';
    })();
  }

  close(): void {
    this.db.close();
  }

  private mapAssignments(rows: unknown[]): Assignment[] {
    return (rows as { rater: string; task: string; started_at: string; completed_at: string | null }[]).map((row) => ({
      rater: row.rater,
      task: row.task,
      startedAt: row.started_at,
      completedAt: row.completed_at,
    }));
  }

  private mapAnswers(rows: unknown[]): StoredAnswer[] {
    return (rows as { rater: string; task: string; pair: string; question: QuestionId; value: number; answered_at: string }[]).map((row) => ({
      rater: row.rater,
      task: row.task,
      pair: row.pair,
      question: row.question,
      value: row.value === 1,
      answeredAt: row.answered_at,
    }));
  }
}
