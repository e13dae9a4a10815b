/**
 * One row per pair (and per unpaired file), for pairs.jsonl and pairs.csv. In the CSV every metric is
 * a column named "<metric>" or "<metric>[<model>]", so a spreadsheet or dataframe reads it directly.
 */
import type { MetricRecord } from '@geneava/core/contracts';
import { LABEL_KEYS } from '../pairing/labels.js';
import type { PairOutcome } from '../pairing/evaluate-pairs.js';
import { stripExtension, type UnpairedImage } from '../pairing/pair-files.js';
import type { CsvValue } from './csv.js';

export type PairRecord =
  | {
      readonly id: string;
      readonly status: 'ok';
      readonly real: string;
      readonly avatar: string;
      readonly labels: Readonly<Record<string, string>>;
      readonly metrics: readonly MetricRecord[];
      readonly notes?: readonly string[];
      readonly ms: number;
    }
  | {
      readonly id: string;
      readonly status: 'failed';
      readonly real: string;
      readonly avatar: string;
      readonly labels: Readonly<Record<string, string>>;
      readonly reason: string;
      readonly ms: number;
    }
  | { readonly id: string; readonly status: 'unpaired'; readonly real?: string; readonly avatar?: string; readonly reason: string };

/** The JSON Lines records: evaluated and failed pairs in order, then unpaired files. */
export function pairRecords(outcomes: readonly PairOutcome[], unpaired: readonly UnpairedImage[] = []): PairRecord[] {
  const records: PairRecord[] = outcomes.map((outcome) => {
    const base = { id: outcome.id, status: outcome.status, real: outcome.real, avatar: outcome.avatar, labels: outcome.labels, ms: Math.round(outcome.ms) };
    return outcome.status === 'ok'
      ? { ...base, status: 'ok' as const, metrics: outcome.evaluation.metrics, ...(outcome.evaluation.notes ? { notes: outcome.evaluation.notes } : {}) }
      : { ...base, status: 'failed' as const, reason: outcome.reason };
  });
  for (const file of unpaired) {
    records.push({ id: stripExtension(file.path), status: 'unpaired', [file.side]: file.path, reason: file.reason });
  }
  return records;
}

/** CSV column of a metric record. */
export function metricColumn(record: Pick<MetricRecord, 'metric' | 'model'>): string {
  return record.model ? `${record.metric}[${record.model}]` : record.metric;
}

const FIXED_COLUMNS = ['id', 'status', 'reason', 'real', 'avatar', ...LABEL_KEYS, 'landmarks', 'notes'] as const;

/**
 * The CSV table of the records: fixed columns, then one column per metric in the order metrics first
 * appear. Booleans are 0/1 metrics already; a metric a pair lacks is an empty cell.
 */
export function pairTable(records: readonly PairRecord[]): { header: string[]; rows: CsvValue[][] } {
  const metricColumns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    if (record.status !== 'ok') continue;
    for (const metric of record.metrics) {
      const column = metricColumn(metric);
      if (!seen.has(column)) {
        seen.add(column);
        metricColumns.push(column);
      }
    }
  }
  const rows = records.map((record) => {
    const labels: Readonly<Record<string, string>> = record.status === 'unpaired' ? {} : record.labels;
    const values = new Map<string, CsvValue>();
    let landmarks: CsvValue;
    let notes: CsvValue;
    if (record.status === 'ok') {
      for (const metric of record.metrics) {
        values.set(metricColumn(metric), metric.value);
        const source = metric.details?.['landmarks'];
        if (source !== undefined) landmarks = source;
      }
      notes = record.notes?.join('; ');
    }
    const fixed: CsvValue[] = [
      record.id,
      record.status,
      record.status === 'ok' ? undefined : record.reason,
      record.real,
      record.avatar,
      ...LABEL_KEYS.map((key) => labels[key]),
      landmarks,
      notes,
    ];
    return [...fixed, ...metricColumns.map((column) => values.get(column))];
  });
  return { header: [...FIXED_COLUMNS, ...metricColumns], rows };
}
