import { parseThresholds } from './threshold-flag.js';

describe('parseThresholds', () => {
  it('reads MODEL=COSINE entries and rejects anything else', () => {
    expect(parseThresholds(['mobileface=0.45', 'arcface=0.3'])).toEqual({ mobileface: 0.45, arcface: 0.3 });
    expect(parseThresholds(undefined)).toEqual({});
    expect(() => parseThresholds(['mobileface:0.4'])).toThrow('--threshold: expected MODEL=COSINE (e.g. mobileface=0.5), got "mobileface:0.4"');
    expect(() => parseThresholds(['arcface=high'])).toThrow('got "arcface=high"');
  });
});
