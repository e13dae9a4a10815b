import { resolve } from 'node:path';
import { reasonOf, UsageError, writeFileAtomic } from '@geneava/core/util';
import type { ProgressCallback } from '@geneava/core/contracts';
import { calibrateIdentity as fitIdentityThreshold, readPairsCsv, readPeopleFolders, type IdentityPairSet, type IdentityThresholdRecord, type SetFaceEmbedder } from '@geneava/evaluator';
import type { Outcome } from '../outcome.js';
import { identityEmbedder } from '../session/identity-embedder.js';
import { withPipelineSession, type FaceModelOptions, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';

export const CALIBRATION_IDENTITY_MODELS = ['mobileface', 'faceres', 'arcface'] as const;
export type CalibrationIdentityModel = (typeof CALIBRATION_IDENTITY_MODELS)[number];

/** Without services, the calibration opens a session of its own from `config` and `cwd` and builds the embedder on the embedded face models. */
export interface CalibrateIdentityOptions extends SessionOptions {
  /** Folder the paths are relative to (default: the process's working folder). */
  readonly cwd?: string;
  /** Another folder of converted embedded face models. */
  readonly faceModels?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  /** Folder of people: DIR/<person>/<images>. */
  readonly people?: string;
  /** CSV of pairs: a,b,same. */
  readonly pairs?: string;
  readonly identity: CalibrationIdentityModel;
  /** ArcFace ONNX file; required with identity 'arcface'. */
  readonly arcface?: string;
  /** JSON file for the threshold record. */
  readonly out?: string;
  readonly maxDifferentPairs?: number;
  readonly seed?: number;
  readonly resamples?: number;
  readonly description?: string;
}

export interface CalibrateIdentityServices {
  /** Builds the embedder of the identity model; called once the flags and inputs are known to be good. */
  createEmbedder(identity: CalibrationIdentityModel, arcface: string | undefined): Promise<SetFaceEmbedder & { dispose?(): Promise<void> }>;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface CalibrateIdentityResult {
  readonly record: IdentityThresholdRecord;
  readonly out?: string;
  /** 'ok', or 'partial' when some images could not be read or showed no face (their pairs skipped). */
  readonly outcome: Outcome;
}

const positiveInteger = (flag: string, value: number | undefined, min: number) => {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw new UsageError(`${flag}: expected an integer >= ${min}, got ${value}`);
};

/**
 * Fits the identity model's same/different threshold by maximum information gain on labelled pairs and
 * returns (and with `out` writes) the threshold with its basis. Outcome 'ok', or 'partial' when some
 * images could not be read or showed no face (their pairs are skipped and counted in the record).
 */
export async function calibrateIdentity(request: CalibrateIdentityOptions, services?: CalibrateIdentityServices): Promise<CalibrateIdentityResult> {
  if (!services) return withPipelineSession(request, (session) => calibrateIdentity(request, calibrateIdentityServices(session, request)));
  const cwd = request.cwd ?? process.cwd();
  if ((request.people === undefined) === (request.pairs === undefined)) throw new UsageError('give exactly one of --people DIR and --pairs FILE');
  if (!(CALIBRATION_IDENTITY_MODELS as readonly string[]).includes(request.identity)) {
    throw new UsageError(`--identity: expected one of ${CALIBRATION_IDENTITY_MODELS.join(', ')}, got "${request.identity}"`);
  }
  if (request.identity === 'arcface' && request.arcface === undefined) throw new UsageError('--identity arcface needs --arcface FILE (an InsightFace ArcFace export)');
  positiveInteger('--max-different-pairs', request.maxDifferentPairs, 1);
  positiveInteger('--resamples', request.resamples, 0);
  if (request.seed !== undefined && !Number.isInteger(request.seed)) throw new UsageError(`--seed: expected an integer, got ${request.seed}`);
  if (request.pairs !== undefined && request.maxDifferentPairs !== undefined) throw new UsageError('--max-different-pairs applies to --people only');
  let pairSet: IdentityPairSet;
  try {
    pairSet =
      request.people !== undefined
        ? await readPeopleFolders(resolve(cwd, request.people), {
            ...(request.maxDifferentPairs !== undefined ? { maxDifferentPairs: request.maxDifferentPairs } : {}),
            ...(request.seed !== undefined ? { seed: request.seed } : {}),
          })
        : await readPairsCsv(resolve(cwd, request.pairs!));
  } catch (error) {
    throw new UsageError(`${request.people !== undefined ? '--people' : '--pairs'}: ${reasonOf(error)}`);
  }
  const embedder = await services.createEmbedder(request.identity, request.arcface === undefined ? undefined : resolve(cwd, request.arcface));
  let record: IdentityThresholdRecord;
  try {
    record = await fitIdentityThreshold(pairSet, embedder, {
      ...(request.description !== undefined ? { description: request.description } : {}),
      ...(request.resamples !== undefined ? { resamples: request.resamples } : {}),
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(services.onProgress ? { onProgress: services.onProgress } : {}),
      ...(services.signal ? { signal: services.signal } : {}),
    });
  } finally {
    await embedder.dispose?.();
  }
  const out = request.out === undefined ? undefined : resolve(cwd, request.out);
  if (out) await writeFileAtomic(out, `${JSON.stringify(record, null, 2)}\n`);
  const incomplete = record.data.unreadable.length > 0 || record.data.imagesWithoutFace.length > 0;
  return { record, ...(out ? { out } : {}), outcome: incomplete ? 'partial' : 'ok' };
}

/** The services of a calibration in a session: the identity model's embedder on the embedded face models. */
export function calibrateIdentityServices(
  session: PipelineSession,
  options: Pick<FaceModelOptions, 'faceModels'> & { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): CalibrateIdentityServices {
  const { onProgress, signal } = options;
  return {
    createEmbedder: (identity, arcface) => identityEmbedder(session, identity, arcface, options.faceModels !== undefined ? { faceModels: options.faceModels } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}
