import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkThresholdRecord, SHIPPED_THRESHOLD_RECORDS } from '../calibration/default-thresholds.js';
import { DEFAULT_IDENTITY_THRESHOLDS, resolveIdentityThresholds } from './thresholds.js';

describe('identity thresholds', () => {
  it('defaults to the documented cuts for mobileface and arcface, none for faceres', () => {
    expect(DEFAULT_IDENTITY_THRESHOLDS['mobileface']!.threshold).toBe(0.51);
    expect(DEFAULT_IDENTITY_THRESHOLDS['arcface']!.threshold).toBe(0.28);
    expect(DEFAULT_IDENTITY_THRESHOLDS['faceres']).toBeUndefined();
  });

  it('takes the mobileface default from its shipped calibration record, with that basis', () => {
    const record = SHIPPED_THRESHOLD_RECORDS['mobileface']!;
    expect(record).toMatchObject({ format: 'geneava-identity-threshold', version: 1, model: 'mobileface', method: 'information-gain' });
    expect(DEFAULT_IDENTITY_THRESHOLDS['mobileface']!.threshold).toBe(Math.round(record.threshold * 100) / 100);
    expect(DEFAULT_IDENTITY_THRESHOLDS['mobileface']!.basis).toContain(`fitted by maximum information gain on ${record.samePairs} same-person`);
    // The record is internally consistent: its counts, error rates and interval bracket its threshold,
    // and the record says how few people it rests on.
    expect(record.samePairs).toBeGreaterThan(0);
    expect(record.thresholdInterval95[0]).toBeLessThanOrEqual(record.threshold);
    expect(record.thresholdInterval95[1]).toBeGreaterThanOrEqual(record.threshold);
    expect(record.scores.same.min).toBeLessThan(record.scores.same.max);
    expect(record.caveats.join(' ')).toContain('22 people');
    const raw = JSON.parse(readFileSync(join(__dirname, '..', 'calibration', 'defaults', 'mobileface.json'), 'utf8'));
    expect(raw.data.path).toBe('pairs.csv');
    expect(() => checkThresholdRecord({ ...raw, threshold: 2, samePairs: undefined }, 'x.json')).toThrow('x.json: threshold is not a cosine in [-1, 1]; no samePairs');
    expect(() => checkThresholdRecord({ format: 'other' }, 'y.json')).toThrow('y.json: not a geneava-identity-threshold version 1 record; no model;');
    expect(JSON.stringify(raw)).not.toMatch(/"\/(tmp|home|work|Users)\//);
  });

  it('lets overrides replace and add models, and marks them configured', () => {
    const resolved = resolveIdentityThresholds({ mobileface: 0.45, faceres: 0.7 });
    expect(resolved['mobileface']).toEqual({ threshold: 0.45, basis: 'configured' });
    expect(resolved['faceres']).toEqual({ threshold: 0.7, basis: 'configured' });
    expect(resolved['arcface']!.threshold).toBe(0.28);
  });

  it('refuses a threshold outside the range of a cosine', () => {
    expect(() => resolveIdentityThresholds({ arcface: 1.5 })).toThrow('identity threshold for arcface must be a cosine in [-1, 1], got 1.5');
    expect(() => resolveIdentityThresholds({ arcface: Number.NaN })).toThrow('got NaN');
  });
});
