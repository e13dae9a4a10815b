import { buildPlan } from './build-plan.js';
import { DEFAULT_PROMPT_TEMPLATE, indefiniteArticle, renderPrompt, validatePromptTemplate } from './prompt.js';
import { itemSeed } from './seed.js';

describe('buildPlan', () => {
  it('plans 98 balanced items per expression', () => {
    const plan = buildPlan({ expressions: ['joy', 'anger'] });
    expect(plan).toHaveLength(196);
    for (const expression of ['joy', 'anger']) {
      const items = plan.filter((i) => i.expression === expression);
      expect(items).toHaveLength(98);
      const cells = new Set(items.map((i) => `${i.gender}/${i.race}/${i.ageGroup}`));
      expect(cells.size).toBe(98);
      for (const gender of ['female', 'male']) expect(items.filter((i) => i.gender === gender)).toHaveLength(49);
      expect(items.filter((i) => i.race === 'indian')).toHaveLength(14);
      expect(items.filter((i) => i.ageGroup === 'teen')).toHaveLength(14);
    }
    expect(new Set(plan.map((i) => i.id)).size).toBe(196);
  });

  it('plans the full dataset: 135 x 98 = 13,230 items', () => {
    expect(buildPlan()).toHaveLength(13230);
  });

  it('reproduces the paper example prompt', () => {
    const [item] = buildPlan({ expressions: ['delight'], genders: ['female'], races: ['indian'], ageGroups: ['40s'] });
    expect(item.prompt).toBe(
      'A photorealistic face of a middle-aged Indian woman with shoulders visible, displaying a facial expression of delight, plain white background.',
    );
    expect(item.id).toBe('delight-female-indian-40s');
    expect(item.family).toBe('joy');
  });

  it('uses girl/boy for teenagers and "an" before vowels', () => {
    const items = buildPlan({ expressions: ['joy'], races: ['east-asian'], ageGroups: ['teen', '70plus'] });
    expect(items.map((i) => i.prompt.slice(0, 61))).toEqual([
      'A photorealistic face of a teenage East Asian girl with shoul',
      'A photorealistic face of an elderly East Asian woman with sho',
      'A photorealistic face of a teenage East Asian boy with should',
      'A photorealistic face of an elderly East Asian man with shoul',
    ]);
  });

  it('derives seeds deterministically from the base seed and the id', () => {
    const a = buildPlan({ expressions: ['joy'] });
    const b = buildPlan({ expressions: ['joy'] });
    expect(a.map((i) => i.seed)).toEqual(b.map((i) => i.seed));
    const shifted = buildPlan({ expressions: ['joy'], baseSeed: 7 });
    expect(shifted[0].seed).not.toBe(a[0].seed);
    // A filtered plan gives an item the same seed as the full plan does.
    const single = buildPlan({ expressions: ['joy'], genders: ['male'], races: ['black'], ageGroups: ['30s'] })[0];
    expect(single.seed).toBe(a.find((i) => i.id === single.id)!.seed);
  });

  it('replicates cells with perCell and truncates with maxItems', () => {
    const plan = buildPlan({ expressions: ['joy'], perCell: 2 });
    expect(plan).toHaveLength(196);
    expect(plan[0].id).toBe('joy-female-white-teen-r0');
    expect(plan[1].id).toBe('joy-female-white-teen-r1');
    expect(buildPlan({ expressions: ['joy'], maxItems: 5 })).toHaveLength(5);
  });

  it('filters by family', () => {
    const plan = buildPlan({ families: ['surprise'] });
    expect(new Set(plan.map((i) => i.expression))).toEqual(new Set(['amazement', 'surprise', 'astonishment']));
    expect(plan).toHaveLength(3 * 98);
  });

  it('rejects unknown labels with a message naming them', () => {
    expect(() => buildPlan({ expressions: ['joyy'] })).toThrow(/unknown expression: joyy/);
    expect(() => buildPlan({ races: ['martian'] })).toThrow(/unknown race: martian \(known: white, black/);
    expect(() => buildPlan({ perCell: 0 })).toThrow(/perCell must be a positive integer/);
  });

  it('carries the negative prompt', () => {
    expect(buildPlan({ expressions: ['joy'], maxItems: 1, negativePrompt: 'blurry' })[0].negativePrompt).toBe('blurry');
  });
});

describe('prompt template', () => {
  it('rejects unknown placeholders', () => {
    expect(() => validatePromptTemplate('a {colour} face')).toThrow(/unknown placeholder \{colour\}/);
    expect(() => validatePromptTemplate(DEFAULT_PROMPT_TEMPLATE)).not.toThrow();
  });

  it('renders every placeholder', () => {
    expect(renderPrompt('{article} {age} {race} {gender}: {expression} ({family})', {
      age: 'elderly', race: 'Black', gender: 'man', expression: 'glee', family: 'joy',
    })).toBe('an elderly Black man: glee (joy)');
    expect(indefiniteArticle('young')).toBe('a');
  });
});

describe('itemSeed', () => {
  it('is FNV-1a over "<base>|<id>"', () => {
    // FNV-1a 32-bit of "0|a": computed by hand from the offset basis 2166136261 and prime 16777619.
    let h = 2166136261;
    for (const c of '0|a') {
      h ^= c.charCodeAt(0);
      h = Number((BigInt(h) * 16777619n) % 4294967296n);
    }
    expect(itemSeed(0, 'a')).toBe(h);
    expect(itemSeed(0, 'a')).toBeGreaterThanOrEqual(0);
    expect(itemSeed(0, 'a')).toBeLessThan(2 ** 32);
  });
});
