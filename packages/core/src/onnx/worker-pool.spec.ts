import { OnnxGraphBuilder } from './graph-builder/builder.js';
import { OnnxRunError } from './errors.js';
import { OnnxRuntime } from './runtime.js';
import { OnnxWorkerPool, OnnxWorkerPoolError, onnxRuntimeEntry } from './worker-pool.js';

// y = x · W + b on [batch, 2], in float32 or float16 (whose feeds and outputs the runtime converts).
function linearModel(floatType: 'float32' | 'float16' = 'float32'): Uint8Array {
  const b = new OnnxGraphBuilder({ floatType });
  const x = b.input('x', 'float', ['batch', 2]);
  const y = b.op.linear(x, { weightName: 'w', weight: [1, 0.5, -2, 0.25], inFeatures: 2, outFeatures: 2, modulePath: '/proj', bias: [0.5, 1] });
  b.output(b.op.identity(y, { output: 'y' }), 'float', ['batch', 2]);
  return b.toBytes();
}

const feed = (values: number[]) => ({ x: { dtype: 'float32' as const, dims: [values.length / 2, 2], data: new Float32Array(values) } });

describe('OnnxWorkerPool', () => {
  const runtime = new OnnxRuntime();
  let pool: OnnxWorkerPool;
  beforeAll(() => {
    pool = new OnnxWorkerPool(2);
  });
  afterAll(async () => {
    await runtime.dispose();
    await pool.dispose();
  });

  it('finds the onnxruntime-node this process uses', () => {
    expect(onnxRuntimeEntry()).toMatch(/onnxruntime-node[\\/]dist[\\/]index\.js$/);
  });

  it('gives the same outputs as a run on the calling thread', async () => {
    const here = await runtime.createSession(linearModel(), { device: 'cpu' });
    const there = await runtime.createSession(linearModel(), { device: 'cpu', workers: pool });
    const input = [1, 2, -0.3, 7.25, 1e-3, -4];
    const expected = await here.run(feed(input));
    const actual = await there.run(feed(input));
    expect(actual).toEqual(expected);
    [-2.5, 2, -14.3, 2.6625, 8.501, 0.0005].forEach((value, i) => expect((actual.y!.data as Float32Array)[i]).toBeCloseTo(value, 5));
    // The session keeps the main thread's metadata.
    expect(there.inputs).toEqual(here.inputs);
    expect(there.device).toBe('cpu');
  });

  it('converts float16 outputs back to float32 as on the calling thread', async () => {
    const session = await runtime.createSession(linearModel('float16'), { device: 'cpu', workers: pool });
    const out = await session.run(feed([1, 2]));
    expect(out.y).toEqual({ dtype: 'float32', dims: [1, 2], data: new Float32Array([-2.5, 2]) });
  });

  it('runs many requests at once and answers each with its own result', async () => {
    const session = await runtime.createSession(linearModel(), { device: 'cpu', workers: pool });
    const inputs = Array.from({ length: 12 }, (_, i) => [i, -i]);
    const outputs = await Promise.all(inputs.map((input) => session.run(feed(input))));
    outputs.forEach((out, i) => {
      // [i, -i] · [[1, 0.5], [-2, 0.25]] + [0.5, 1] = [3i + 0.5, 0.25i + 1]
      expect(Array.from(out.y!.data as Float32Array)).toEqual([3 * i + 0.5, 0.25 * i + 1]);
    });
  });

  it('keeps a lone run on the calling thread and shares out runs started together', async () => {
    const session = await runtime.createSession(linearModel(), { device: 'cpu', workers: pool });
    const lone = session.run(feed([1, 2]));
    expect(pool.queued).toEqual({ workers: [0, 0], here: 1 });
    await lone;
    const together = [0, 1, 2, 3, 4, 5].map((i) => session.run(feed([i, i])));
    // Calling thread, worker, worker, calling thread, worker, worker: each takes a run while it has fewer waiting.
    expect(pool.queued).toEqual({ workers: [2, 2], here: 2 });
    await Promise.all(together);
    expect(pool.queued).toEqual({ workers: [0, 0], here: 0 });
  });

  it('checks feeds on the calling thread before anything is sent', async () => {
    const session = await runtime.createSession(linearModel(), { device: 'cpu', workers: pool });
    await expect(session.run({ x: { dtype: 'float32', dims: [1, 3], data: new Float32Array(3) } })).rejects.toThrow(/input 'x'/);
  });

  it('names the model when its pool is gone', async () => {
    const own = new OnnxWorkerPool(1);
    const session = await runtime.createSession(linearModel(), { device: 'cpu', workers: own, label: 'linear fixture' });
    await own.dispose();
    const run = session.run(feed([1, 2]));
    await expect(run).rejects.toThrow(OnnxRunError);
    await expect(run).rejects.toThrow(/linear fixture: .*disposed/);
    await expect(session.dispose()).resolves.toBeUndefined();
  });

  it('rejects a pool without workers', () => {
    expect(() => new OnnxWorkerPool(0)).toThrow(OnnxWorkerPoolError);
    expect(() => new OnnxWorkerPool(1.5)).toThrow(/whole number of workers/);
  });
});
