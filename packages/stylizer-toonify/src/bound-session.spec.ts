import { ModelContractError, type TensorInfo } from '@geneava/core/onnx';
import { bindSession } from './bound-session.js';
import { FACE_POOL_CONTRACT, RESTYLE_TOONIFY_CONTRACT } from './models/contracts.js';

const net = (outputs: readonly TensorInfo[]) => ({
  label: 'toonify.onnx',
  inputs: [
    { name: 'x_input', dtype: 'float32', dims: [1, 6, 256, 256] },
    { name: 'latent_input', dtype: 'float32', dims: [1, 18, 512] },
  ] as TensorInfo[],
  outputs,
});

describe('bindSession', () => {
  it('reads anonymous outputs by position and keeps the session’s own names', () => {
    const names = bindSession(
      net([
        { name: '1534', dtype: 'float16', dims: [1, 3, 1024, 1024] },
        { name: '1538', dtype: 'float16', dims: [1, 18, 512] },
      ]),
      RESTYLE_TOONIFY_CONTRACT,
      false,
    );
    expect(names).toEqual({ inputs: ['x_input', 'latent_input'], outputs: ['1534', '1538'] });
  });

  it('uses the contract’s names when the file has them, whatever their order', () => {
    const names = bindSession(
      net([
        { name: 'latent', dtype: 'float32', dims: [1, 18, 512] },
        { name: 'y_hat', dtype: 'float32', dims: [1, 3, 1024, 1024] },
      ]),
      RESTYLE_TOONIFY_CONTRACT,
      false,
    );
    expect(names.outputs).toEqual(['y_hat', 'latent']);
  });

  it('binds the face pool’s input too, and reports a wrong shape as a contract error', () => {
    const pool = { label: 'face-pool.onnx', inputs: [{ name: 'input.1', dtype: 'float32', dims: [1, 3, 1024, 1024] }], outputs: [{ name: '23', dtype: 'float32', dims: [1, 3, 512, 512] }] } as const;
    expect(() => bindSession(pool as never, FACE_POOL_CONTRACT, true)).toThrow(ModelContractError);
    expect(() => bindSession(pool as never, FACE_POOL_CONTRACT, true)).toThrow("output 'pooled': expected float32|float16 [batch, 3, 256, 256], found float32 [1, 3, 512, 512]");
  });
});
