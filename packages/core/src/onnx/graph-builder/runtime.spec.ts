import { MemoryLogger } from '../../util/logger.js';
import { ModelContractError } from '../check-contract.js';
import { type ModelIoContract, tensor } from '../contract.js';
import { CudaUnavailableError, ModelFileError, SessionDisposedError, TensorFeedError } from '../errors.js';
import { OnnxRuntime } from '../runtime.js';
import { OnnxGraphBuilder } from './builder.js';

// A text-encoder-shaped fixture: ids -> Gather from an embedding table -> hidden states.
function textEncoder(idsType: 'int32' | 'int64' | 'float32'): Uint8Array {
  const b = new OnnxGraphBuilder();
  const ids = b.input('input_ids', idsType, ['batch_size', 'sequence_length']);
  const table = b.initializer('text_model.embeddings.token_embedding.weight', 'float', [4, 2], [0, 0, 1, 1, 2, 4, 3, 9]);
  const indices = idsType === 'float32' ? b.op.cast(ids, 'int64') : ids;
  const hidden = b.op.gather(table, indices, 0);
  b.output(b.op.identity(hidden, { output: 'last_hidden_state' }), 'float', ['batch_size', 'sequence_length', 2]);
  b.output(b.op.reduceMean(hidden, [1], false, { output: 'pooled' }), 'float', ['batch_size', 2]);
  return b.toBytes();
}

const contract: ModelIoContract = {
  model: 'tiny text_encoder',
  inputs: [tensor('input_ids', ['int32', 'int64'], ['batch_size', 'sequence_length'])],
  outputs: [tensor('last_hidden_state', ['float32', 'float16'], ['batch_size', 'sequence_length', 2])],
  hint: 'Export it with optimum-cli export onnx --model <id> <dir>.',
};

describe('OnnxRuntime', () => {
  let cudaWorks = false;
  const runtime = new OnnxRuntime();
  beforeAll(async () => {
    // On a host whose install provides CUDA the device tests check the CUDA path instead.
    cudaWorks = (await new OnnxRuntime().availableDevices()).includes('cuda');
  });
  afterAll(() => runtime.dispose());

  it('runs a model, reporting metadata in our own types', async () => {
    const session = await runtime.createSession(textEncoder('int64'), { device: 'cpu', contract, label: 'text_encoder/model.onnx' });
    expect(session.device).toBe('cpu');
    expect(session.inputs).toEqual([{ name: 'input_ids', dtype: 'int64', dims: ['batch_size', 'sequence_length'] }]);
    expect(session.outputs.map((o) => o.name)).toEqual(['last_hidden_state', 'pooled']);
    const out = await session.run({ input_ids: { dtype: 'int64', dims: [1, 3], data: [3, 1, 2] } });
    expect(out.last_hidden_state).toEqual({ dtype: 'float32', dims: [1, 3, 2], data: new Float32Array([3, 9, 1, 1, 2, 4]) });
    expect(Array.from(out.pooled!.data as Float32Array)).toEqual([2, 14 / 3].map(Math.fround));
    const onlyPooled = await session.run({ input_ids: { dtype: 'int64', dims: [1, 1], data: new BigInt64Array([2n]) } }, ['pooled']);
    expect(Object.keys(onlyPooled)).toEqual(['pooled']);
  });

  it('rejects a model whose input dtype breaks the contract before any run, listing expected vs found', async () => {
    const error = await runtime.createSession(textEncoder('float32'), { device: 'cpu', contract, label: 'text_encoder/model.onnx' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as Error).message).toBe(
      [
        'text_encoder/model.onnx: does not match the tiny text_encoder contract (1 problem)',
        "  input 'input_ids': expected int32|int64 [batch_size, sequence_length], found float32 [batch_size, sequence_length]",
        'Export it with optimum-cli export onnx --model <id> <dir>.',
      ].join('\n'),
    );
    // The mismatching session was released, not left open in the runtime.
    expect(runtime.openSessionCount).toBe(1);
  });

  it('checks every feed before calling onnxruntime and reports all problems at once', async () => {
    const b = new OnnxGraphBuilder();
    b.output(b.op.add(b.input('a', 'float', [2]), b.input('b', 'float', [2])), 'float', [2]);
    b.input('steps', 'int64', [1]);
    const session = await runtime.createSession(b.toBytes(), { device: 'cpu', label: 'adder' });
    const error = await session
      .run({
        a: { dtype: 'int32', dims: [2], data: new Int32Array([1, 2]) },
        steps: { dtype: 'int64', dims: [1], data: [0.5] },
        c: { dtype: 'float32', dims: [1], data: new Float32Array([1]) },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TensorFeedError);
    expect((error as TensorFeedError).problems).toEqual([
      "input 'b' (float32 [2]) is missing",
      "input 'a': expected float32, got int32",
      "input 'steps': int64 values must be integers",
      "'c' is not an input of the model (inputs: a, b, steps)",
    ]);
    const shapes = await session
      .run({
        a: { dtype: 'float32', dims: [3], data: new Float32Array(3) },
        b: { dtype: 'float32', dims: [2], data: new Float32Array(3) },
        steps: { dtype: 'int64', dims: [1], data: new BigInt64Array(1) },
      }, ['sum'])
      .catch((e: unknown) => e);
    expect((shapes as TensorFeedError).problems).toEqual([
      "input 'a': shape [3] does not fit the declared [2]",
      "input 'b': shape [2] needs 2 values, got 3",
      "'sum' is not an output of the model (outputs: /Add_0_output_0)",
    ]);
  });

  it('names the file when it is missing or not a model', async () => {
    await expect(runtime.createSession('/nonexistent/unet/model.onnx', { device: 'cpu' })).rejects.toThrow('/nonexistent/unet/model.onnx: file not found');
    const error = await runtime.createSession(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), { device: 'cpu', label: 'photo.onnx' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(/^photo\.onnx: cannot be loaded by onnxruntime: /);
  });

  it("device 'cuda' fails with the rebuild advice when this install has no CUDA provider", async () => {
    const fresh = new OnnxRuntime();
    try {
      if (cudaWorks) {
        expect((await fresh.createSession(textEncoder('int64'), { device: 'cuda' })).device).toBe('cuda');
        return;
      }
      const error = await fresh.createSession(textEncoder('int64'), { device: 'cuda' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CudaUnavailableError);
      expect((error as Error).message).toMatch(/^CUDA execution provider unavailable \(.+\)\. To enable CUDA: /);
      expect((error as Error).message).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js');
      expect((error as Error).message).toContain('CUDA 12 and cuDNN 9');
      // The failure is remembered: a second request fails the same way without retrying.
      await expect(fresh.createSession(textEncoder('int64'), { device: 'cuda' })).rejects.toThrow(CudaUnavailableError);
    } finally {
      await fresh.dispose();
    }
  });

  it("device 'auto' falls back to CPU with exactly one warning for two sessions", async () => {
    const logger = new MemoryLogger();
    const fresh = new OnnxRuntime({ logger });
    try {
      const first = await fresh.createSession(textEncoder('int64'), { device: 'auto' });
      const second = await fresh.createSession(textEncoder('int32'));
      const warnings = logger.entries.filter((entry) => entry.level === 'warn');
      if (cudaWorks) {
        expect([first.device, second.device]).toEqual(['cuda', 'cuda']);
        expect(warnings).toEqual([]);
        return;
      }
      expect([first.device, second.device]).toEqual(['cpu', 'cpu']);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toMatch(/^CUDA unavailable \(OrtSessionOptionsAppendExecutionProvider_Cuda: .+\); running on CPU\. --device cuda says how to enable it\.$/);
      expect(await fresh.availableDevices()).toEqual(['cpu']);
      expect(fresh.cudaUnavailableReason).toContain('Cuda');
    } finally {
      await fresh.dispose();
    }
  });

  it('disposes every open session with the runtime', async () => {
    const fresh = new OnnxRuntime();
    const a = await fresh.createSession(textEncoder('int64'), { device: 'cpu', label: 'a' });
    const b = await fresh.createSession(textEncoder('int64'), { device: 'cpu', label: 'b' });
    await a.dispose();
    expect(fresh.openSessionCount).toBe(1);
    await fresh.dispose();
    expect(fresh.openSessionCount).toBe(0);
    await expect(b.run({ input_ids: { dtype: 'int64', dims: [1, 1], data: [0] } })).rejects.toThrow(new SessionDisposedError('b'));
    await expect(fresh.createSession(textEncoder('int64'))).rejects.toThrow('the ONNX runtime was already disposed');
  });
});
