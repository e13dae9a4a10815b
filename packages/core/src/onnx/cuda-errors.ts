/**
 * What a failure to create a session on the CUDA execution provider means. Only an install or a
 * machine without CUDA (the provider library or a library it needs cannot be loaded, no GPU, no
 * driver) makes CUDA unavailable; everything else (out of memory, a cuDNN failure on one model, a
 * GPU index that does not exist) is a failure of that one model on that GPU, reported as what it is.
 * The patterns follow the messages onnxruntime emits (see cuda-errors.spec.ts for real ones).
 */

export type CudaFailureKind = 'unavailable' | 'out-of-memory' | 'no-such-gpu' | 'cuda-error' | 'not-cuda';

const UNAVAILABLE: readonly RegExp[] = [
  // OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library
  /AppendExecutionProvider_Cuda\w*: Failed to load shared library/i,
  // ... ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error: libcudnn.so.9: cannot open shared object file
  /Failed to load library \S*onnxruntime_providers_(?:cuda|shared)\S*/i,
  // Windows: Error loading "...onnxruntime_providers_cuda.dll" which depends on "cudnn64_9.dll" which is missing. (Error 126 ...)
  /Error loading "[^"]*onnxruntime_providers_(?:cuda|shared)[^"]*"/i,
  // onnxruntime-node builds without CUDA (macOS, Linux arm64): executionProviders[0] is unsupported: 'cuda'
  /is unsupported: 'cuda'/i,
  // CUDA failure 100: no CUDA-capable device is detected ; CUDA failure 35: CUDA driver version is insufficient for CUDA runtime version
  /CUDA failure (?:100|35|34|999)\b/i,
  /no CUDA-capable device is detected|CUDA driver version is insufficient|found no NVIDIA driver/i,
];

const OUT_OF_MEMORY: readonly RegExp[] = [
  // CUDA failure 2: out of memory ; GPU=0 ; ... expr=cudaMalloc(...)
  /CUDA failure 2\b|\bout of memory\b/i,
  // BFCArena::AllocateRawInternal Failed to allocate memory for requested buffer of size 8388608000
  /Failed to allocate memory for requested buffer/i,
  // Available memory of 0 is smaller than requested bytes of 5242880
  /Available memory of \d+ is smaller than requested bytes/i,
  /CUBLAS_STATUS_ALLOC_FAILED|CUDNN_STATUS_ALLOC_FAILED|cudaErrorMemoryAllocation/i,
];

// CUDA failure 101: invalid device ordinal ; GPU=3 ; ... expr=cudaSetDevice(info_.device_id);
const NO_SUCH_GPU = /CUDA failure 101\b|invalid device ordinal/i;

const CUDA_MENTION = /\bcuda|cudnn|cublas|cufft|curand|providers_cuda/i;

/**
 * Classifies the first line of a session-creation error on CUDA. `modelPath` is removed first, so a
 * model stored under a folder named "cuda" does not read as a CUDA failure.
 */
export function classifyCudaFailure(message: string, modelPath?: string): CudaFailureKind {
  const text = modelPath ? message.split(modelPath).join('') : message;
  if (UNAVAILABLE.some((pattern) => pattern.test(text))) return 'unavailable';
  if (OUT_OF_MEMORY.some((pattern) => pattern.test(text))) return 'out-of-memory';
  if (NO_SUCH_GPU.test(text)) return 'no-such-gpu';
  return CUDA_MENTION.test(text) ? 'cuda-error' : 'not-cuda';
}

/**
 * The essential part of a long onnxruntime CUDA message (short ones are kept whole): the status
 * without the source paths and expression, e.g. "CUDA failure 2: out of memory".
 */
export function shortCudaReason(message: string): string {
  if (message.length <= 120) return message;
  const status = /\b((?:CUDA|CUDNN|CUBLAS) failure \d+: [^;]+?)\s*(?:;|$)/i.exec(message);
  if (status) return status[1]!.trim();
  const allocation = /(Failed to allocate memory for requested buffer of size \d+|Available memory of \d+ is smaller than requested bytes of \d+)/i.exec(message);
  if (allocation) return allocation[1]!;
  const library = /(Failed to load (?:shared )?library.*)$/i.exec(message);
  return (library ? library[1]! : message).trim();
}
