import type { Candidate } from '../source/candidates.js';
import { buildTasks } from './build-tasks.js';
import { samplePairs } from './sample-pairs.js';

const GENDERS = ['female', 'male'];
const RACES = ['white', 'black', 'indian'];

function candidates(expressions: string[], perExpression: number, stylizers: string[], missing: (item: string, stylizer: string) => boolean = () => false): Candidate[] {
  const result: Candidate[] = [];
  for (const expression of expressions) {
    for (let k = 0; k < perExpression; k++) {
      const item = `${expression}-${k}`;
      for (const stylizer of stylizers) {
        if (missing(item, stylizer)) continue;
        result.push({
          item,
          stylizer,
          real: `/r/${item}.png`,
          avatar: `/a/${stylizer}/${item}.png`,
          labels: { expression, gender: GENDERS[k % 2]!, race: RACES[Math.floor(k / 2) % 3]!, ageGroup: '30s' },
          metrics: {},
        });
      }
    }
  }
  return result;
}

describe('samplePairs', () => {
  it('takes up to perCell pairs per (expression, stylizer), the same faces for every stylizer', () => {
    const pool = candidates(['glee', 'rage'], 8, ['a', 'b'], (item, stylizer) => stylizer === 'b' && item === 'glee-0');
    const picked = samplePairs(pool, { perCell: 3, seed: 5 });
    for (const expression of ['glee', 'rage']) {
      const items = (stylizer: string) => picked.filter((c) => c.stylizer === stylizer && c.labels['expression'] === expression).map((c) => c.item).sort();
      expect(items('a')).toHaveLength(3);
      expect(items('b')).toEqual(items('a'));
      // glee-0 has no avatar of b, so the paired design leaves it out.
      expect(items('a')).not.toContain('glee-0');
    }
  });

  it('spreads a cell over demographic groups before repeating one', () => {
    const picked = samplePairs(candidates(['glee'], 12, ['a']), { perCell: 6, seed: 9 });
    const groups = picked.map((c) => `${c.labels['gender']}|${c.labels['race']}`);
    expect(new Set(groups).size).toBe(6);
  });

  it('gives a cell all it has when it has fewer than perCell, and depends on the seed only', () => {
    const pool = candidates(['glee', 'rage'], 2, ['a']);
    expect(samplePairs(pool, { perCell: 5, seed: 1 })).toHaveLength(4);
    const big = candidates(['glee'], 20, ['a', 'b']);
    const order = (seed: number) => samplePairs(big, { perCell: 4, seed }).map((c) => `${c.stylizer}:${c.item}`);
    expect(order(3)).toEqual(order(3));
    expect(order(3)).not.toEqual(order(4));
  });
});

describe('buildTasks', () => {
  it('deals every rated pair once, pairsPerTask − 1 per task, with one attention check of two different-looking people each', () => {
    const pool = candidates(['glee', 'rage'], 5, ['a']);
    const tasks = buildTasks(pool, pool, { pairsPerTask: 4, seed: 2 });
    expect(tasks.map((task) => task.pairs.length)).toEqual([4, 4, 4, 2]);
    const dealt = tasks.flatMap((task) => task.pairs.filter((pair) => pair.kind === 'rated').map((pair) => (pair.kind === 'rated' ? pair.candidate : undefined)));
    expect(new Set(dealt).size).toBe(10);
    for (const task of tasks) {
      const checks = task.pairs.filter((pair) => pair.kind === 'attention');
      expect(checks).toHaveLength(1);
      const check = checks[0]!;
      if (check.kind !== 'attention') throw new Error('unreachable');
      expect(check.real.item).not.toBe(check.avatar.item);
      expect(check.real.labels['gender']).not.toBe(check.avatar.labels['gender']);
      expect(check.real.labels['race']).not.toBe(check.avatar.labels['race']);
    }
  });

  it('keeps two avatars of one face out of the same task when it can', () => {
    const pool = candidates(['glee'], 6, ['a', 'b', 'c']);
    for (const task of buildTasks(pool, pool, { pairsPerTask: 4, seed: 8 })) {
      const items = task.pairs.flatMap((pair) => (pair.kind === 'rated' ? [pair.candidate.item] : []));
      expect(new Set(items).size).toBe(items.length);
    }
  });

  it('needs two different people for an attention check', () => {
    const pool = candidates(['glee'], 1, ['a', 'b']);
    expect(() => buildTasks(pool, pool, { pairsPerTask: 3, seed: 1 })).toThrow(/at least two different people/);
  });
});
