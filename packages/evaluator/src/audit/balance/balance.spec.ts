import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DetectedFace, FaceAnalysis, FaceAnalyzer, RgbImage } from '@geneava/core/contracts';
import { parseCsv } from '../../report/csv.js';
import { ageAgainstGroup, attributeAgreement, estimateAttributes } from './attribute-check.js';
import { AGE_GROUP_IDS, EXPRESSION_LIST, RACE_IDS } from '@geneava/core/taxonomy';
import { balanceCounts, type BalanceScope } from './balance-counts.js';
import { readBalanceSource, type BalanceItem } from './balance-items.js';
import { balanceReport, writeBalanceReport } from './balance-report.js';
import { writeColourImage } from '../test-support/colour-faces.js';

const item = (id: string, expression: string, gender: string, race: string, ageGroup: string, extra: Partial<BalanceItem> = {}): BalanceItem => ({ id, expression, gender, race, ageGroup, ...extra });

/** 2 expressions x 2 genders x 1 race x 2 age groups = 8 cells; joy/female/20s twice, anger/male/30s missing. */
const ITEMS: BalanceItem[] = [
  item('a', 'anger', 'female', 'white', '20s'),
  item('b', 'anger', 'female', 'white', '30s'),
  item('c', 'anger', 'male', 'white', '20s'),
  item('d', 'joy', 'female', 'white', '20s'),
  item('e', 'joy', 'female', 'white', '20s'),
  item('f', 'joy', 'female', 'white', '30s'),
  item('g', 'joy', 'male', 'white', '20s'),
  item('h', 'joy', 'male', 'white', '30s'),
];

/** The scope ITEMS were made for: the two expressions, one race, two age groups (genders: the taxonomy's two). */
const SCOPE: BalanceScope = { expression: ['joy', 'anger'], race: ['white'], ageGroup: ['20s', '30s'] };

describe('balance counts', () => {
  it('counts every cell of the scope, empty ones included, against total / cells', () => {
    const counts = balanceCounts(ITEMS, SCOPE);
    // Taxonomy order: joy comes before anger, female before male.
    expect(counts.levels).toEqual({ expression: ['joy', 'anger'], gender: ['female', 'male'], race: ['white'], ageGroup: ['20s', '30s'] });
    expect(counts.cells.map((c) => c.count)).toEqual([2, 1, 1, 1, 1, 1, 1, 0]);
    expect(counts.summary).toEqual({
      cells: 8,
      target: 1,
      min: 0,
      max: 2,
      emptyCells: 1,
      offTarget: 2,
      maxDeviation: 1,
      // (|2/8 - 1/8| + |0 - 1/8|) / 2
      totalVariation: 0.125,
      // sqrt((1 + 1) / 8) / 1
      coefficientOfVariation: 0.5,
    });
    expect(counts.marginals.gender).toEqual([
      { value: 'female', count: 5, share: 0.625, evenShare: 0.5, deviation: 0.125 },
      { value: 'male', count: 3, share: 0.375, evenShare: 0.5, deviation: -0.125 },
    ]);
  });

  it('is exactly balanced for one item per cell', () => {
    const balanced = ITEMS.filter((i) => i.id !== 'e').concat(item('i', 'anger', 'male', 'white', '30s'));
    const counts = balanceCounts(balanced, SCOPE);
    expect(counts.summary).toMatchObject({ target: 1, min: 1, max: 1, offTarget: 0, totalVariation: 0, coefficientOfVariation: 0 });
    expect(counts.verdict).toEqual({ balanced: true, reasons: [], missingValues: { expression: [], gender: [], race: [], ageGroup: [] } });
    expect(counts.scope).toEqual({ expression: 'declared', gender: 'taxonomy', race: 'declared', ageGroup: 'declared' });
    expect(balanceCounts(ITEMS, SCOPE).verdict).toMatchObject({ balanced: false, reasons: ['1 of 8 cells are empty', '1 non-empty cells are at least one item away from the target 1'] });
  });

  it('spans the whole taxonomy by default: a set with 2 of 7 races, evenly filled, is not balanced', () => {
    // One item per expression x gender x {white, black} x age group: even within what is there.
    const items: BalanceItem[] = [];
    for (const { name } of EXPRESSION_LIST)
      for (const gender of ['female', 'male'])
        for (const race of ['white', 'black'])
          for (const ageGroup of AGE_GROUP_IDS) items.push(item(`${name}-${gender}-${race}-${ageGroup}`, name, gender, race, ageGroup));
    const counts = balanceCounts(items);
    expect(counts.levels.race).toEqual(RACE_IDS);
    expect(counts.levels.expression).toHaveLength(135);
    expect(counts.summary).toMatchObject({ cells: 135 * 2 * 7 * 7, emptyCells: 135 * 2 * 5 * 7, min: 0, max: 1 });
    const races = counts.marginals.race.map((m) => [m.value, m.count]);
    expect(races).toEqual(RACE_IDS.map((race) => [race, race === 'white' || race === 'black' ? 135 * 2 * 7 : 0]));
    expect(counts.verdict.balanced).toBe(false);
    expect(counts.verdict.missingValues.race).toEqual(['indian', 'east-asian', 'southeast-asian', 'middle-eastern', 'latino-hispanic']);
    expect(counts.verdict.reasons[0]).toBe('race: 5 of 7 values have no items (indian, east-asian, southeast-asian, middle-eastern, latino-hispanic)');
    // The same set with the five races added is balanced.
    for (const { name } of EXPRESSION_LIST)
      for (const gender of ['female', 'male'])
        for (const race of RACE_IDS.slice(2)) for (const ageGroup of AGE_GROUP_IDS) items.push(item(`${name}-${gender}-${race}-${ageGroup}`, name, gender, race, ageGroup));
    expect(balanceCounts(items).verdict.balanced).toBe(true);
  });

  it('counts an expression of the scope with no items, and values outside the taxonomy after it', () => {
    const counts = balanceCounts([item('a', 'joy', 'female', 'white', '20s'), item('b', 'joy', 'female', 'white', 'kids')], { expression: ['joy', 'anger'], race: ['white'], gender: ['female'], ageGroup: ['20s'] });
    expect(counts.levels.expression).toEqual(['joy', 'anger']);
    expect(counts.levels.ageGroup).toEqual(['20s', 'kids']);
    expect(counts.cells.map((c) => c.count)).toEqual([1, 1, 0, 0]);
    expect(counts.verdict.missingValues.expression).toEqual(['anger']);
    expect(counts.verdict.balanced).toBe(false);
  });

  it('rejects an unknown axis or an empty list in the scope', () => {
    expect(() => balanceCounts(ITEMS, { colour: ['red'] } as unknown as BalanceScope)).toThrow('balance scope: unknown axis "colour"');
    expect(() => balanceCounts(ITEMS, { race: [] })).toThrow('balance scope: race lists no values');
  });

  it('counts only kept rows of a curated dataset and lists rows missing a label', () => {
    const rows = [
      ...ITEMS.map((i) => ({ ...i, status: 'kept' })),
      item('x', 'joy', 'male', 'white', '20s', { status: 'dropped' }),
      item('y', 'joy', 'male', 'white', '20s', { status: 'failed' }),
      { id: 'z', expression: 'joy', status: 'kept' },
    ];
    const counts = balanceCounts(rows, SCOPE);
    expect(counts.counted).toBe(8);
    expect(counts.excludedByStatus).toEqual({ dropped: 1, failed: 1 });
    expect(counts.unlabelled).toEqual([{ id: 'z', missing: ['gender', 'race', 'ageGroup'] }]);
  });
});

describe('balance sources', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-balance-'));
  });

  it('reads a dataset metadata.jsonl and a plan, accepting age_group', async () => {
    await mkdir(join(dir, 'data'));
    await writeFile(
      join(dir, 'data', 'metadata.jsonl'),
      `${JSON.stringify({ id: 'joy-1', status: 'kept', expression: 'joy', gender: 'female', race: 'white', ageGroup: '20s', image: 'images/joy/joy-1.png', seed: 3 })}\n\n`,
    );
    const dataset = await readBalanceSource('dataset', join(dir, 'data'));
    expect(dataset).toEqual({
      kind: 'dataset',
      file: join(dir, 'data', 'metadata.jsonl'),
      root: join(dir, 'data'),
      items: [{ id: 'joy-1', expression: 'joy', gender: 'female', race: 'white', ageGroup: '20s', image: 'images/joy/joy-1.png', status: 'kept' }],
    });
    await writeFile(join(dir, 'plan.jsonl'), `${JSON.stringify({ id: 'p1', expression: 'awe', gender: 'male', race: 'black', age_group: '40s', seed: 1 })}\n`);
    expect((await readBalanceSource('plan', join(dir, 'plan.jsonl'))).items).toEqual([{ id: 'p1', expression: 'awe', gender: 'male', race: 'black', ageGroup: '40s' }]);
  });

  it('names the file and line of what is wrong', async () => {
    await expect(readBalanceSource('dataset', dir)).rejects.toThrow(`${join(dir, 'metadata.jsonl')}: no metadata.jsonl in the dataset folder`);
    await writeFile(join(dir, 'plan.jsonl'), '{"id": "a"}\n{oops\n');
    await expect(readBalanceSource('plan', join(dir, 'plan.jsonl'))).rejects.toThrow(`${join(dir, 'plan.jsonl')}: line 2: not valid JSON`);
    await writeFile(join(dir, 'plan.jsonl'), '{"expression": "joy"}\n');
    await expect(readBalanceSource('plan', join(dir, 'plan.jsonl'))).rejects.toThrow('line 1: no "id"');
  });

  it('writes balance.json and cells.csv', async () => {
    const report = balanceReport({ kind: 'plan', file: 'plan.jsonl', items: ITEMS }, undefined, SCOPE);
    const files = await writeBalanceReport(join(dir, 'out'), report);
    const csv = parseCsv(await readFile(files.cellsCsv, 'utf8'));
    expect(csv[0]).toEqual(['expression', 'gender', 'race', 'age_group', 'count', 'deviation']);
    expect(csv[1]).toEqual(['joy', 'female', 'white', '20s', '2', '1']);
    expect(csv).toHaveLength(9);
    expect(JSON.parse(await readFile(files.json, 'utf8')).counts.summary.emptyCells).toBe(1);
  });
});

describe('age and gender estimates against the labels', () => {
  it('places an age in its group as [min, max + 1), with the distance outside it', () => {
    expect(ageAgainstGroup('20s', 20)).toEqual({ inGroup: true, error: 0 });
    expect(ageAgainstGroup('20s', 29.9)).toEqual({ inGroup: true, error: 0 });
    expect(ageAgainstGroup('20s', 30)).toEqual({ inGroup: false, error: 0 });
    expect(ageAgainstGroup('20s', 33)).toEqual({ inGroup: false, error: 3 });
    expect(ageAgainstGroup('teen', 10)).toEqual({ inGroup: false, error: 3 });
    expect(ageAgainstGroup('70plus', 95)).toEqual({ inGroup: true, error: 0 });
    expect(ageAgainstGroup('kids', 5)).toBeUndefined();
  });

  it('gives agreement rates overall and per gender, race and age group', () => {
    const estimates = new Map([
      ['a', { age: 25, gender: 'female' as const }],
      ['b', { age: 45, gender: 'male' as const }],
      ['c', { age: 22, gender: 'male' as const }],
      ['d', { age: 18, gender: 'female' as const }],
    ]);
    const levels = balanceCounts(ITEMS, SCOPE).levels;
    const rows = attributeAgreement(ITEMS, estimates, levels);
    const get = (axis: string, value: string) => rows.find((r) => r.axis === axis && r.value === value)!;
    // a: female 20s, est female 25 (both agree); b: female 30s, est male 45 (neither, 5 years past 40);
    // c: male 20s, est male 22 (both); d: female 20s, est female 18 (gender only, 2 years out).
    expect(get('all', 'all')).toEqual({
      axis: 'all', value: 'all', estimated: 4, genderChecked: 4, genderAgree: 3, genderRate: 0.75,
      ageChecked: 4, ageInGroup: 2, ageRate: 0.5, meanEstimatedAge: 27.5, meanAgeError: 1.75,
    });
    expect(get('gender', 'female')).toMatchObject({ estimated: 3, genderRate: 2 / 3, ageRate: 1 / 3 });
    expect(get('ageGroup', '30s')).toMatchObject({ estimated: 1, ageInGroup: 0, meanAgeError: 5 });
    expect(get('race', 'white').estimated).toBe(4);
  });

  it('estimates the largest face of each image and lists images without a face', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-attributes-'));
    await writeColourImage(join(dir, 'images', 'a.png'), [200, 10, 10]);
    await writeColourImage(join(dir, 'images', 'b.png'), [255, 255, 255]);
    const small: DetectedFace = { box: { x: 0, y: 0, width: 4, height: 4 }, score: 1, points5: [[0, 0], [1, 0], [0, 1], [0, 2], [1, 2]] };
    const large: DetectedFace = { ...small, box: { x: 0, y: 0, width: 9, height: 9 } };
    const analyzer: FaceAnalyzer = {
      apiVersion: 1,
      info: { id: 'fake', version: '1', identityModels: [] },
      detect: async (image: RgbImage) => (image.data[1] === 255 ? [] : [small, large]),
      analyze: async (_image, options) =>
        (options?.faces ?? []).map((f): FaceAnalysis => ({ ...f, identity: {}, age: f.box.width * 3, gender: { label: 'female', score: 0.9 } })),
    };
    const items = [item('a', 'joy', 'female', 'white', '20s', { image: 'images/a.png' }), item('b', 'joy', 'male', 'white', '20s', { image: 'images/b.png' }), item('c', 'joy', 'male', 'white', '20s', { image: 'images/c.png' }), item('d', 'joy', 'male', 'white', '20s')];
    const result = await estimateAttributes(dir, items, analyzer);
    expect([...result.estimates]).toEqual([['a', { age: 27, gender: 'female' }]]);
    expect(result.noFace).toEqual(['b']);
    expect(result.failed).toEqual([{ id: 'c', reason: expect.stringContaining('c.png') }]);
    expect(result.checked).toBe(3);
    const sampled = await estimateAttributes(dir, items, analyzer, { maxImages: 1 });
    expect(sampled.checked).toBe(1);
  });
});
