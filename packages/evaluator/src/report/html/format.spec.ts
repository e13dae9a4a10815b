import { formatDifference, formatInterval, formatP, formatValue } from './format.js';

const rate = { scale: 'rate' as const, metric: 'detection.redetected' };
const cosine = { scale: 'cosine' as const, metric: 'identity.cosine' };
const ms = { scale: 'open' as const, metric: 'stylize.ms' };

describe('report number formats', () => {
  it('prints rates as percentages, cosines with 3 decimals, times in whole ms, differences signed', () => {
    expect(formatValue(0.8333, rate)).toBe('83.3%');
    expect(formatValue(1, rate)).toBe('100%');
    expect(formatValue(-0.00001, cosine)).toBe('0.000');
    expect(formatValue(-0.25, cosine)).toBe('−0.250');
    expect(formatValue(1234.6, ms)).toBe('1,235 ms');
    expect(formatValue(Number.NaN, cosine)).toBe('–');
    expect(formatDifference(0.125, rate)).toBe('+12.5 pp');
    expect(formatDifference(-0.0625, cosine)).toBe('−0.063');
    expect(formatDifference(0, cosine)).toBe('0.000');
    expect(formatInterval([0.1, 0.2], cosine)).toBe('[0.100, 0.200]');
    expect(formatInterval([-0.1, 0.2], cosine, true)).toBe('[−0.100, +0.200]');
    expect(formatP(0.0625)).toBe('0.063');
    expect(formatP(0.0004)).toBe('<0.001');
  });
});
