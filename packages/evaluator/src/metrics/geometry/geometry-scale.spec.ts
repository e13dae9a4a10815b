import { GEOMETRY_FEATURES } from '@geneava/face-analysis';
import { expressionMetrics } from '../expression.js';
import { DEFAULT_GEOMETRY_SCALE, geometryScale, standardizedGeometryDistance } from './geometry-scale.js';

const sd = (name: string) => DEFAULT_GEOMETRY_SCALE.features[name]!.sd;
const zero = Object.fromEntries(GEOMETRY_FEATURES.map((name) => [name, 0]));
/** Geometry moved by `z` standard deviations in the named features. */
const moved = (z: Readonly<Record<string, number>>) => ({ ...zero, ...Object.fromEntries(Object.entries(z).map(([name, k]) => [name, k * sd(name)])) });

describe('expression geometry scale', () => {
  it('ships a deviation from real faces for every feature, with its basis', () => {
    expect(Object.keys(DEFAULT_GEOMETRY_SCALE.features).sort()).toEqual([...GEOMETRY_FEATURES].sort());
    for (const feature of Object.values(DEFAULT_GEOMETRY_SCALE.features)) expect(feature.sd).toBeGreaterThan(0);
    expect(DEFAULT_GEOMETRY_SCALE.basis).toMatch(/^22 real faces of the sample photos/);
    // Real jaws vary far more than real eyelids, in inter-ocular units: why raw differences mislead.
    expect(sd('jawDrop') / sd('eyeOpenLeft')).toBeGreaterThan(5);
  });

  it('measures in standard deviations: one sd in every feature is a distance of 1', () => {
    const all = Object.fromEntries(GEOMETRY_FEATURES.map((name) => [name, 1]));
    expect(standardizedGeometryDistance(zero, moved(all))!.value).toBeCloseTo(1, 12);
    expect(standardizedGeometryDistance(zero, zero)!.value).toBe(0);
  });

  it('weights each expression aspect 1 and each face-shape feature 1/2', () => {
    // Total weight 1 + 1 + 0.5 x 4 + 0.5 x 2 = 5.
    expect(standardizedGeometryDistance(zero, moved({ mouthOpen: 2 }))!.value).toBeCloseTo(2 * Math.sqrt(1 / 5), 12);
    expect(standardizedGeometryDistance(zero, moved({ eyeOpenLeft: 2 }))!.value).toBeCloseTo(2 * Math.sqrt(0.5 / 5), 12);
    expect(standardizedGeometryDistance(zero, moved({ jawDrop: 2 }))!.value).toBeCloseTo(2 * Math.sqrt(0.5 / 5), 12);
  });

  it('does not let an exaggerated jaw and mouth width drown a changed expression', () => {
    // A cartoon that stretches the jaw by 0.35 and widens the mouth by 0.15 inter-ocular distances but
    // keeps the expression, against one that keeps the face shape but closes the mouth and drops the
    // smile by 0.1 and 0.08. In raw units the stretched face is 3x further; standardised and weighted,
    // the changed expression is the further one.
    const real = { ...zero };
    const stretched = { ...zero, jawDrop: 0.35, mouthWidth: 0.15 };
    const changed = { ...zero, mouthOpen: -0.1, smile: -0.08 };
    const raw = (a: Record<string, number>) => Math.hypot(...Object.values(a));
    expect(raw(stretched)).toBeGreaterThan(2.5 * raw(changed));
    expect(standardizedGeometryDistance(real, changed)!.value).toBeGreaterThan(standardizedGeometryDistance(real, stretched)!.value);
  });

  it('leaves features without a scale out of the distance but still reports them', () => {
    const records = expressionMetrics(
      { probabilities: {}, geometry: { mouthOpen: 0.1, wrinkle: 0.3 } },
      { probabilities: {}, geometry: { mouthOpen: 0.1 + sd('mouthOpen'), wrinkle: 0.5 } },
      { id: 'x' },
    );
    const byMetric = Object.fromEntries(records.map((r) => [r.metric, r]));
    expect(byMetric['expression.geometry_distance']!.value).toBeCloseTo(1, 12);
    expect(byMetric['expression.geometry_distance']!.details).toMatchObject({ features: 1, scale: DEFAULT_GEOMETRY_SCALE.basis });
    expect(byMetric['expression.geometry.wrinkle']!.value).toBeCloseTo(0.2, 12);
    expect(byMetric['expression.geometry.mouthOpen']!.details).toMatchObject({ z: expect.closeTo(1, 12) });
    const unknown = expressionMetrics({ probabilities: {}, geometry: { wrinkle: 0.3 } }, { probabilities: {}, geometry: { wrinkle: 0.5 } }, {});
    expect(unknown.map((r) => r.metric)).toEqual(['expression.geometry.wrinkle']);
  });

  it('refuses a scale with an unweighted feature or a spread that is not positive', () => {
    expect(() => geometryScale('test', { wrinkle: { sd: 1 } })).toThrow('geometry scale (test): no weight for feature "wrinkle"');
    expect(() => geometryScale('test', { smile: { sd: 0 } })).toThrow('feature "smile" has sd 0; expected a positive number');
  });
});
