import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PairEvaluation, ProgressCallback } from '@geneava/core/contracts';
import { reasonOf, toCsv, toJsonl, UsageError, writeFileAtomic } from '@geneava/core/util';
import { datasetCard, type DatasetCardInfo } from './card.js';
import type { CurationSettings } from './curate.js';
import { selectItems, splitPhotoItems, type DatasetSelection, type SplitPhotos } from './enumerate-items.js';
import type { FilterSettings } from './filter.js';
import type { DatasetItem } from './item.js';
import { itemRecord, stageData, type DecisionSettings, type EvaluateStageData } from './item-record.js';
import { ItemRunner, type DatasetComponents, type StageCounts } from './item-runner.js';
import { RunJournal, type JournalReplay } from './journal.js';
import { DATASET_FILES, inDataset, type MetadataRecord } from '@geneava/core/dataset-format';
import { metadataTable } from './metadata.js';
import { acquireRunLock } from './run-lock.js';
import { recordRunManifest } from './run-manifest.js';
import { stageFingerprints, type StageFingerprints } from './stage-fingerprints.js';
import { STAGES } from './stages.js';
import type { ReferenceSetProblem } from '@geneava/evaluator';
import { removeStaleTempFiles } from './stale-temp.js';

/** One evaluated (real, avatar) pair with its item's labels, for reports that aggregate metrics. */
export interface StylizerEvaluation {
  readonly stylizer: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly evaluation: PairEvaluation;
  /** Wall time of the stylize and evaluate calls, when this run or an earlier one measured them. */
  readonly stylizeMs?: number;
  readonly evaluateMs?: number;
}

export interface DatasetCounts {
  readonly items: number;
  readonly kept: number;
  readonly dropped: number;
  readonly failed: number;
  /** Source photos that could not be split into faces. */
  readonly failedPhotos: number;
}

/** What a report writer gets: the finished records and the pair evaluations behind them. */
export interface DatasetReportInput {
  readonly out: string;
  readonly records: readonly MetadataRecord[];
  readonly evaluations: readonly StylizerEvaluation[];
  readonly counts: DatasetCounts;
  readonly card: Omit<DatasetCardInfo, 'report'>;
}

/** Writes the run's report into the dataset folder and returns its path relative to it. */
export type DatasetReportWriter = (input: DatasetReportInput) => Promise<string>;

export interface DatasetBuildOptions {
  /** The dataset folder (created when missing; resumed when it holds an interrupted build). */
  readonly out: string;
  /** The items to build (planned, or one per source photo). Exactly one of items and split. */
  readonly items?: readonly DatasetItem[];
  /** Source photos to split into one item per face. */
  readonly split?: SplitPhotos;
  readonly select?: DatasetSelection;
  readonly components: DatasetComponents;
  readonly filter: FilterSettings;
  readonly curation: CurationSettings;
  /** Items to drop by id (e.g. from `geneava audit memorization`), with the list that names each. */
  readonly exclusions?: ReadonlyMap<string, string>;
  /** What the dataset card says about the run. */
  readonly card: { readonly title: string; readonly source: string; readonly notes?: readonly string[] };
  readonly report?: DatasetReportWriter;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Appended journal entries reach the disk at least this often (default 1000 ms; every entry survives a killed process regardless). */
  readonly syncEveryMs?: number;
}

export interface DatasetBuildResult {
  readonly out: string;
  readonly counts: DatasetCounts;
  /** Stage work done now, found done (resumed) and failed. */
  readonly stages: StageCounts;
  readonly replay: JournalReplay;
  /** Temporary files of an interrupted run that were removed. */
  readonly staleTempFiles: number;
  readonly records: readonly MetadataRecord[];
  readonly failedPhotos: readonly { readonly file: string; readonly reason: string }[];
  /** Paths relative to `out`. */
  readonly files: { readonly metadataJsonl: string; readonly metadataCsv: string; readonly card: string; readonly report?: string };
  /** Why the report could not be written (the dataset itself is complete). */
  readonly reportError?: string;
  /** Files of the memorization screen's reference folders that are not in its sets (unreadable, no face, not an image), with why; absent when none. */
  readonly referenceProblems?: readonly ReferenceSetProblem[];
  readonly seconds: number;
}

function labelsOf(record: MetadataRecord): Record<string, string> {
  const labels: Record<string, string> = { expression: record.expression };
  if (record.gender) labels['gender'] = record.gender;
  if (record.race) labels['race'] = record.race;
  if (record.ageGroup) labels['ageGroup'] = record.ageGroup;
  return labels;
}

function evaluationsOf(records: readonly MetadataRecord[], journal: RunJournal, stylizers: readonly string[]): StylizerEvaluation[] {
  const evaluations: StylizerEvaluation[] = [];
  for (const record of records) {
    for (const stylizer of stylizers) {
      if (record.avatars[stylizer]?.status !== 'ok') continue;
      const data = stageData<EvaluateStageData>(journal.get(record.id, STAGES.evaluate(stylizer)));
      if (!data) continue;
      const ms = (stage: string) => journal.get(record.id, stage)?.data?.['ms'];
      const stylizeMs = ms(STAGES.stylize(stylizer));
      const evaluateMs = ms(STAGES.evaluate(stylizer));
      evaluations.push({
        stylizer,
        labels: labelsOf(record),
        evaluation: { id: record.id, metrics: data.metrics },
        ...(typeof stylizeMs === 'number' ? { stylizeMs } : {}),
        ...(typeof evaluateMs === 'number' ? { evaluateMs } : {}),
      });
    }
  }
  return evaluations;
}

function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}

function checkUniqueIds(items: readonly DatasetItem[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new UsageError(`item id "${item.id}" appears twice; every item needs its own id`);
    seen.add(item.id);
  }
}

/**
 * Builds (or resumes) a dataset: plan or source -> image -> faces + filter -> memorization -> stylize
 * with every stylizer -> evaluate every pair -> curate -> metadata.jsonl, metadata.csv, the dataset card
 * and the report. Items are keyed by id; every file is written atomically before the journal records
 * it, so a build killed at any moment and run again finishes with every item exactly once and no
 * partial file. Each stage is recorded with its fingerprint (stageFingerprints): run again with a
 * changed input (seed, prompt, model weights, stylizer options...), exactly the stages it feeds are
 * redone, and the ones after them. A plugin that throws fails that item's stage only (recorded with its reason); running
 * again retries it. Curation is decided from the recorded metrics at the end of every run, so changed
 * thresholds take effect without redoing work.
 */
export async function buildDataset(options: DatasetBuildOptions): Promise<DatasetBuildResult> {
  const build = await openDatasetBuild(options);
  try {
    const { journal, items, components } = build;
    const runner = new ItemRunner(build.out, journal, components, build.fingerprints, build.settings, items.length, options.onProgress, options.signal);
    const syncEvery = options.syncEveryMs ?? 1000;
    let lastSync = Date.now();
    const batch = Math.max(1, components.provider.batch);
    for (let start = 0; start < items.length; start += batch) {
      options.signal?.throwIfAborted();
      const chunk = items.slice(start, start + batch);
      await runner.acquire(chunk);
      for (const item of chunk) await runner.process(item);
      if (Date.now() - lastSync >= syncEvery) {
        await journal.sync();
        lastSync = Date.now();
      }
    }
    return await finishDatasetBuild(build, runner.counts);
  } finally {
    await build.close();
  }
}

/**
 * A dataset build between its start and its assembly: the folder locked, the models fingerprinted, the
 * journal open and the items listed. The local runner (buildDataset) and a queue coordinator both open
 * one, run the items' stages (here or on workers) into its journal, then finish it.
 */
export interface DatasetBuild {
  readonly out: string;
  readonly options: DatasetBuildOptions;
  readonly components: DatasetComponents;
  readonly journal: RunJournal;
  readonly replay: JournalReplay;
  readonly fingerprints: StageFingerprints;
  readonly settings: DecisionSettings;
  readonly items: readonly DatasetItem[];
  readonly staleTempFiles: number;
  readonly failedPhotos: readonly { readonly file: string; readonly reason: string }[];
  readonly started: number;
  /** Closes the journal and releases the folder's lock. */
  close(): Promise<void>;
}

/** Locks the folder, removes an interrupted run's temporary files, fingerprints the models, opens the journal and lists the items. */
export async function openDatasetBuild(options: DatasetBuildOptions): Promise<DatasetBuild> {
  const started = performance.now();
  if ((options.items === undefined) === (options.split === undefined)) throw new Error('buildDataset: give exactly one of items and split');
  const out = resolve(options.out);
  const { components, signal, onProgress } = options;
  const stylizerNames = components.stylizers.map((s) => s.name);
  if (new Set(stylizerNames).size !== stylizerNames.length) throw new UsageError(`stylizer names must differ (got ${stylizerNames.join(', ')})`);
  await mkdir(inDataset(out, DATASET_FILES.stateDir), { recursive: true });
  const release = await acquireRunLock(inDataset(out, DATASET_FILES.lock));
  let journal: RunJournal | undefined;
  try {
    const staleTempFiles = await removeStaleTempFiles(out);
    // Model files are hashed once per machine; a large one takes a while the first time, so say so.
    let hashed = 0;
    const fingerprints = await stageFingerprints(components, {
      onHashing: (path, bytes) => onProgress?.({ task: 'hash models', done: ++hashed, item: path, message: `${formatBytes(bytes)}, hashed once per machine` }),
    });
    await recordRunManifest(inDataset(out, DATASET_FILES.run), fingerprints.identities);
    // Reference files the screen could not use are said once per run, not skipped silently (the card and run.json keep them).
    const problems = components.memorization?.problems ?? [];
    problems.forEach((problem, index) => {
      onProgress?.({ task: 'reference sets', done: index + 1, total: problems.length, item: `${problem.set}/${problem.file}`, status: 'skipped', message: `${problem.kind}: ${problem.reason}` });
    });
    const opened = await RunJournal.open(inDataset(out, DATASET_FILES.journal));
    journal = opened.journal;
    const settings = { filter: options.filter, curation: options.curation, ...(options.exclusions ? { exclusions: options.exclusions } : {}) };

    const split = options.split
      ? await splitPhotoItems(options.split, components.analyzer, journal, options.select ?? {}, {
          fingerprint: fingerprints.split(options.split.cropScale),
          ...(onProgress ? { onProgress } : {}),
          ...(signal ? { signal } : {}),
        })
      : undefined;
    const items = split ? split.items : selectItems(options.items!, options.select);
    checkUniqueIds(items);
    const openJournal = journal;
    return {
      out,
      options,
      components,
      journal: openJournal,
      replay: opened.replay,
      fingerprints,
      settings,
      items,
      staleTempFiles,
      failedPhotos: split?.failed ?? [],
      started,
      close: async () => {
        try {
          await openJournal.close();
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    await journal?.close();
    await release();
    throw error;
  }
}

/** Assembles the dataset from the journal: metadata.jsonl and .csv, the report and the card. */
export async function finishDatasetBuild(build: DatasetBuild, stages: StageCounts): Promise<DatasetBuildResult> {
  const { out, options, components, journal, items, settings } = build;
  const stylizerNames = components.stylizers.map((s) => s.name);
  const referenceProblems = components.memorization?.problems ?? [];
  const records = items.map((item) => itemRecord(item, journal, stylizerNames, settings));
  const counts: DatasetCounts = {
    items: records.length,
    kept: records.filter((r) => r.status === 'kept').length,
    dropped: records.filter((r) => r.status === 'dropped').length,
    failed: records.filter((r) => r.status === 'failed').length,
    failedPhotos: build.failedPhotos.length,
  };
  const cardInfo: Omit<DatasetCardInfo, 'report'> = {
    ...options.card,
    stylizers: components.stylizers.map(({ name, stylizer }) => ({ name, info: stylizer.info })),
    filter: options.filter,
    curation: options.curation,
    ...(options.exclusions ? { exclusionLists: [...new Set(options.exclusions.values())] } : {}),
    ...(referenceProblems.length > 0 ? { referenceProblems } : {}),
    created: new Date().toISOString().slice(0, 10),
  };
  const table = metadataTable(records, stylizerNames);
  await writeFileAtomic(inDataset(out, DATASET_FILES.metadataJsonl), toJsonl(records));
  await writeFileAtomic(inDataset(out, DATASET_FILES.metadataCsv), toCsv(table.header, table.rows));
  let report: string | undefined;
  let reportError: string | undefined;
  if (options.report) {
    try {
      report = await options.report({ out, records, evaluations: evaluationsOf(records, journal, stylizerNames), counts, card: cardInfo });
    } catch (error) {
      reportError = reasonOf(error);
    }
  }
  await writeFileAtomic(inDataset(out, DATASET_FILES.card), datasetCard(records, { ...cardInfo, ...(report ? { report } : {}) }));
  options.onProgress?.({ task: 'dataset', done: 1, total: 1, message: `${counts.kept} kept, ${counts.dropped} dropped, ${counts.failed} failed` });
  return {
    out,
    counts,
    stages,
    replay: build.replay,
    staleTempFiles: build.staleTempFiles,
    records,
    failedPhotos: build.failedPhotos,
    files: { metadataJsonl: DATASET_FILES.metadataJsonl, metadataCsv: DATASET_FILES.metadataCsv, card: DATASET_FILES.card, ...(report ? { report } : {}) },
    ...(reportError ? { reportError } : {}),
    ...(referenceProblems.length > 0 ? { referenceProblems } : {}),
    seconds: Math.round(performance.now() - build.started) / 1000,
  };
}
