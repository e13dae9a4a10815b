/**
 * The one place that talks to onnxruntime-node. Everything else sees OnnxSession and TensorData, so
 * the device policy (CUDA with a CPU fallback), contract checks, float16 conversion and session
 * lifetimes are decided here once.
 */
import { stat } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import { GeneavaError } from '../util/errors.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { checkContract, ModelContractError } from './check-contract.js';
import type { ModelIoContract } from './contract.js';
import type { DevicePreference, ExecutionDevice } from './device.js';
import { isOnnxDType } from './dtypes.js';
import { classifyCudaFailure, shortCudaReason } from './cuda-errors.js';
import { CudaLoadError, CudaUnavailableError, firstLine, ModelFileError, OnnxRunError, SessionDisposedError, TensorFeedError } from './errors.js';
import { outputTensor, prepareFeeds } from './feeds.js';
import { OnnxGraphBuilder } from './graph-builder/builder.js';
import type { TensorData, TensorFeed, TensorInfo } from './tensor.js';
import type { OnnxWorkerPool, WorkerTensor } from './worker-pool.js';

export interface CreateSessionOptions {
  /** Default 'auto': CUDA when this install provides it, otherwise CPU with one warning. */
  readonly device?: DevicePreference;
  /** Checked against the session's metadata before any run; a mismatch disposes the session and throws. */
  readonly contract?: ModelIoContract;
  /** Names the model in errors and logs; defaults to the path (or "model bytes"). */
  readonly label?: string;
  /**
   * Folder holding the external data files of a model given as bytes (e.g. a graph patched in memory
   * whose weights stay in model.onnx_data next to the original file).
   */
  readonly externalDataDir?: string;
  /** In-memory replacements for external data files, by the location the model names. */
  readonly externalData?: readonly { readonly path: string; readonly data: Uint8Array }[];
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  readonly intraOpNumThreads?: number;
  /**
   * Whether onnxruntime's intra-op threads busy-wait for work between and after runs (onnxruntime's
   * default: yes). With more than one intra-op thread, `false` lets them sleep instead, so they do not
   * take cores from the calling thread's JavaScript or from other sessions between runs; same numbers.
   */
  readonly allowSpinning?: boolean;
  /**
   * Run the model in these worker threads instead of on the calling thread (CPU sessions only; a
   * session that lands on CUDA ignores it). The session is also opened in every worker, with the same
   * options, so it takes that much more memory; runs give the same numbers.
   */
  readonly workers?: OnnxWorkerPool;
}

export interface SessionRunOptions {
  /** Return float16 outputs as Uint16Array bit patterns instead of converting them to float32. */
  readonly keepFloat16?: boolean;
}

export interface OnnxSession {
  readonly label: string;
  readonly device: ExecutionDevice;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Runs the model; `fetches` limits which outputs are computed and returned. */
  run(feeds: Record<string, TensorFeed>, fetches?: readonly string[], options?: SessionRunOptions): Promise<Record<string, TensorData>>;
  dispose(): Promise<void>;
}

/** onnxruntime's own log levels, least to most severe. */
export type OnnxLogLevel = 'verbose' | 'info' | 'warning' | 'error' | 'fatal';
const LOG_LEVELS: readonly OnnxLogLevel[] = ['verbose', 'info', 'warning', 'error', 'fatal'];

export interface OnnxRuntimeOptions {
  readonly logger?: Logger;
  /**
   * What onnxruntime itself prints to stderr. Default 'fatal' (nothing in practice): its errors reach
   * callers as exceptions, and a failed CUDA probe would otherwise print a scary line. The process-wide
   * part of this setting only takes effect before the first session is created.
   */
  readonly onnxLogLevel?: OnnxLogLevel;
  /** Which GPU CUDA sessions run on (the CUDA execution provider's deviceId); default 0. */
  readonly gpu?: number;
}

/** The CPU fallback is noted once per process, however many runtimes and sessions fall back. */
let cpuFallbackNoted = false;

/** Creates sessions and owns them until they (or the runtime) are disposed. */
export class OnnxRuntime {
  private readonly logger: Logger;
  private readonly sessions = new Set<Session>();
  /** Why CUDA failed the first time; later sessions go straight to CPU (or fail fast for 'cuda'). */
  private cudaFailure: string | undefined;
  private cudaWorks = false;
  private disposed = false;
  private readonly logSeverityLevel: 0 | 1 | 2 | 3 | 4;
  private readonly gpu: number;

  constructor(options: OnnxRuntimeOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.gpu = options.gpu ?? 0;
    if (!Number.isInteger(this.gpu) || this.gpu < 0) throw new GeneavaError(`GPU index must be a whole number from 0, got ${String(options.gpu)}`, 'usage');
    const level = options.onnxLogLevel ?? 'fatal';
    ort.env.logLevel = level;
    this.logSeverityLevel = LOG_LEVELS.indexOf(level) as 0 | 1 | 2 | 3 | 4;
  }

  async createSession(model: string | Uint8Array, options: CreateSessionOptions = {}): Promise<OnnxSession> {
    if (this.disposed) throw new GeneavaError('the ONNX runtime was already disposed', 'runtime-disposed');
    const label = options.label ?? (typeof model === 'string' ? model : 'model bytes');
    if (typeof model === 'string') await assertModelFile(model, label);
    const preference = options.device ?? 'auto';
    const started = Date.now();

    let device: ExecutionDevice = 'cpu';
    let session: ort.InferenceSession | undefined;
    if (preference !== 'cpu') {
      session = await this.tryCuda(model, label, options);
      if (session) device = 'cuda';
      else if (preference === 'cuda') throw new CudaUnavailableError(this.cudaFailure ?? 'unknown reason');
      else this.warnCpuFallback();
    }
    session ??= await load(model, label, sessionOptions(options, ['cpu'], this.logSeverityLevel), options);

    // Opened in the workers only once it is known to be a CPU session; the main thread's copy still
    // gives the metadata the contract is checked against.
    const pooled = options.workers && device === 'cpu' ? await loadInWorkers(options.workers, model, label, sessionOptions(options, ['cpu'], this.logSeverityLevel), options, session) : undefined;
    const wrapped = new Session(session, label, device, (s) => this.sessions.delete(s), pooled);
    if (options.contract) {
      const mismatches = checkContract(options.contract, wrapped);
      if (mismatches.length > 0) {
        await wrapped.dispose();
        throw new ModelContractError(label, options.contract.model, mismatches, options.contract.hint);
      }
    }
    this.sessions.add(wrapped);
    this.logger.debug(`loaded ${label} on ${device}`, { ms: Date.now() - started });
    return wrapped;
  }

  /**
   * Devices this install can run on. CUDA is probed once with a one-node model, because the only
   * reliable test is creating a session (the provider libraries load lazily).
   */
  async availableDevices(): Promise<ExecutionDevice[]> {
    if (!this.cudaWorks && this.cudaFailure === undefined) {
      const probe = await this.tryCuda(probeModel(), 'CUDA probe', {});
      await probe?.release();
    }
    return this.cudaWorks ? ['cuda', 'cpu'] : ['cpu'];
  }

  /** How many sessions this runtime created are still open. */
  get openSessionCount(): number {
    return this.sessions.size;
  }

  /** Why CUDA is unavailable, once a session or probe has found out; undefined otherwise. */
  get cudaUnavailableReason(): string | undefined {
    return this.cudaFailure;
  }

  /** Releases every session this runtime created that is still open. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const open = [...this.sessions];
    this.sessions.clear();
    await Promise.all(open.map((session) => session.dispose()));
  }

  private async tryCuda(model: string | Uint8Array, label: string, options: CreateSessionOptions): Promise<ort.InferenceSession | undefined> {
    if (this.cudaFailure !== undefined) return undefined;
    try {
      const session = await ort.InferenceSession.create(model as Uint8Array, sessionOptions(options, [{ name: 'cuda', deviceId: this.gpu }], this.logSeverityLevel));
      this.cudaWorks = true;
      return session;
    } catch (error) {
      const reason = firstLine(error);
      const kind = classifyCudaFailure(reason, typeof model === 'string' ? model : undefined);
      if (kind === 'not-cuda') throw loadError(model, label, error, options);
      // Only a missing provider library (or no GPU at all) makes CUDA unavailable for later sessions;
      // an out-of-memory or a cuDNN failure belongs to this model and is reported as such.
      if (kind !== 'unavailable') throw new CudaLoadError(label, this.gpu, kind, shortCudaReason(reason), { cause: error });
      this.cudaFailure = shortCudaReason(reason);
      return undefined;
    }
  }

  private warnCpuFallback(): void {
    if (cpuFallbackNoted) return;
    cpuFallbackNoted = true;
    this.logger.warn(`CUDA unavailable (${this.cudaFailure}); running on CPU. --device cuda says how to enable it.`);
  }
}

class Session implements OnnxSession {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  private released = false;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly label: string,
    readonly device: ExecutionDevice,
    private readonly onDispose: (session: Session) => void,
    private readonly pooled?: PooledModel,
  ) {
    this.inputs = session.inputMetadata.map(tensorInfoOfMetadata);
    this.outputs = session.outputMetadata.map(tensorInfoOfMetadata);
  }

  async run(feeds: Record<string, TensorFeed>, fetches?: readonly string[], options: SessionRunOptions = {}): Promise<Record<string, TensorData>> {
    if (this.released) throw new SessionDisposedError(this.label);
    const prepared = prepareFeeds(this.inputs, feeds);
    const problems = prepared.ok ? [] : [...prepared.problems];
    const outputNames = new Set(this.outputs.map((output) => output.name));
    for (const name of fetches ?? []) {
      if (!outputNames.has(name)) problems.push(`'${name}' is not an output of the model (outputs: ${[...outputNames].join(', ')})`);
    }
    if (!prepared.ok || problems.length > 0) throw new TensorFeedError(this.label, problems);

    const here = (): Promise<Record<string, WorkerTensor>> => {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, feed] of Object.entries(prepared.feeds)) {
        ortFeeds[name] = new ort.Tensor(feed.dtype, feed.data as ort.Tensor.DataType, feed.dims);
      }
      return fetches ? this.session.run(ortFeeds, [...fetches]) : this.session.run(ortFeeds);
    };
    let results: Record<string, WorkerTensor>;
    try {
      if (this.pooled) {
        const feeds: Record<string, WorkerTensor> = {};
        for (const [name, feed] of Object.entries(prepared.feeds)) feeds[name] = { type: feed.dtype, dims: feed.dims, data: feed.data };
        results = await this.pooled.pool.run(this.pooled.model, feeds, fetches, here);
      } else {
        results = await here();
      }
    } catch (error) {
      throw new OnnxRunError(this.label, firstLine(error), { cause: error });
    }
    const outputs: Record<string, TensorData> = {};
    for (const [name, value] of Object.entries(results)) {
      outputs[name] = outputTensor(value.type, value.dims, value.data, options.keepFloat16 === true);
    }
    return outputs;
  }

  async dispose(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.onDispose(this);
    await Promise.all([this.session.release(), this.pooled?.pool.release(this.pooled.model)]);
  }
}

/** A session's model as loaded in a worker pool. */
interface PooledModel {
  readonly pool: OnnxWorkerPool;
  readonly model: number;
}

/** Opens the model in every worker of the pool; on failure the main thread's session is released too. */
async function loadInWorkers(
  pool: OnnxWorkerPool,
  model: string | Uint8Array,
  label: string,
  ortOptions: ort.InferenceSession.SessionOptions,
  options: CreateSessionOptions,
  session: ort.InferenceSession,
): Promise<PooledModel> {
  try {
    return { pool, model: await pool.load(model, ortOptions as Record<string, unknown>) };
  } catch (error) {
    await session.release();
    throw loadError(model, label, error, options);
  }
}

/** onnxruntime's session options for these options (exported for its test; not part of the package's API). */
export function sessionOptions(
  options: CreateSessionOptions,
  executionProviders: ort.InferenceSession.ExecutionProviderConfig[],
  logSeverityLevel: 0 | 1 | 2 | 3 | 4,
): ort.InferenceSession.SessionOptions {
  return {
    executionProviders,
    logSeverityLevel,
    ...(options.graphOptimizationLevel ? { graphOptimizationLevel: options.graphOptimizationLevel } : {}),
    ...(options.intraOpNumThreads ? { intraOpNumThreads: options.intraOpNumThreads } : {}),
    ...(options.externalDataDir || options.allowSpinning !== undefined ? { extra: { session: sessionConfig(options) } } : {}),
    ...(options.externalData ? { externalData: options.externalData.map(({ path, data }) => ({ path, data })) } : {}),
  };
}

/** onnxruntime's session configuration entries (SessionOptions.extra.session) these options set. */
function sessionConfig(options: CreateSessionOptions): Record<string, unknown> {
  return {
    // Without this folder, external data of a model given as bytes is resolved against the working directory.
    ...(options.externalDataDir ? { model_external_initializers_file_folder_path: options.externalDataDir } : {}),
    ...(options.allowSpinning !== undefined ? { intra_op: { allow_spinning: options.allowSpinning ? '1' : '0' } } : {}),
  };
}

async function load(
  model: string | Uint8Array,
  label: string,
  ortOptions: ort.InferenceSession.SessionOptions,
  options: CreateSessionOptions,
): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(model as Uint8Array, ortOptions);
  } catch (error) {
    throw loadError(model, label, error, options);
  }
}

function loadError(model: string | Uint8Array, label: string, error: unknown, options: CreateSessionOptions): ModelFileError {
  const reason = firstLine(error);
  // The usual mistake with patched graphs: bytes whose weights live in a file onnxruntime cannot locate.
  const advice =
    typeof model !== 'string' && !options.externalDataDir && /external data/i.test(reason)
      ? ' (a model given as bytes needs externalDataDir: the folder holding its external data files)'
      : '';
  return new ModelFileError(label, `cannot be loaded by onnxruntime: ${reason}${advice}`, { cause: error });
}

async function assertModelFile(path: string, label: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ModelFileError(label, 'file not found');
  if (!info.isFile()) throw new ModelFileError(label, 'is not a file, expected an ONNX model file');
}

function tensorInfoOfMetadata(metadata: ort.InferenceSession.ValueMetadata): TensorInfo {
  if (!metadata.isTensor) return { name: metadata.name, dtype: 'unknown', declaredType: 'non-tensor' };
  // onnxruntime reports a dimension with neither size nor name as ''; the file reader calls it '?'.
  const dims = metadata.shape.map((dim) => (dim === '' ? '?' : dim));
  return isOnnxDType(metadata.type)
    ? { name: metadata.name, dtype: metadata.type, dims }
    : { name: metadata.name, dtype: 'unknown', declaredType: metadata.type, dims };
}

/** A one-node float model (Identity on [1]) to find out whether a session can be created on CUDA. */
function probeModel(): Uint8Array {
  const g = new OnnxGraphBuilder({ producer: 'geneava-probe', graphName: 'probe' });
  const [y] = g.node('Identity', [g.input('x', 'float32', [1])], ['y']);
  g.output(y!, 'float32', [1]);
  return g.toBytes();
}
