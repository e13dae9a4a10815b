/**
 * The items the report shows as images: a sample spread over all compared items, and for each stylizer
 * its worst cases (lowest primary identity cosine; an avatar where no face was found again, so identity
 * could not be measured, counts as worse than any measured one).
 */
import { PAIR_METRICS } from '../metrics/metric-names.js';
import { metricKey } from './metric-catalog.js';
import { compareIds } from './tabulate.js';
import type { ComparedStylizer, ComparisonPair, GalleryCell, GalleryRow, ItemLabelSet, WorstCases } from './types.js';

export interface GalleryInput {
  readonly stylizers: readonly ComparedStylizer[];
  readonly pairs: readonly ComparisonPair[];
  readonly labels: ReadonlyMap<string, ItemLabelSet>;
  readonly primaryIdentityModel: string | undefined;
}

/** `count` ids spread evenly (first and last included) over the items with at least one scored pair, in id order. */
export function galleryIds(pairs: readonly ComparisonPair[], count: number): string[] {
  const compared = [...new Set(pairs.filter((pair) => pair.status === 'ok').map((pair) => pair.id))].sort(compareIds);
  if (count <= 0) return [];
  if (compared.length <= count) return compared;
  if (count === 1) return [compared[0]!];
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (compared.length - 1)) / (count - 1)));
  return [...picked].map((index) => compared[index]!);
}

export function galleryRows(ids: readonly string[], input: GalleryInput): GalleryRow[] {
  const byKey = pairIndex(input.pairs);
  return ids.map((id) => ({
    id,
    labels: input.labels.get(id) ?? {},
    cells: input.stylizers.map(({ name }) => galleryCell(name, byKey.get(JSON.stringify([id, name])), input.primaryIdentityModel)),
  }));
}

export function worstCases(count: number, input: GalleryInput): WorstCases[] {
  const identityKey = input.primaryIdentityModel === undefined ? undefined : metricKey(PAIR_METRICS.identityCosine, input.primaryIdentityModel);
  const orderKey = identityKey ?? PAIR_METRICS.detectionRedetected;
  return input.stylizers.map(({ name }) => {
    const scored = input.pairs.flatMap((pair) => {
      if (pair.stylizer !== name || pair.status !== 'ok') return [];
      const record = pair.metrics.find((metric) => metricKey(metric.metric, metric.model) === orderKey);
      return [{ id: pair.id, value: record?.value }];
    });
    // Unmeasured first (no face found on the avatar), then ascending, ties by id.
    scored.sort((x, y) => {
      if (x.value === undefined || y.value === undefined) return (x.value === undefined ? 0 : 1) - (y.value === undefined ? 0 : 1) || compareIds(x.id, y.id);
      return x.value - y.value || compareIds(x.id, y.id);
    });
    const ids = scored.slice(0, Math.max(0, count)).map((entry) => entry.id);
    return { stylizer: name, metric: orderKey, rows: galleryRows(ids, input) };
  });
}

function pairIndex(pairs: readonly ComparisonPair[]): Map<string, ComparisonPair> {
  return new Map(pairs.map((pair) => [JSON.stringify([pair.id, pair.stylizer]), pair]));
}

function galleryCell(stylizer: string, pair: ComparisonPair | undefined, primaryIdentityModel: string | undefined): GalleryCell {
  if (!pair) return { stylizer, status: 'missing' };
  if (pair.status === 'failed') return { stylizer, status: 'failed', reason: `${pair.stage}: ${pair.reason}` };
  const value = (metric: string, model?: string) => pair.metrics.find((record) => record.metric === metric && record.model === model)?.value;
  const identity = primaryIdentityModel === undefined ? undefined : value(PAIR_METRICS.identityCosine, primaryIdentityModel);
  const expressionAgree = value(PAIR_METRICS.expressionTop1Agree);
  const redetected = value(PAIR_METRICS.detectionRedetected);
  return {
    stylizer,
    status: 'ok',
    ...(identity === undefined ? {} : { identity }),
    ...(expressionAgree === undefined ? {} : { expressionAgree }),
    ...(redetected === undefined ? {} : { redetected }),
  };
}
