import { identityConsistency, summarizeIdentitySets, type IdentitySetFace } from './consistency.js';

const unit = (angle: number) => Float32Array.from([Math.cos(angle), Math.sin(angle)]);

function face(set: string, id: string, angle: number | undefined, role: 'anchor' | 'member' = 'member', expression = 'glee', probabilities?: Record<string, number>): IdentitySetFace {
  return { id, set, role, expression, ...(angle !== undefined ? { identity: { m: unit(angle) } } : {}), ...(probabilities ? { probabilities } : {}) };
}

describe('identityConsistency', () => {
  it('averages cosine over pairs within sets and across sets, with set-resampled intervals around them', () => {
    // Set a at 0 and 0.2 rad, set b at 1.5 and 1.6 rad, set c at 3.0 and 3.1 rad.
    const sets = new Map([
      ['a', [unit(0), unit(0.2)]],
      ['b', [unit(1.5), unit(1.6)]],
      ['c', [unit(3.0), unit(3.1)]],
    ]);
    const result = identityConsistency('m', sets, { resamples: 500 });
    const within = (Math.cos(0.2) + Math.cos(0.1) + Math.cos(0.1)) / 3;
    const acrossAngles = [[0, 0.2], [1.5, 1.6], [3.0, 3.1]];
    let sum = 0;
    let pairs = 0;
    for (let s = 0; s < 3; s++) {
      for (let t = s + 1; t < 3; t++) {
        for (const x of acrossAngles[s]!) {
          for (const y of acrossAngles[t]!) {
            sum += Math.cos(x - y);
            pairs++;
          }
        }
      }
    }
    expect(result.within.mean).toBeCloseTo(within, 6);
    expect(result.within.pairs).toBe(3);
    expect(result.across!.mean).toBeCloseTo(sum / pairs, 6);
    expect(result.across!.pairs).toBe(12);
    expect(result.difference!.value).toBeCloseTo(within - sum / pairs, 6);
    const [low, high] = result.difference!.ci95;
    expect(low).toBeLessThanOrEqual(result.difference!.value);
    expect(high).toBeGreaterThanOrEqual(result.difference!.value);
    expect(low).toBeGreaterThan(0);
    expect(result.perSet['a']).toBeCloseTo(Math.cos(0.2), 6);
    // Same seed, same intervals.
    expect(identityConsistency('m', sets, { resamples: 500 })).toEqual(result);
  });

  it('has no across measure with one set', () => {
    const result = identityConsistency('m', new Map([['a', [unit(0), unit(0.5)]]]));
    expect(result.across).toBeUndefined();
    expect(result.difference).toBeUndefined();
    expect(result.within.mean).toBeCloseTo(Math.cos(0.5), 6);
  });
});

describe('summarizeIdentitySets', () => {
  it('counts misses, and scores expression agreement of the members only, with a Wilson interval', () => {
    const summary = summarizeIdentitySets('real', [
      face('a', 'a-anchor', 0, 'anchor', 'neutral', { neutral: 1 }),
      face('a', 'a-glee', 0.1, 'member', 'glee', { happy: 0.9, sad: 0.1 }),
      face('a', 'a-rage', 0.2, 'member', 'rage', { happy: 0.9, angry: 0.1 }),
      face('b', 'b-anchor', 2, 'anchor'),
      face('b', 'b-glee', 2.1, 'member', 'glee', { happy: 0.6, sad: 0.4 }),
      face('b', 'b-rage', undefined, 'member', 'rage'),
    ], { resamples: 100 });
    expect(summary).toMatchObject({ view: 'real', sets: 2, faces: 5, misses: 1 });
    expect(summary.expression).toMatchObject({ k: 2, n: 3, level: 'family' });
    expect(summary.expression!.ci95[0]).toBeLessThan(2 / 3);
    expect(summary.expressionPerSet).toEqual({ a: { agree: 1, total: 2 }, b: { agree: 1, total: 1 } });
    expect(summary.identity.map((i) => i.model)).toEqual(['m']);
    expect(summary.identity[0]!.within.pairs).toBe(3 + 1);
  });
});
