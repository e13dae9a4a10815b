import { OnnxGraphBuilder } from './graph-builder/builder.js';
import { OnnxRuntime, sessionOptions } from './runtime.js';

// y = x · W + b on [batch, 2].
function linearModel(): Uint8Array {
  const b = new OnnxGraphBuilder();
  const x = b.input('x', 'float', ['batch', 2]);
  const y = b.op.linear(x, { weightName: 'w', weight: [1, 0.5, -2, 0.25], inFeatures: 2, outFeatures: 2, modulePath: '/proj', bias: [0.5, 1] });
  b.output(b.op.identity(y, { output: 'y' }), 'float', ['batch', 2]);
  return b.toBytes();
}

describe('session options', () => {
  it('maps allowSpinning to onnxruntime\'s intra-op spinning entry, beside the external data folder', () => {
    expect(sessionOptions({ allowSpinning: false, intraOpNumThreads: 2 }, ['cpu'], 4)).toMatchObject({
      intraOpNumThreads: 2,
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    expect(sessionOptions({ allowSpinning: true }, ['cpu'], 4).extra).toEqual({ session: { intra_op: { allow_spinning: '1' } } });
    expect(sessionOptions({ allowSpinning: false, externalDataDir: 'weights' }, ['cpu'], 4).extra).toEqual({
      session: { model_external_initializers_file_folder_path: 'weights', intra_op: { allow_spinning: '0' } },
    });
    // Unset, onnxruntime keeps its own default and gets no extra entries.
    expect(sessionOptions({}, ['cpu'], 4)).not.toHaveProperty('extra');
  });

  it('opens a session with sleeping intra-op threads and gives the numbers of a one-thread session', async () => {
    const runtime = new OnnxRuntime();
    try {
      const one = await runtime.createSession(linearModel(), { device: 'cpu', intraOpNumThreads: 1 });
      const two = await runtime.createSession(linearModel(), { device: 'cpu', intraOpNumThreads: 2, allowSpinning: false });
      const feed = { x: { dtype: 'float32' as const, dims: [3, 2], data: new Float32Array([1, 2, -0.3, 7.25, 1e-3, -4]) } };
      expect(await two.run(feed)).toEqual(await one.run(feed));
    } finally {
      await runtime.dispose();
    }
  });
});
