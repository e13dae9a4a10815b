/**
 * Errors of the ONNX layer. Each message is one line that names the model file (or the session's label)
 * and says what is wrong, so the CLI can show it as is.
 */
import { GeneavaError } from '../util/errors.js';

/** How a user enables the CUDA execution provider; repeated in every CUDA-related message. */
export const CUDA_ENABLE_ADVICE =
  'on a GPU host with network access run `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js` ' +
  '(needs the CUDA 12 and cuDNN 9 libraries on the library path)';

/** A model file that cannot be read or loaded: missing, not ONNX, truncated, or rejected by onnxruntime. */
export class ModelFileError extends GeneavaError {
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, 'model-file');
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The user asked for CUDA and this onnxruntime install cannot provide it. */
export class CudaUnavailableError extends GeneavaError {
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`CUDA execution provider unavailable (${reason}). To enable CUDA: ${CUDA_ENABLE_ADVICE}.`, 'cuda-unavailable');
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** What kept one model off the GPU, when CUDA itself works (see cuda-errors.ts). */
export type CudaLoadFailure = 'out-of-memory' | 'no-such-gpu' | 'cuda-error';

/**
 * A model could not be loaded on the GPU for a reason of its own: out of memory, a GPU index that
 * does not exist, a cuDNN failure. CUDA stays available for other models.
 */
export class CudaLoadError extends GeneavaError {
  constructor(
    readonly file: string,
    readonly gpu: number,
    readonly failure: CudaLoadFailure,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${CUDA_LOAD_PROBLEM[failure](gpu, reason)}`, `cuda-${failure}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

const CUDA_LOAD_PROBLEM: Readonly<Record<CudaLoadFailure, (gpu: number, reason: string) => string>> = {
  'out-of-memory': (gpu, reason) => `out of GPU memory loading it on GPU ${gpu} (${reason}); free memory on that GPU, choose another with --gpu N, or use --device cpu`,
  'no-such-gpu': (gpu, reason) => `GPU ${gpu} does not exist on this machine (${reason}); choose another with --gpu N`,
  'cuda-error': (gpu, reason) => `CUDA failed to load it on GPU ${gpu}: ${reason}`,
};

/** Inputs given to run() that do not fit the model; lists every problem at once. */
export class TensorFeedError extends GeneavaError {
  constructor(
    readonly label: string,
    readonly problems: readonly string[],
  ) {
    super(`${label}: cannot run: ${problems.join('; ')}`, 'tensor-feed');
  }
}

/** A session used after dispose(). */
export class SessionDisposedError extends GeneavaError {
  constructor(readonly label: string) {
    super(`${label}: the ONNX session was already disposed`, 'session-disposed');
  }
}

/** onnxruntime rejected a run that passed our own checks (e.g. a shape that only fails inside the graph). */
export class OnnxRunError extends GeneavaError {
  constructor(
    readonly label: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${label}: onnxruntime failed to run the model: ${reason}`, 'onnx-run');
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * The message of anything thrown. Not `instanceof Error`: errors from native code (onnxruntime, fs)
 * may come from another realm under test runners, and would otherwise print as "Error: ...".
 */
export function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

/** The first line of an error's message: onnxruntime messages can carry long stack-like tails. */
export function firstLine(error: unknown): string {
  return messageOf(error).split('\n')[0]!.trim();
}
