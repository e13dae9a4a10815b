import { createHash } from 'node:crypto';
import type { CurationSettings, DatasetItem, FilterSettings, JournalEntry } from '../dataset/index.js';

/** What a coordinator publishes once per run, for workers to build the same components from. */
export interface RunRecord {
  readonly out: string;
  readonly filter: FilterSettings;
  readonly curation: CurationSettings;
  /** Item id -> the exclusion list that names it. */
  readonly exclusions?: readonly (readonly [string, string])[];
  /** The caller's description of the components (e.g. the CLI's resolved settings); workers hand it to their loader. */
  readonly spec: unknown;
  /** Digest of the coordinator's component identities; a worker whose models differ refuses the run. */
  readonly identities: string;
}

/** One item's job: its run, the item, and the journal entries the item had when the job was made. */
export interface ItemJobData {
  readonly run: string;
  readonly item: DatasetItem;
  readonly entries: readonly JournalEntry[];
}

/** Progress of one stage of the item, as the local runner reports it. */
export interface ItemTick {
  readonly task: string;
  readonly status?: 'ok' | 'skipped' | 'failed' | undefined;
  readonly message?: string | undefined;
}

/** What a worker hands back: the journal entries the stages appended, in order, and the stages' progress. */
export interface ItemJobResult {
  readonly entries: readonly JournalEntry[];
  readonly ticks: readonly ItemTick[];
  readonly ms: number;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The Redis key of a run's record. */
export function runRecordKey(queueName: string, run: string): string {
  return `geneava:${queueName}:run:${run}`;
}

/**
 * A job id from the run (its components' fingerprints, folder and settings), the item's id, its image
 * fingerprint and the journal state it starts from: adding the same plan again adds nothing, and an
 * item whose recorded state changed (a finished run resumed later) gets a new job. Hex only: BullMQ
 * ids must not hold ":" nor be all digits.
 */
export function itemJobId(run: string, item: DatasetItem, imageFingerprint: string, entries: readonly JournalEntry[]): string {
  const state = entries.map((e) => `${e.stage}|${e.status}|${e.at}`).sort().join('\n');
  return `i${run}${sha256(`${item.id}\n${imageFingerprint}\n${state}`).slice(0, 32)}`;
}
