import { access } from 'node:fs/promises';
import type { DetectedFace, Evaluator, FaceAnalyzer, ProgressCallback, ProgressEvent, RgbImage, Stylizer } from '@geneava/core/contracts';
import { roundedFace } from '@geneava/core/geometry';
import { decodeImage, writeImageAtomic } from '@geneava/core/image';
import { callStylizer, guardItem } from '@geneava/core/plugins';
import { filterFaces } from './filter.js';
import type { ImageProvider } from './image-provider.js';
import type { DatasetItem } from './item.js';
import { memorizedOut, stageData, type DecisionSettings, type FacesStageData, type ImageStageData, type MemorizationStageData, type StylizeStageData } from './item-record.js';
import type { JournalEntry, RunJournal } from './journal.js';
import { avatarPath, inDataset, realImagePath } from '@geneava/core/dataset-format';
import type { MemorizationScreen } from './memorization.js';
import { recordedFingerprint, type StageFingerprints } from './stage-fingerprints.js';
import { STAGES } from './stages.js';

/** A stylizer under the name it goes by in the run (folder names, stage names, columns). */
export interface NamedStylizer {
  readonly name: string;
  readonly stylizer: Stylizer;
}

/** The components a run is built from; each is a core interface, so any implementation (or a test fake) fits. */
export interface DatasetComponents {
  readonly provider: ImageProvider;
  /** Finds faces for the filter (and splits group photos). */
  readonly analyzer: FaceAnalyzer;
  readonly stylizers: readonly NamedStylizer[];
  readonly evaluator: Evaluator;
  readonly memorization?: MemorizationScreen;
}

/**
 * What the item runner reads and appends: the run's journal, or (on a queue worker) one item's entries
 * held in memory and handed back to the coordinator, which appends them to the run's journal.
 */
export type StageJournal = Pick<RunJournal, 'get'> & { append(entry: Omit<JournalEntry, 'at'>): Promise<unknown> };

/** Counts of stage work, for the summary: how much ran now, how much a resumed run found done. */
export interface StageCounts {
  ran: number;
  resumed: number;
  failed: number;
}

/** Progress of one item's stage. */
type ItemTick = (task: string, status: ProgressEvent['status'], message?: string) => void;

/**
 * The face as recorded: box, score and five points rounded to 1/100 px, no dense mesh (it would swell the
 * journal). The same form every command hands its stylizers (facesForStylizer).
 */
export function recordedFace(face: DetectedFace): DetectedFace {
  return roundedFace(face);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/**
 * Runs the stages of one item after another, each only when the journal does not already hold it
 * done with the stage's current fingerprint, newer than what it depends on, with its file in place.
 * Every stage writes its file atomically before appending its entry (with its fingerprint); a stage
 * that throws records its one-line reason and stops that item's dependent stages (other stylizers go on).
 */
export class ItemRunner {
  readonly counts: StageCounts = { ran: 0, resumed: 0, failed: 0 };
  private readonly progress = new Map<string, number>();
  /** Real images acquired in this session, until their item has run. */
  private readonly acquired = new Map<string, RgbImage>();

  constructor(
    private readonly out: string,
    private readonly journal: StageJournal,
    private readonly components: DatasetComponents,
    private readonly fingerprints: StageFingerprints,
    private readonly settings: DecisionSettings,
    private readonly total: number,
    private readonly onProgress: ProgressCallback | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {}

  private tick(task: string, item: string, status: ProgressEvent['status'], message?: string): void {
    const done = (this.progress.get(task) ?? 0) + 1;
    this.progress.set(task, done);
    this.onProgress?.({ task, done, total: this.total, item, status, ...(message ? { message } : {}) });
  }

  /** The reason a stage's latest entry records. */
  private failureOf(id: string, stage: string): string | undefined {
    const reason = this.journal.get(id, stage)?.data?.['reason'];
    return typeof reason === 'string' ? reason : undefined;
  }

  /** Done with this fingerprint (the same inputs), not older than its dependencies, and its file (if any) present. */
  private async isFresh(id: string, stage: string, fingerprint: string, dependsOn: readonly string[], file?: string): Promise<boolean> {
    const entry = this.journal.get(id, stage);
    if (entry?.status !== 'done' || recordedFingerprint(entry.data) !== fingerprint) return false;
    for (const dependency of dependsOn) {
      const upstream = this.journal.get(id, dependency);
      if (!upstream || upstream.at > entry.at) return false;
    }
    return file === undefined || exists(inDataset(this.out, file));
  }

  /** Runs `work` guarded and records it done with its fingerprint; a failure is recorded (unless the run is being stopped) and returns undefined. */
  private async stage<T extends Readonly<Record<string, unknown>>>(id: string, stage: string, fingerprint: string, who: string, work: () => Promise<T>): Promise<T | undefined> {
    const outcome = await guardItem(id, who, work);
    if (outcome.ok) {
      await this.journal.append({ id, stage, status: 'done', data: { ...outcome.value, fingerprint, ms: Math.round(outcome.ms) } });
      this.counts.ran++;
      return outcome.value;
    }
    await this.recordFailure(id, stage, outcome.reason);
    return undefined;
  }

  /** Makes the real images of a chunk of items that do not have one yet (one provider call). */
  async acquire(items: readonly DatasetItem[]): Promise<void> {
    const { provider } = this.components;
    const pending: DatasetItem[] = [];
    const fingerprints = new Map<string, string>();
    for (const item of items) {
      const fingerprint = await this.fingerprints.image(item);
      fingerprints.set(item.id, fingerprint);
      const recorded = this.journal.get(item.id, STAGES.image);
      const entry = stageData<ImageStageData>(recorded);
      // An image made from another prompt, seed, model or photo is made again: the record must describe the file.
      if (entry && recordedFingerprint(recorded?.data) === fingerprint && (await exists(inDataset(this.out, entry.file)))) {
        this.counts.resumed++;
        this.tick(provider.kind, item.id, 'skipped');
      } else pending.push(item);
    }
    if (pending.length === 0) return;
    const byId = new Map(pending.map((item) => [item.id, item]));
    for await (const outcome of provider.acquire(pending, this.signal ? { signal: this.signal } : {})) {
      const item = byId.get(outcome.id);
      if (!item) throw new Error(`image provider ${provider.info.id} returned an image for "${outcome.id}", which was not asked for`);
      if (!outcome.ok) {
        await this.recordFailure(item.id, STAGES.image, outcome.reason);
        this.tick(provider.kind, item.id, 'failed', outcome.reason);
        continue;
      }
      const { image, provenance } = outcome.value;
      const written = await this.stage(item.id, STAGES.image, fingerprints.get(item.id)!, 'writing the image', async () => {
        const file = realImagePath(item.expression, item.id);
        await writeImageAtomic(inDataset(this.out, file), image);
        this.acquired.set(item.id, image);
        return { file, width: image.width, height: image.height, provenance };
      });
      this.tick(provider.kind, item.id, written ? 'ok' : 'failed', written ? undefined : this.failureOf(item.id, STAGES.image));
    }
  }

  private async recordFailure(id: string, stage: string, reason: string): Promise<void> {
    if (this.signal?.aborted) throw this.signal.reason;
    await this.journal.append({ id, stage, status: 'failed', data: { reason } });
    this.counts.failed++;
  }

  /** The progress tasks after the image, in stage order. */
  private laterTasks(): string[] {
    return [
      'faces',
      ...(this.components.memorization ? ['memorization'] : []),
      ...this.components.stylizers.flatMap(({ name }) => [STAGES.stylize(name), STAGES.evaluate(name)]),
    ];
  }

  /**
   * Every stage after the image: faces (and filter), memorization, then stylize and evaluate per
   * stylizer. Tasks an item does not reach (dropped, or an earlier stage failed) count as skipped, so
   * every progress task reaches its total.
   */
  async process(item: DatasetItem): Promise<void> {
    const ticked = new Set<string>();
    const tick: ItemTick = (task, status, message) => {
      ticked.add(task);
      this.tick(task, item.id, status, message);
    };
    try {
      await this.processStages(item, tick);
    } finally {
      for (const task of this.laterTasks()) if (!ticked.has(task)) this.tick(task, item.id, 'skipped');
    }
  }

  private async processStages(item: DatasetItem, tick: ItemTick): Promise<void> {
    const { id } = item;
    const image = stageData<ImageStageData>(this.journal.get(id, STAGES.image));
    if (!image) return;
    let real = this.acquired.get(id);
    this.acquired.delete(id);
    const realImage = async () => (real ??= await decodeImage(inDataset(this.out, image.file), { source: image.file }));

    let faces = stageData<FacesStageData>(this.journal.get(id, STAGES.faces));
    if (await this.isFresh(id, STAGES.faces, this.fingerprints.faces, [STAGES.image])) {
      this.counts.resumed++;
      tick('faces', 'skipped');
    } else {
      faces = await this.stage(id, STAGES.faces, this.fingerprints.faces, 'face detection', async () => {
        const picture = await realImage();
        const found = await this.components.analyzer.detect(picture);
        return { faces: found.map(recordedFace), width: picture.width, height: picture.height };
      });
      tick('faces', faces ? 'ok' : 'failed', faces ? undefined : this.failureOf(id, 'faces'));
    }
    if (!faces) return;
    if (!filterFaces(faces.faces, faces, this.settings.filter).passed || this.settings.exclusions?.has(id)) return;
    const face = faces.faces[0]!;

    const screen = this.components.memorization;
    if (screen) {
      const fingerprint = this.fingerprints.memorization;
      let memo = stageData<MemorizationStageData>(this.journal.get(id, STAGES.memorization));
      if (await this.isFresh(id, STAGES.memorization, fingerprint, [STAGES.faces])) {
        this.counts.resumed++;
        tick('memorization', 'skipped');
      } else {
        memo = await this.stage(id, STAGES.memorization, fingerprint, 'memorization', async () => {
          const result = await screen.check(await realImage(), face);
          return result ? { result } : {};
        });
        tick('memorization', memo ? 'ok' : 'failed', memo ? undefined : this.failureOf(id, 'memorization'));
      }
      if (!memo || memorizedOut(memo.result, this.settings.curation)) return;
    }

    for (const { name, stylizer } of this.components.stylizers) {
      this.signal?.throwIfAborted();
      const stylizeStage = STAGES.stylize(name);
      const evaluateStage = STAGES.evaluate(name);
      let avatar: RgbImage | undefined;
      let stylized = stageData<StylizeStageData>(this.journal.get(id, stylizeStage));
      if (stylized && (await this.isFresh(id, stylizeStage, this.fingerprints.stylize(name), [STAGES.faces], stylized.file))) {
        this.counts.resumed++;
        tick(stylizeStage, 'skipped');
      } else {
        stylized = await this.stage(id, stylizeStage, this.fingerprints.stylize(name), `stylizer "${name}"`, async () => {
          // Its own copy of the photo and the face (callStylizer): a stylizer that writes into its input
          // cannot change what the evaluator, the journal or the next stylizer reads.
          const result = await callStylizer(stylizer, { id, image: await realImage(), faces: [face] }, this.signal ? { signal: this.signal } : {});
          const file = avatarPath(name, item.expression, id);
          await writeImageAtomic(inDataset(this.out, file), result.image);
          avatar = result.image;
          return {
            file,
            outcome: result.outcome,
            facesStylized: result.facesStylized,
            ...(result.faceTransforms ? { faceTransforms: result.faceTransforms } : {}),
            ...(result.notes?.length ? { notes: result.notes } : {}),
          };
        });
        tick(stylizeStage, stylized ? 'ok' : 'failed', stylized ? undefined : this.failureOf(id, stylizeStage));
      }
      if (!stylized) continue;
      const avatarFile = stylized.file;
      const faceTransforms = stylized.faceTransforms;
      if (await this.isFresh(id, evaluateStage, this.fingerprints.evaluate(name), [stylizeStage, STAGES.faces])) {
        this.counts.resumed++;
        tick(evaluateStage, 'skipped');
        continue;
      }
      const evaluated = await this.stage(id, evaluateStage, this.fingerprints.evaluate(name), `evaluator "${this.components.evaluator.info.id}"`, async () => {
        const picture = avatar ?? (await decodeImage(inDataset(this.out, avatarFile), { source: avatarFile }));
        const evaluation = await this.evaluate(id, await realImage(), face, picture, faceTransforms);
        return { metrics: evaluation.metrics, ...(evaluation.notes?.length ? { notes: evaluation.notes } : {}) };
      });
      tick(evaluateStage, evaluated ? 'ok' : 'failed', evaluated ? undefined : this.failureOf(id, evaluateStage));
    }
  }

  /** One protocol for every stylizer: the evaluator follows the stylizer's reported transforms of the faces it was given. */
  private evaluate(id: string, real: RgbImage, face: DetectedFace, avatar: RgbImage, faceTransforms: StylizeStageData['faceTransforms']) {
    const evaluator: Evaluator = this.components.evaluator;
    return evaluator.evaluatePair(
      { id, image: real, faces: [face] },
      { id, image: avatar },
      faceTransforms ? { faceTransforms } : {},
      this.signal ? { signal: this.signal } : {},
    );
  }
}
