import { join, resolve } from 'node:path';
import { readModelSignature, type DevicePreference, type OnnxRuntime } from '@geneava/core/onnx';
import { reasonOf, UsageError, writeFileAtomic } from '@geneava/core/util';
import type { ProgressCallback } from '@geneava/core/contracts';
import {
  analyzerExpressionEmbedder,
  computeReferenceMetrics,
  formatCsv,
  ImageEmbedder,
  LpipsScorer,
  type FaceExpressionEmbedder,
  type ReferenceMetricsResult,
  type ReferencePairing,
} from '@geneava/evaluator';
import type { PosterDataset } from '@geneava/face-analysis';
import type { Outcome } from '../outcome.js';
import { withPipelineSession, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';
import { listFolder, setNames } from './audit-sets.js';

/** Without services, the audit opens a session of its own from `config` and `cwd` and builds its models there. */
export interface AuditReferenceOptions extends SessionOptions, ExpressionEmbedderOptions {
  /** Folder the paths are relative to (default: the process's working folder). */
  readonly cwd?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  readonly generated: string;
  readonly reference: string;
  readonly out: string;
  readonly clip?: string;
  readonly dinov2?: string;
  readonly lpips?: string;
  /** POSTER file (with its 'feature' output) for the expression error. */
  readonly poster?: string;
  readonly pairBy?: ReferencePairing;
  readonly lpipsPairs?: number;
  readonly seed?: number;
}

export interface AuditReferenceServices {
  readonly onnx: OnnxRuntime;
  readonly device?: DevicePreference;
  /** The expression embedder on a face analyzer carrying the POSTER file. */
  createExpressionEmbedder(poster: string): Promise<FaceExpressionEmbedder & { dispose?(): Promise<void> }>;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface ReferenceReportFiles {
  readonly json: string;
  readonly csv: string;
}

export interface AuditReferenceResult {
  readonly result: ReferenceMetricsResult;
  readonly files: ReferenceReportFiles;
  readonly out: string;
  /** 'ok' all images used; 'partial' some images unreadable; 'failure' no metric had a single pair. */
  readonly outcome: Outcome;
}

/** Opens a user's model file; a file that is not the contract is a usage error naming the flag. */
async function open<T>(flag: string, make: () => Promise<T>): Promise<T> {
  try {
    return await make();
  } catch (error) {
    throw new UsageError(`${flag}: ${reasonOf(error)}`);
  }
}

/**
 * The GenEAva paper's Table 1 metrics of a generated set against a reference set, for each model given.
 * Writes reference-metrics.json and reference-metrics.csv. Outcome: 'ok' all images used, 'partial' some
 * images unreadable, 'failure' no metric had a single pair.
 */
export async function auditReference(request: AuditReferenceOptions, services?: AuditReferenceServices): Promise<AuditReferenceResult> {
  if (!services) return withPipelineSession(request, (session) => auditReference(request, auditReferenceServices(session, request)));
  const cwd = request.cwd ?? process.cwd();
  if (!request.clip && !request.dinov2 && !request.lpips && !request.poster) throw new UsageError('give at least one of --clip, --dinov2, --lpips, --poster');
  if (request.lpipsPairs !== undefined && !(Number.isInteger(request.lpipsPairs) && request.lpipsPairs >= 1)) {
    throw new UsageError(`--lpips-pairs: expected a positive integer, got ${request.lpipsPairs}`);
  }
  const generatedDir = resolve(cwd, request.generated);
  const referenceDir = resolve(cwd, request.reference);
  const generated = await listFolder('--generated', generatedDir);
  const reference = await listFolder('--reference', referenceDir);
  const out = resolve(cwd, request.out);
  const path = (file: string) => resolve(cwd, file);
  const device = services.device ? { device: services.device } : {};
  if (request.poster) {
    const signature = await open('--poster', () => readModelSignature(path(request.poster!)));
    if (!signature.outputs.some((o) => o.name === 'feature')) {
      throw new UsageError(`--poster: ${path(request.poster)} has no 'feature' output; the expression error compares POSTER embeddings (see the @geneava/face-analysis README on exporting POSTER)`);
    }
  }

  const owned: { dispose?(): Promise<void> }[] = [];
  const own = <T extends { dispose?(): Promise<void> }>(model: T): T => {
    owned.push(model);
    return model;
  };
  try {
    const clip = request.clip ? own(await open('--clip', () => ImageEmbedder.create(services.onnx, path(request.clip!), 'clip', device))) : undefined;
    const dinov2 = request.dinov2 ? own(await open('--dinov2', () => ImageEmbedder.create(services.onnx, path(request.dinov2!), 'dinov2', device))) : undefined;
    const lpips = request.lpips ? own(await open('--lpips', () => LpipsScorer.create(services.onnx, path(request.lpips!), device))) : undefined;
    const expression = request.poster ? own(await services.createExpressionEmbedder(path(request.poster))) : undefined;

    const [generatedName, referenceName] = setNames([generatedDir, referenceDir]);
    const result = await computeReferenceMetrics(
      services.onnx,
      { name: generatedName!, dir: generatedDir, files: generated.images },
      { name: referenceName!, dir: referenceDir, files: reference.images },
      { ...(clip ? { clip } : {}), ...(dinov2 ? { dinov2 } : {}), ...(lpips ? { lpips } : {}), ...(expression ? { expression } : {}) },
      {
        ...(request.pairBy ? { pairing: request.pairBy } : {}),
        ...(request.lpipsPairs !== undefined ? { lpipsPairs: request.lpipsPairs } : {}),
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        ...device,
        ...(services.onProgress ? { onProgress: services.onProgress } : {}),
        ...(services.signal ? { signal: services.signal } : {}),
      },
    );
    const files = await writeReferenceReport(out, result);
    const anyPairs = result.metrics.some((m) => m.pairs > 0);
    const partial = result.generated.failed.length > 0 || result.reference.failed.length > 0;
    return { result, files, out, outcome: !anyPairs ? 'failure' : partial ? 'partial' : 'ok' };
  } finally {
    for (const model of owned) await model.dispose?.();
  }
}

/** How the POSTER expression embedder is built: the embedded face models, POSTER's label order, the face detector. */
export interface ExpressionEmbedderOptions {
  /** Another folder of converted embedded face models. */
  readonly faceModels?: string;
  /** The data set the POSTER file was trained on (its label order); default: the analyzer's. */
  readonly posterDataset?: PosterDataset;
  /** A RetinaFace ONNX file to detect faces with instead of BlazeFace. */
  readonly retinaface?: string;
}

/** The services of a reference audit in a session: its runtime and device, and the POSTER expression embedder. */
export function auditReferenceServices(
  session: PipelineSession,
  options: ExpressionEmbedderOptions & { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): AuditReferenceServices {
  const { onProgress, signal, posterDataset, retinaface } = options;
  return {
    onnx: session.onnx(),
    device: session.device,
    createExpressionEmbedder: async (poster) => {
      const analyzer = await session.createAnalyzer(options.faceModels !== undefined ? { faceModels: options.faceModels } : {}, {
        attributes: false,
        poster: posterDataset ? { path: poster, dataset: posterDataset } : poster,
        ...(retinaface !== undefined ? { detector: { retinaface: resolve(session.cwd, retinaface) } } : {}),
      });
      return { ...analyzerExpressionEmbedder(analyzer, 'poster'), dispose: () => analyzer.dispose() };
    },
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}

const round6 = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? undefined : Math.round(value * 1e6) / 1e6);

async function writeReferenceReport(out: string, result: ReferenceMetricsResult): Promise<ReferenceReportFiles> {
  const files = { json: join(out, 'reference-metrics.json'), csv: join(out, 'reference-metrics.csv') };
  // NaN (a metric with no pair) becomes null in JSON.
  await writeFileAtomic(files.json, `${JSON.stringify(result, null, 2)}\n`);
  const rows = result.metrics.flatMap((m) => [
    [m.metric, m.paperName, '', round6(m.value), m.pairs, m.totalPairs, m.sampled ? 1 : 0, round6(m.standardError), m.generatedItems, m.referenceItems],
    ...(m.groups ?? []).map((g) => [m.metric, m.paperName, g.group, round6(g.value), g.pairs, '', '', '', '', '']),
  ]);
  await writeFileAtomic(
    files.csv,
    formatCsv(['metric', 'paper_name', 'group', 'value', 'pairs', 'total_pairs', 'sampled', 'standard_error', 'generated_items', 'reference_items'], rows),
  );
  return files;
}
