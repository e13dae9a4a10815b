import { loadConfig } from '../config/load-config.js';
import { createGeneavaContainer, openRunScope } from '../di/container.js';
import { TOKENS } from '../di/tokens.js';
import { MemoryLogger } from '../util/logger.js';
import { CudaLoadError, CudaUnavailableError } from './errors.js';
import { encodeModel } from './proto.js';
import { OnnxRuntime } from './runtime.js';

interface SessionOptions {
  readonly executionProviders?: readonly (string | { readonly name: string; readonly deviceId?: number })[];
}
type Create = (model: Uint8Array, options?: SessionOptions) => Promise<unknown>;

// The module object runtime.ts creates sessions through, so CUDA outcomes can be staged on a machine
// without a GPU: calls asking for CUDA fail with a real onnxruntime message; CPU calls run for real.
// (Named indirectly: runtime.ts stays the only source that imports onnxruntime, see runtime-isolation.spec.ts.)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ort = require(['onnxruntime', 'node'].join('-')) as { InferenceSession: { create: Create } };

const OOM =
  '/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:114 onnxruntime::CudaCall CUDA failure 2: out of memory ; GPU=1 ; hostname=gpu-host ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_stream_handle.cc ; line=175 ; expr=cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking);';
const CUDNN =
  '[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : Exception during initialization: /onnxruntime_src/onnxruntime/core/providers/cuda/cuda_call.cc:114 onnxruntime::CudaCall CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR ; GPU=0 ; hostname=gpu-host ; file=/onnxruntime_src/onnxruntime/core/providers/cuda/cuda_execution_provider.cc ; line=174 ; expr=cudnnCreate(&cudnn_handle_);';
const MISSING = 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library';

/** Makes every CUDA session fail with the next message of `failures` (the last one repeats); records the CUDA device ids asked for. */
function stageCuda(failures: string[]): { deviceIds: number[]; restore: () => void } {
  const deviceIds: number[] = [];
  const real = ort.InferenceSession.create.bind(ort.InferenceSession);
  const spy = jest.spyOn(ort.InferenceSession, 'create').mockImplementation(async (model, options) => {
    const cuda = options?.executionProviders?.find((p) => typeof p === 'object' && p.name === 'cuda') as { deviceId?: number } | undefined;
    if (!cuda) return real(model, options);
    deviceIds.push(cuda.deviceId ?? -1);
    throw new Error(failures.length > 1 ? failures.shift()! : failures[0]!);
  });
  return { deviceIds, restore: () => spy.mockRestore() };
}

function identity(): Uint8Array {
  const value = (name: string) => ({ name, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }] } } } });
  return encodeModel({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    metadataProps: [],
    graph: { node: [{ input: ['x'], output: ['y'], opType: 'Identity', attribute: [] }], initializer: [], input: [value('x')], output: [value('y')], valueInfo: [] },
  });
}

describe('OnnxRuntime on CUDA', () => {
  it('falls back to CPU when the provider library is missing, with one brief note per process', async () => {
    const staged = stageCuda([MISSING]);
    const logger = new MemoryLogger();
    const first = new OnnxRuntime({ logger });
    const second = new OnnxRuntime({ logger });
    try {
      expect((await first.createSession(identity(), { label: 'a.onnx' })).device).toBe('cpu');
      expect((await first.createSession(identity(), { label: 'b.onnx' })).device).toBe('cpu');
      expect((await second.createSession(identity(), { label: 'c.onnx' })).device).toBe('cpu');
      const warnings = logger.entries.filter((e) => e.level === 'warn').map((e) => e.message);
      expect(warnings).toEqual([`CUDA unavailable (${MISSING}); running on CPU. --device cuda says how to enable it.`]);
      // Unavailable is remembered per runtime: the first runtime tried CUDA once, the second once.
      expect(staged.deviceIds).toEqual([0, 0]);
      await expect(first.createSession(identity(), { device: 'cuda' })).rejects.toThrow(CudaUnavailableError);
    } finally {
      staged.restore();
      await first.dispose();
      await second.dispose();
    }
  });

  it('reports an out-of-memory as such, naming the model and the GPU, and keeps CUDA for later sessions', async () => {
    const staged = stageCuda([OOM, CUDNN]);
    const runtime = new OnnxRuntime({ gpu: 1 });
    try {
      const error = await runtime.createSession(identity(), { label: 'unet/model.onnx' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CudaLoadError);
      expect((error as CudaLoadError).code).toBe('cuda-out-of-memory');
      expect((error as Error).message).toBe(
        'unet/model.onnx: out of GPU memory loading it on GPU 1 (CUDA failure 2: out of memory); free memory on that GPU, choose another with --gpu N, or use --device cpu',
      );
      // The next model is tried on the GPU again (and its cuDNN failure is its own, not "CUDA unavailable").
      const next = await runtime.createSession(identity(), { label: 'vae_decoder/model.onnx' }).catch((e: unknown) => e);
      expect((next as Error).message).toBe('vae_decoder/model.onnx: CUDA failed to load it on GPU 1: CUDNN failure 4: CUDNN_STATUS_INTERNAL_ERROR');
      expect(staged.deviceIds).toEqual([1, 1]);
      expect(runtime.cudaUnavailableReason).toBeUndefined();
    } finally {
      staged.restore();
      await runtime.dispose();
    }
  });

  it("runs a run's CUDA sessions on the config's GPU", async () => {
    const staged = stageCuda([OOM]);
    const { config } = await loadConfig({ cwd: '/nonexistent-project', overrides: { gpu: 3 } });
    const scope = openRunScope(createGeneavaContainer({ config }));
    try {
      const runtime = scope.resolve<OnnxRuntime>(TOKENS.OnnxRuntime);
      await expect(runtime.createSession(identity(), { label: 'm.onnx' })).rejects.toThrow('m.onnx: out of GPU memory loading it on GPU 3');
      expect(staged.deviceIds).toEqual([3]);
    } finally {
      staged.restore();
      await scope.dispose();
    }
  });

  it('refuses a GPU index that is not a whole number from 0', async () => {
    await expect(loadConfig({ cwd: '/nonexistent-project', overrides: { gpu: -1 } })).rejects.toThrow(/'gpu': /);
    expect(() => new OnnxRuntime({ gpu: -1 })).toThrow('GPU index must be a whole number from 0, got -1');
    expect(() => new OnnxRuntime({ gpu: 1.5 })).toThrow('GPU index must be a whole number from 0, got 1.5');
  });
});
