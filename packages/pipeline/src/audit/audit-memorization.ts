import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { reasonOf, UsageError } from '@geneava/core/util';
import type { OnnxRuntime } from '@geneava/core/onnx';
import type { ProgressCallback } from '@geneava/core/contracts';
import {
  auditMemorization as findNearestReferences,
  checkThresholdRecord,
  embedFaceSet,
  memorizationSummary,
  memorizationThreshold,
  PAPER_MEMORIZATION_THRESHOLD,
  thresholdFromRecord,
  writeMemorizationReport,
  type EmbeddedFaceSet,
  type MemorizationAudit,
  type MemorizationReportFiles,
  type MemorizationSummary,
  type SetFaceEmbedder,
} from '@geneava/evaluator';
import type { Outcome } from '../outcome.js';
import { identityEmbedder } from '../session/identity-embedder.js';
import { withPipelineSession, type FaceModelOptions, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';
import { cacheFileFor, listFolder, setNames } from './audit-sets.js';

export const IDENTITY_MODELS = ['mobileface', 'arcface'] as const;
export type IdentityModel = (typeof IDENTITY_MODELS)[number];

/** Without services, the audit opens a session of its own from `config` and `cwd` and builds the embedder on the embedded face models. */
export interface AuditMemorizationOptions extends SessionOptions {
  /** Folder the paths are relative to (default: the process's working folder). */
  readonly cwd?: string;
  /** Another folder of converted embedded face models. */
  readonly faceModels?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  readonly generated: string;
  readonly references: readonly string[];
  readonly out: string;
  readonly identity: IdentityModel;
  /** ArcFace ONNX file; required with identity 'arcface'. */
  readonly arcface?: string;
  /** Cosine similarity at or above which a generated face is flagged; default per identity model. */
  readonly threshold?: number;
  /** The paper's setting: ArcFace, flagged when the cosine similarity exceeds 0.68. */
  readonly paper?: boolean;
  /** A `geneava calibrate identity` record whose threshold to use (its model must be the identity model). */
  readonly thresholdRecord?: string;
  /** Folder of the embedding caches (default <out>/cache). */
  readonly cache?: string;
}

export interface AuditMemorizationServices {
  readonly onnx: OnnxRuntime;
  /** Builds the embedder of the identity model; called once the flags and folders are known to be good. */
  createEmbedder(identity: IdentityModel, arcface: string | undefined): Promise<SetFaceEmbedder & { dispose?(): Promise<void> }>;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface AuditMemorizationResult {
  readonly audit: MemorizationAudit;
  readonly summary: MemorizationSummary;
  readonly files: MemorizationReportFiles;
  readonly out: string;
  /** Cache files that were not reused, and why. */
  readonly cacheNotes: readonly string[];
  /** 'ok' every image was read; 'partial' some images could not be read or analysed. */
  readonly outcome: Outcome;
}

/**
 * Embeds the largest face of every image of the generated set and of each reference set (through the
 * per-set caches), finds each generated face's nearest reference face, and writes the report.
 * Outcome: 'ok' every image was read, 'partial' some images could not be read or analysed.
 */
export async function auditMemorization(request: AuditMemorizationOptions, services?: AuditMemorizationServices): Promise<AuditMemorizationResult> {
  if (!services) return withPipelineSession(request, (session) => auditMemorization(request, auditMemorizationServices(session, request)));
  const cwd = request.cwd ?? process.cwd();
  if (!(IDENTITY_MODELS as readonly string[]).includes(request.identity)) {
    throw new UsageError(`--identity: expected one of ${IDENTITY_MODELS.join(', ')}, got "${request.identity}"`);
  }
  if (request.identity === 'arcface' && request.arcface === undefined) throw new UsageError('--identity arcface needs --arcface FILE (an InsightFace ArcFace export)');
  if (request.references.length === 0) throw new UsageError('--reference: give at least one reference folder');
  if (request.paper && request.identity !== 'arcface') throw new UsageError('--paper is the ArcFace setting: give --identity arcface --arcface FILE');
  if ([request.paper, request.threshold !== undefined, request.thresholdRecord !== undefined].filter(Boolean).length > 1) {
    throw new UsageError('give at most one of --paper, --threshold and --threshold-record');
  }
  let threshold;
  if (request.thresholdRecord !== undefined) threshold = await readThresholdRecord(resolve(cwd, request.thresholdRecord), request.identity);
  else {
    try {
      threshold = request.paper ? PAPER_MEMORIZATION_THRESHOLD : memorizationThreshold(request.identity, request.threshold);
    } catch (error) {
      throw new UsageError(`--threshold: ${reasonOf(error)}`);
    }
  }
  const generatedDir = resolve(cwd, request.generated);
  const referenceDirs = request.references.map((dir) => resolve(cwd, dir));
  await listFolder('--generated', generatedDir);
  for (const dir of referenceDirs) await listFolder('--reference', dir);
  const out = resolve(cwd, request.out);
  const cacheDir = request.cache === undefined ? resolve(out, 'cache') : resolve(cwd, request.cache);
  const [generatedName, ...referenceNames] = setNames([generatedDir, ...referenceDirs]);

  const embedder = await services.createEmbedder(request.identity, request.arcface === undefined ? undefined : resolve(cwd, request.arcface));
  const sets: EmbeddedFaceSet[] = [];
  try {
    for (const [name, dir] of [[generatedName!, generatedDir], ...referenceNames.map((n, i) => [n, referenceDirs[i]!])] as const) {
      sets.push(
        await embedFaceSet(name, dir, embedder, {
          cacheFile: cacheFileFor(cacheDir, dir, embedder.model),
          ...(services.onProgress ? { onProgress: services.onProgress } : {}),
          ...(services.signal ? { signal: services.signal } : {}),
        }),
      );
    }
  } finally {
    await embedder.dispose?.();
  }
  const [generated, ...references] = sets;
  const audit = await findNearestReferences(services.onnx, generated!, references, { threshold });
  const files = await writeMemorizationReport(out, audit);
  const failed = sets.some((set) => set.failed.length > 0);
  return {
    audit,
    summary: memorizationSummary(audit),
    files,
    out,
    cacheNotes: sets.flatMap((set) => (set.cacheDiscarded ? [set.cacheDiscarded] : [])),
    outcome: failed ? 'partial' : 'ok',
  };
}

/** The services of a memorization audit in a session: its ONNX runtime and the identity model's embedder. */
export function auditMemorizationServices(
  session: PipelineSession,
  options: Pick<FaceModelOptions, 'faceModels'> & { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): AuditMemorizationServices {
  const { onProgress, signal } = options;
  return {
    onnx: session.onnx(),
    createEmbedder: (identity, arcface) => identityEmbedder(session, identity, arcface, options.faceModels !== undefined ? { faceModels: options.faceModels } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}

/** The threshold of a calibration record, checked to belong to the identity model the audit uses. */
async function readThresholdRecord(file: string, identity: IdentityModel): Promise<{ threshold: number; basis: string }> {
  let record;
  try {
    record = checkThresholdRecord(JSON.parse(await readFile(file, 'utf8')), file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--threshold-record: ${code === 'ENOENT' ? `${file}: not found` : reasonOf(error)}`);
  }
  if (record.model !== identity) throw new UsageError(`--threshold-record: ${file} was fitted for ${record.model}, not ${identity}`);
  return thresholdFromRecord(record, file);
}
