import type { DetectedFace, MetricRecord } from '@geneava/core/contracts';
import type { AffineMatrix } from '@geneava/core/geometry';
import type { AvatarRecord, FilterOutcome, MemorizationResult, MetadataRecord, Provenance } from '@geneava/core/dataset-format';
import { curateAvatar, curateItem, type AvatarVerdict, type CurationSettings } from './curate.js';
import { filterFaces, type FilterSettings } from './filter.js';
import { identitySetRecord } from './identity-set.js';
import type { DatasetItem } from './item.js';
import type { JournalEntry, RunJournal } from './journal.js';
import { flattenMetrics } from './metadata.js';
import { recordedFingerprint } from './stage-fingerprints.js';
import { STAGES } from './stages.js';

/** What the journal's entries of each stage carry in `data`. */
export interface ImageStageData {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly provenance: Provenance;
}
export interface FacesStageData {
  readonly faces: readonly DetectedFace[];
  readonly width: number;
  readonly height: number;
}
export interface MemorizationStageData {
  readonly result?: MemorizationResult;
}
export interface StylizeStageData {
  readonly file: string;
  readonly outcome: string;
  readonly facesStylized: number;
  /** The stylizer's StylizedFace.faceTransforms (where each given face went), when it reported them. */
  readonly faceTransforms?: readonly (AffineMatrix | null)[];
  readonly notes?: readonly string[];
}
export interface EvaluateStageData {
  readonly metrics: readonly MetricRecord[];
  readonly notes?: readonly string[];
}

/** What decides items besides their recorded work: the filter, the thresholds, and exclusion lists (item id -> list file). */
export interface DecisionSettings {
  readonly filter: FilterSettings;
  readonly curation: CurationSettings;
  readonly exclusions?: ReadonlyMap<string, string>;
}

export function stageData<T>(entry: JournalEntry | undefined): T | undefined {
  return entry?.status === 'done' ? (entry.data as T) : undefined;
}

/** The filter's decision on the faces the journal recorded, under the current settings. */
export function filterOutcomeOf(journal: RunJournal, id: string, settings: FilterSettings): FilterOutcome | undefined {
  const faces = stageData<FacesStageData>(journal.get(id, STAGES.faces));
  return faces ? filterFaces(faces.faces, faces, settings) : undefined;
}

/** "<stage>: <reason>" when the stage's latest entry failed. */
function failure(entry: JournalEntry | undefined, stage: string): string | undefined {
  if (entry?.status !== 'failed') return undefined;
  const reason = entry.data?.['reason'];
  return `${stage}: ${typeof reason === 'string' ? reason : 'failed'}`;
}

/**
 * The metadata record of an item, decided from the journal: the latest entry of every stage, with
 * the filter and the curation thresholds applied as they are configured now (so changing a threshold
 * and running again re-decides every item without redoing any work).
 */
export function itemRecord(
  item: DatasetItem,
  journal: RunJournal,
  stylizers: readonly string[],
  settings: DecisionSettings,
): MetadataRecord {
  const { id } = item;
  const imageEntry = journal.get(id, STAGES.image);
  const image = stageData<ImageStageData>(imageEntry);
  const filter = filterOutcomeOf(journal, id, settings.filter);
  const facesEntry = journal.get(id, STAGES.faces);
  // Entries older than the stage they follow were made from an earlier image or avatar (one that was
  // since made again, e.g. from a new seed, and no longer reaches them): they describe no file of the item now.
  const memorizationEntry = since(journal.get(id, STAGES.memorization), facesEntry);
  const memorization = stageData<MemorizationStageData>(memorizationEntry)?.result;
  const failures: string[] = [];
  const note = (reason: string | undefined) => reason !== undefined && failures.push(reason);
  note(failure(imageEntry, STAGES.image));
  if (!image && !imageEntry) failures.push(`${STAGES.image}: not made yet`);
  note(failure(facesEntry, STAGES.faces));
  note(failure(memorizationEntry, STAGES.memorization));

  const avatars: Record<string, AvatarRecord> = {};
  const verdicts: Record<string, AvatarVerdict> = {};
  const stageEntries: Record<string, JournalEntry | undefined> = { [STAGES.image]: imageEntry, [STAGES.faces]: facesEntry, [STAGES.memorization]: memorizationEntry };
  const excludedBy = settings.exclusions?.get(id);
  const reachedAvatars = image !== undefined && filter?.passed === true && failures.length === 0 && excludedBy === undefined;
  for (const stylizer of stylizers) {
    const stylizeEntry = since(journal.get(id, STAGES.stylize(stylizer)), facesEntry);
    const evaluateEntry = since(journal.get(id, STAGES.evaluate(stylizer)), stylizeEntry);
    stageEntries[STAGES.stylize(stylizer)] = stylizeEntry;
    stageEntries[STAGES.evaluate(stylizer)] = evaluateEntry;
    const stylized = stageData<StylizeStageData>(stylizeEntry);
    const evaluated = stageData<EvaluateStageData>(evaluateEntry);
    const failed = failure(stylizeEntry, STAGES.stylize(stylizer)) ?? failure(evaluateEntry, STAGES.evaluate(stylizer));
    const base = stylized ? { file: stylized.file, outcome: stylized.outcome, facesStylized: stylized.facesStylized } : {};
    if (failed) {
      avatars[stylizer] = { status: 'failed', ...base, reason: failed };
      failures.push(failed);
    } else if (stylized && evaluated) {
      const verdict = curateAvatar(evaluated.metrics, settings.curation);
      verdicts[stylizer] = verdict;
      const notes = [...(stylized.notes ?? []), ...(evaluated.notes ?? [])];
      avatars[stylizer] = { status: 'ok', ...base, metrics: flattenMetrics(evaluated.metrics), kept: verdict.kept, reasons: verdict.reasons, ...(notes.length ? { notes } : {}) };
    } else {
      if (reachedAvatars && !memorizedOut(memorization, settings.curation)) failures.push(`${STAGES.stylize(stylizer)}: not stylized and evaluated yet`);
      avatars[stylizer] = { status: 'not-run', ...base };
    }
  }
  const verdict = curateItem(
    { failures, ...(filter ? { filter } : {}), ...(excludedBy !== undefined ? { excludedBy } : {}), ...(memorization ? { memorization } : {}), avatars: verdicts },
    settings.curation,
  );
  return {
    id,
    status: verdict.status,
    reasons: verdict.reasons,
    expression: item.expression,
    ...(item.family !== undefined ? { family: item.family } : {}),
    ...(item.gender !== undefined ? { gender: item.gender } : {}),
    ...(item.race !== undefined ? { race: item.race } : {}),
    ...(item.ageGroup !== undefined ? { ageGroup: item.ageGroup } : {}),
    ...(item.prompt !== undefined ? { prompt: item.prompt } : {}),
    ...(item.negativePrompt !== undefined ? { negativePrompt: item.negativePrompt } : {}),
    ...(item.seed !== undefined ? { seed: item.seed } : {}),
    ...(item.source ? { source: item.source } : {}),
    ...(item.identitySet ? { identitySet: identitySetRecord(item.identitySet) } : {}),
    ...(image ? { image: image.file, width: image.width, height: image.height, provenance: image.provenance } : {}),
    ...(filter ? { filter } : {}),
    ...(memorization ? { memorization } : {}),
    avatars,
    fingerprints: fingerprintsOf(stageEntries),
  };
}

/** The entry, when it was made after the one it depends on. */
function since(entry: JournalEntry | undefined, upstream: JournalEntry | undefined): JournalEntry | undefined {
  return entry && upstream && entry.at >= upstream.at ? entry : undefined;
}

/** The fingerprint each done stage of an item was made with, by stage name (what its files were made from). */
function fingerprintsOf(entries: Readonly<Record<string, JournalEntry | undefined>>): Record<string, string> {
  const fingerprints: Record<string, string> = {};
  for (const [stage, entry] of Object.entries(entries)) {
    const fingerprint = entry?.status === 'done' ? recordedFingerprint(entry.data) : undefined;
    if (fingerprint) fingerprints[stage] = fingerprint;
  }
  return fingerprints;
}

/** Whether the memorization screen drops the item before its avatars are made. */
export function memorizedOut(result: MemorizationResult | undefined, curation: CurationSettings): boolean {
  return result !== undefined && curation.memorizationMaxSimilarity !== undefined && result.similarity > curation.memorizationMaxSimilarity;
}
