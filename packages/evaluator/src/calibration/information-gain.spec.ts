import { calibrateIdentityThreshold } from '../metrics/calibrate.js';
import { fitThresholdByInformationGain } from './information-gain.js';

const h = (p: number) => (p <= 0 || p >= 1 ? 0 : -p * Math.log2(p) - (1 - p) * Math.log2(1 - p));

describe('fitThresholdByInformationGain', () => {
  it('splits separable scores in the middle of the gap with the whole entropy as gain', () => {
    const fit = fitThresholdByInformationGain([0.91, 0.53, 0.8, 0.67], [0.1, 0.3, 0.49]);
    expect(fit.threshold).toBeCloseTo(0.51, 12);
    expect(fit).toMatchObject({ method: 'information-gain', falseAcceptRate: 0, falseRejectRate: 0, samePairs: 4, differentPairs: 3, separable: true });
    expect(fit.entropyBits).toBeCloseTo(h(4 / 7), 12);
    expect(fit.informationGainBits).toBeCloseTo(h(4 / 7), 12);
  });

  it('keeps the cut with the most information gain when the scores overlap', () => {
    // Different 0.1 0.2 0.3 0.4 0.5 0.6, same 0.45 0.7 0.8 0.9. Cut at 0.65: below {6 diff, 1 same},
    // above {3 same}: gain = H(0.4) - 7/10 H(1/7). Cut at 0.425: below {4 diff}, above {2 diff, 4 same}:
    // gain = H(0.4) - 6/10 H(1/3), smaller. The 0.65 cut wins.
    const fit = fitThresholdByInformationGain([0.45, 0.7, 0.8, 0.9], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(fit.threshold).toBeCloseTo(0.65, 12);
    expect(fit.informationGainBits).toBeCloseTo(h(0.4) - 0.7 * h(1 / 7), 12);
    expect(0.6 * h(1 / 3)).toBeGreaterThan(0.7 * h(1 / 7));
    expect(fit).toMatchObject({ falseAcceptRate: 0, falseRejectRate: 0.25, separable: false });
  });

  it('differs from the equal-error cut: information gain favours a pure side', () => {
    // The equal-error cut sits at 0.475 or 0.55 (|FAR - FRR| = 1/12 at both), inside the overlap;
    // information gain keeps the pure upper side of 0.65. Input order does not matter.
    const same = [0.9, 0.45, 0.8, 0.7];
    const different = [0.6, 0.1, 0.5, 0.3, 0.2, 0.4];
    expect(calibrateIdentityThreshold(same, different).threshold).toBeLessThan(0.6);
    expect(fitThresholdByInformationGain(same, different).threshold).toBeCloseTo(0.65, 12);
  });

  it('ignores cuts inside tied scores and needs both classes and finite numbers', () => {
    const fit = fitThresholdByInformationGain([0.5, 0.5, 0.9], [0.5, 0.1]);
    // The only cuts are 0.3 (gain H(0.4) - 4/5 H(1/4) = 0.32 bits) and 0.7 (H(0.4) - 4/5 H(1/2) = 0.17);
    // never between the three 0.5s.
    expect(fit.threshold).toBeCloseTo(0.3, 12);
    expect(fit.informationGainBits).toBeCloseTo(h(0.4) - 0.8 * h(0.25), 12);
    expect(fit).toMatchObject({ falseAcceptRate: 0.5, falseRejectRate: 0 });
    expect(() => fitThresholdByInformationGain([], [0.1])).toThrow('needs same-person and different-person scores, got 0 and 1');
    expect(() => fitThresholdByInformationGain([0.5, Number.NaN], [0.1])).toThrow('value at index 1 is NaN');
  });

  it('gains nothing from a single score value', () => {
    const fit = fitThresholdByInformationGain([0.4], [0.4]);
    expect(fit.informationGainBits).toBe(0);
    expect(fit.threshold).toBe(0.4);
  });
});
