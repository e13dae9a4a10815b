import type { MetricRecord } from '@geneava/core/contracts';
import { curateAvatar, curateItem, type CurationSettings } from './curate.js';

const settings: CurationSettings = {
  identityMinCosine: { mobileface: 0.51, arcface: 0.28 },
  expressionMinTop1Agree: 1,
  expressionMinProbCosine: 0.5,
  requireRedetection: true,
  memorizationMaxSimilarity: 0.6,
  keepWhen: 'all',
};

const metrics = (values: { mobile?: number; arc?: number; top1?: number; prob?: number; redetected?: number }): MetricRecord[] => [
  ...(values.mobile === undefined ? [] : [{ metric: 'identity.cosine', model: 'mobileface', value: values.mobile }]),
  ...(values.arc === undefined ? [] : [{ metric: 'identity.cosine', model: 'arcface', value: values.arc }]),
  ...(values.top1 === undefined ? [] : [{ metric: 'expression.top1_agree', value: values.top1 }]),
  ...(values.prob === undefined ? [] : [{ metric: 'expression.prob_cosine', value: values.prob }]),
  ...(values.redetected === undefined ? [] : [{ metric: 'detection.redetected', value: values.redetected }]),
];

describe('curateAvatar', () => {
  it('keeps an avatar that meets every threshold, boundaries included', () => {
    expect(curateAvatar(metrics({ mobile: 0.51, arc: 0.28, top1: 1, prob: 0.5, redetected: 1 }), settings)).toEqual({ kept: true, reasons: [] });
  });

  it('lists every failed threshold with its value', () => {
    expect(curateAvatar(metrics({ mobile: 0.4234, arc: 0.3, top1: 0, prob: 0.2, redetected: 1 }), settings)).toEqual({
      kept: false,
      reasons: ['identity.cosine[mobileface] 0.423 < 0.51', 'expression.top1_agree 0 < 1', 'expression.prob_cosine 0.2 < 0.5'],
    });
  });

  it('says when the face was lost and metrics were not measured', () => {
    expect(curateAvatar(metrics({ redetected: 0 }), settings).reasons).toEqual([
      'the face was not found again on the avatar',
      'identity.cosine[mobileface] not measured',
      'identity.cosine[arcface] not measured',
      'expression.top1_agree not measured',
      'expression.prob_cosine not measured',
    ]);
    const lenient = { ...settings, requireRedetection: false, identityMinCosine: {}, expressionMinTop1Agree: undefined, expressionMinProbCosine: undefined };
    expect(curateAvatar(metrics({ redetected: 0 }), lenient)).toEqual({ kept: true, reasons: [] });
  });
});

describe('curateItem', () => {
  const ok = { kept: true, reasons: [] };
  const bad = { kept: false, reasons: ['identity.cosine[mobileface] 0.3 < 0.51'] };
  const passed = { passed: true, faces: 1, faceFraction: 0.3, edgeGap: 0.2 };

  it('fails an item whose stage failed, before anything else', () => {
    expect(curateItem({ failures: ['stylize: out of paint'], filter: passed, avatars: {} }, settings)).toEqual({ status: 'failed', reasons: ['stylize: out of paint'] });
  });

  it('drops by filter, then memorization, with the reason', () => {
    const filter = { passed: false, rule: 'one-face' as const, reason: '2 faces detected, exactly one is required', faces: 2 };
    expect(curateItem({ failures: [], filter, avatars: {} }, settings)).toEqual({ status: 'dropped', reasons: ['filter: 2 faces detected, exactly one is required'] });
    const memorization = { model: 'mobileface', similarity: 0.61234, reference: 'celeba', nearest: '000123.jpg' };
    expect(curateItem({ failures: [], filter: passed, memorization, avatars: { a: ok } }, settings)).toEqual({
      status: 'dropped',
      reasons: ['memorization: celeba/000123.jpg has mobileface similarity 0.612 > 0.6'],
    });
    expect(curateItem({ failures: [], filter: passed, memorization: { ...memorization, similarity: 0.6 }, avatars: { a: ok } }, settings).status).toBe('kept');
    expect(curateItem({ failures: [], filter: passed, excludedBy: 'audit/exclusion.txt', avatars: { a: ok } }, settings)).toEqual({
      status: 'dropped',
      reasons: ['memorization: listed in audit/exclusion.txt'],
    });
  });

  it('needs all avatars to pass, or any with keepWhen any', () => {
    expect(curateItem({ failures: [], filter: passed, avatars: { a: ok, b: bad } }, settings)).toEqual({ status: 'dropped', reasons: ['b: identity.cosine[mobileface] 0.3 < 0.51'] });
    expect(curateItem({ failures: [], filter: passed, avatars: { a: ok, b: bad } }, { ...settings, keepWhen: 'any' }).status).toBe('kept');
    expect(curateItem({ failures: [], filter: passed, avatars: { a: bad, b: bad } }, { ...settings, keepWhen: 'any' }).reasons).toEqual([
      'a: identity.cosine[mobileface] 0.3 < 0.51',
      'b: identity.cosine[mobileface] 0.3 < 0.51',
    ]);
  });
});
