import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PairOutcome } from '../pairing/evaluate-pairs.js';
import { parseCsv } from './csv.js';
import { pairRecords, pairTable } from './pair-rows.js';
import { buildSummary } from './summary.js';
import { writeEvaluationReport } from './write-report.js';

const outcomes: PairOutcome[] = [
  {
    id: 'joy/1',
    real: 'joy/1.jpg',
    avatar: 'joy/1.png',
    labels: { expression: 'joy', gender: 'female' },
    status: 'ok',
    ms: 12.4,
    evaluation: {
      id: 'joy/1',
      metrics: [
        { metric: 'identity.cosine', model: 'mobileface', value: 0.75, higherIsBetter: true, details: { landmarks: 'reused' } },
        { metric: 'detection.redetected', value: 1, details: { landmarks: 'reused' } },
      ],
      notes: ['the real image has 2 faces; the largest was evaluated', 'second, "quoted"'],
    },
  },
  { id: 'a,b', real: 'a,b.jpg', avatar: 'a,b.png', labels: {}, status: 'failed', reason: 'decode: a,b.jpg: truncated', ms: 3 },
  {
    id: 'joy/2',
    real: 'joy/2.jpg',
    avatar: 'joy/2.png',
    labels: { expression: 'joy' },
    status: 'ok',
    ms: 10,
    evaluation: { id: 'joy/2', metrics: [{ metric: 'detection.redetected', value: 0, details: { landmarks: 'redetected' } }, { metric: 'landmarks.nme', value: 0.04 }] },
  },
];
const unpaired = [{ side: 'avatar' as const, path: 'extra.png', reason: 'no real image named extra' }];

describe('report rows', () => {
  it('gives one JSON record per pair and per unpaired file', () => {
    const records = pairRecords(outcomes, unpaired);
    expect(records.map((r) => [r.id, r.status])).toEqual([
      ['joy/1', 'ok'],
      ['a,b', 'failed'],
      ['joy/2', 'ok'],
      ['extra', 'unpaired'],
    ]);
    expect(records[0]).toMatchObject({ ms: 12, notes: outcomes[0]!.status === 'ok' ? outcomes[0]!.evaluation.notes : [] });
    expect(records[3]).toEqual({ id: 'extra', status: 'unpaired', avatar: 'extra.png', reason: 'no real image named extra' });
  });

  it('puts every metric in its own column, empty where a pair lacks it', () => {
    const table = pairTable(pairRecords(outcomes, unpaired));
    expect(table.header).toEqual([
      'id', 'status', 'reason', 'real', 'avatar', 'expression', 'gender', 'race', 'ageGroup', 'landmarks', 'notes',
      'identity.cosine[mobileface]', 'detection.redetected', 'landmarks.nme',
    ]);
    expect(table.rows[0]).toEqual([
      'joy/1', 'ok', undefined, 'joy/1.jpg', 'joy/1.png', 'joy', 'female', undefined, undefined, 'reused',
      'the real image has 2 faces; the largest was evaluated; second, "quoted"', 0.75, 1, undefined,
    ]);
    expect(table.rows[2]!.slice(9)).toEqual(['redetected', undefined, undefined, 0, 0.04]);
    expect(table.rows[3]!.slice(0, 5)).toEqual(['extra', 'unpaired', 'no real image named extra', undefined, 'extra.png']);
  });
});

describe('writeEvaluationReport', () => {
  it('writes pairs.jsonl, an escaped pairs.csv and summary.json', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'geneava-report-')), 'nested', 'out');
    const summary = buildSummary({
      evaluator: { id: 'preservation', version: '0.1.0', metrics: [] },
      thresholds: { mobileface: { threshold: 0.51, basis: 'test' } },
      outcomes,
      unpaired,
      ignoredFiles: 2,
      sets: [{ metric: 'landmarks.nme', n: 1, mean: 0.04, ci95: [0.04, 0.04], group: {} }],
    });
    const files = await writeEvaluationReport(out, pairRecords(outcomes, unpaired), summary);

    const jsonl = (await readFile(files.pairsJsonl, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(jsonl).toHaveLength(4);
    expect(jsonl[0].metrics[0]).toEqual({ metric: 'identity.cosine', model: 'mobileface', value: 0.75, higherIsBetter: true, details: { landmarks: 'reused' } });

    const csv = parseCsv(await readFile(files.pairsCsv, 'utf8'));
    expect(csv).toHaveLength(5);
    expect(csv.every((row) => row.length === 14)).toBe(true);
    expect(csv[2]!.slice(0, 3)).toEqual(['a,b', 'failed', 'decode: a,b.jpg: truncated']);
    expect(csv[1]![10]).toBe('the real image has 2 faces; the largest was evaluated; second, "quoted"');

    const written = JSON.parse(await readFile(files.summaryJson, 'utf8'));
    expect(written.counts).toEqual({ pairs: 3, ok: 2, failed: 1, unpaired: 1, ignoredFiles: 2 });
    expect(written.failed).toEqual([{ id: 'a,b', reason: 'decode: a,b.jpg: truncated' }]);
    expect(written.sets).toEqual([{ metric: 'landmarks.nme', n: 1, mean: 0.04, ci95: [0.04, 0.04], group: {} }]);
  });
});
