import { ageFromSoftmax, genderFromSigmoid } from './faceres-outputs.js';

function ages(entries: Record<number, number>): Float32Array {
  const p = new Float32Array(100);
  for (const [index, value] of Object.entries(entries)) p[Number(index)] = value;
  return p;
}

describe('ageFromSoftmax', () => {
  it('reads class i as i + 1 years; the expectation uses every class', () => {
    const p = ages({ 20: 0.5, 30: 0.3, 60: 0.2 });
    expect(ageFromSoftmax(p)).toBeCloseTo(1 + 20 * 0.5 + 30 * 0.3 + 60 * 0.2, 5);
    expect(ageFromSoftmax(p, 'argmax')).toBe(21);
    // HSE's current formula: the top two classes, renormalised: 1 + (20 * 0.5 + 30 * 0.3) / 0.8.
    expect(ageFromSoftmax(p, 'top2')).toBeCloseTo(1 + (20 * 0.5 + 30 * 0.3) / 0.8, 5);
  });

  it('renormalises when the probabilities do not sum to 1', () => {
    expect(ageFromSoftmax(ages({ 10: 2, 20: 2 }))).toBeCloseTo(16, 9);
    expect(() => ageFromSoftmax([])).toThrow(/no age/);
  });
});

describe('genderFromSigmoid', () => {
  it('calls scores up to 0.5 female and reports the probability of the label', () => {
    expect(genderFromSigmoid(0.2)).toEqual({ label: 'female', score: 0.8 });
    expect(genderFromSigmoid(0.5)).toEqual({ label: 'female', score: 0.5 });
    expect(genderFromSigmoid(0.9)).toEqual({ label: 'male', score: 0.9 });
  });
});
