import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGE_GROUPS, GENDERS, RACES } from './demographics.js';
import { EXPRESSION_FAMILIES, EXPRESSION_HIERARCHY, EXPRESSION_LIST, EXPRESSIONS_BY_NAME, familyOf } from './expressions.js';

describe('expression taxonomy', () => {
  it('has 135 unique expressions in six families with the documented cluster sizes', () => {
    expect(EXPRESSION_LIST).toHaveLength(135);
    expect(EXPRESSIONS_BY_NAME.size).toBe(135);
    const perFamily = Object.fromEntries(EXPRESSION_FAMILIES.map((f) => [f, EXPRESSION_LIST.filter((e) => e.family === f).length]));
    expect(perFamily).toEqual({ love: 16, joy: 33, surprise: 3, anger: 29, sadness: 37, fear: 17 });
  });

  it('keeps hierarchy order and indices', () => {
    expect(EXPRESSION_LIST[0]).toMatchObject({ name: 'adoration', family: 'love', cluster: 'affection', index: 0 });
    expect(EXPRESSIONS_BY_NAME.get('delight')).toMatchObject({ family: 'joy' });
    expect(EXPRESSION_LIST[134].family).toBe('fear');
    expect(EXPRESSION_HIERARCHY.every((c) => c.terms.length > 0)).toBe(true);
  });

  it('names the family of one of the 135 expressions and no family for any other label', () => {
    expect(familyOf('delight')).toBe('joy');
    expect(familyOf('jealousy')).toBe('anger');
    expect(familyOf('unlabelled')).toBeUndefined();
    expect(familyOf('Delight')).toBeUndefined();
  });

  it('matches the reference list in the repository docs when it is available', () => {
    // The shared reference sits beside the repository in development; the data above was transcribed from it.
    let reference: { classes: string[] } | undefined;
    try {
      reference = JSON.parse(readFileSync(join(__dirname, '../../../../../shared/reference/emo135.json'), 'utf8'));
    } catch {
      reference = undefined;
    }
    if (reference) expect(EXPRESSION_LIST.map((e) => e.name)).toEqual(reference.classes);
    else expect(EXPRESSION_LIST.map((e) => e.name)).toContain('jealousy');
  });
});

describe('demographics', () => {
  it('gives 2 x 7 x 7 = 98 cells', () => {
    expect(GENDERS.length * RACES.length * AGE_GROUPS.length).toBe(98);
  });

  it('uses the seven FairFace races', () => {
    expect(RACES.map((r) => r.fairface).sort()).toEqual(
      ['Black', 'East Asian', 'Indian', 'Latino_Hispanic', 'Middle Eastern', 'Southeast Asian', 'White'].sort(),
    );
  });

  it('runs the age groups from teenagers to elderly without gaps', () => {
    for (let i = 1; i < AGE_GROUPS.length; i++) expect(AGE_GROUPS[i].minAge).toBe((AGE_GROUPS[i - 1].maxAge ?? 0) + 1);
    expect(AGE_GROUPS[0].label).toBe('teenage');
    expect(AGE_GROUPS[AGE_GROUPS.length - 1].label).toBe('elderly');
  });
});
