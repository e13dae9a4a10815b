import { parseConfig } from '@geneava/core/config';
import { resolveRunSettings } from './settings.js';

const config = (raw: unknown = {}) => parseConfig(raw, 'test');

describe('resolveRunSettings', () => {
  it('uses the config defaults: classic, generation from the plan, the paper filter and provisional thresholds', () => {
    const settings = resolveRunSettings(config(), '/project', {}, '/cwd');
    expect(settings).toEqual({
      out: '/project/geneava-dataset',
      input: { kind: 'generate', generation: { width: 1024, height: 1024, steps: 30, guidance: 5, scheduler: 'default', batch: 1 } },
      stylizers: ['classic'],
      filter: { margin: 0.02, maxFaceFraction: 0.6 },
      curation: { identityMinCosine: { mobileface: 0.51 }, expressionMinProbCosine: 0.5, requireRedetection: true, keepWhen: 'all' },
      memorization: { model: 'mobileface', references: [], exclusions: [] },
      select: {},
      report: { resamples: 2000, galleryItems: 48 },
    });
  });

  it('resolves config paths against the config folder and flags against the working directory, flags winning', () => {
    const raw = { run: { out: 'data', source: { dir: 'photos', labels: 'labels.csv', splitFaces: true }, stylizers: ['a', 'b'] } };
    expect(resolveRunSettings(config(raw), '/project', {}, '/cwd')).toMatchObject({
      out: '/project/data',
      input: { kind: 'source', dir: '/project/photos', labels: '/project/labels.csv', splitFaces: true, cropScale: 2.2 },
      stylizers: ['a', 'b'],
    });
    const flags = { source: 'mine', labels: 'l.jsonl', splitFaces: false, out: 'o', stylizers: ['c'], expressions: ['joy'], maxItems: 3, report: false };
    const settings = resolveRunSettings(config(raw), '/project', flags, '/cwd');
    expect(settings).toMatchObject({ out: '/cwd/o', input: { kind: 'source', dir: '/cwd/mine', labels: '/cwd/l.jsonl', splitFaces: false }, stylizers: ['c'], select: { expressions: ['joy'], maxItems: 3 } });
    expect(settings.report).toBeUndefined();
  });

  it('takes the plan selection for generation, and the demo folder for --demo', () => {
    expect(resolveRunSettings(config({ plan: { expressions: ['glee'], maxItems: 7 } }), '/p', {}, '/c').select).toEqual({ expressions: ['glee'], maxItems: 7 });
    expect(resolveRunSettings(config(), '/p', { demo: true }, '/c')).toMatchObject({ out: '/c/geneava-demo', input: { kind: 'demo', cropScale: 2.2 } });
  });

  it('turns thresholds into curation settings: null removes one, references bring the memorization default', () => {
    const raw = {
      run: {
        curation: {
          identity: { minCosine: { arcface: 0.3 } },
          expression: { minTop1Agree: 1, minProbCosine: null },
          requireRedetection: false,
          memorization: { references: ['celeb'], exclusions: ['audit/exclusion.txt'] },
          keepWhen: 'any',
        },
      },
    };
    const settings = resolveRunSettings(config(raw), '/p', {}, '/c');
    expect(settings.curation).toEqual({ identityMinCosine: { arcface: 0.3 }, expressionMinTop1Agree: 1, requireRedetection: false, memorizationMaxSimilarity: 0.51, keepWhen: 'any' });
    expect(settings.memorization).toEqual({ model: 'mobileface', references: ['/p/celeb'], exclusions: ['/p/audit/exclusion.txt'] });
    const poster = config({ run: { curation: { memorization: { model: 'poster', references: ['x.jsonl'] } } } });
    expect(() => resolveRunSettings(poster, '/p', {}, '/c')).toThrow('run.curation.memorization: no default maxSimilarity for identity model "poster"; set one');
  });

  it('refuses contradictory or unusable flags', () => {
    expect(() => resolveRunSettings(config(), '/p', { demo: true, source: 'x' }, '/c')).toThrow(/either --demo or --source/);
    expect(() => resolveRunSettings(config(), '/p', { labels: 'l.csv' }, '/c')).toThrow('--labels goes with --source DIR');
    expect(() => resolveRunSettings(config(), '/p', { stylizers: ['a/b'] }, '/c')).toThrow('stylizer name "a/b" cannot name a folder');
    expect(() => resolveRunSettings(config(), '/p', { stylizers: ['a', 'a'] }, '/c')).toThrow('a stylizer is named twice: a, a');
    expect(() => parseConfig({ run: { filter: { margen: 1 } } }, 'test')).toThrow(/unknown key 'run\.filter\.margen'/);
  });
});
