import { assertContract, checkContract, formatMismatch, ModelContractError } from './check-contract.js';
import { tensor, type ModelIoContract } from './contract.js';
import type { ModelIo } from './tensor.js';

// The SDXL text encoder and UNet contracts in their two Optimum variants (int32/int64 ids, int64 [1] or float scalar timestep).
const textEncoder: ModelIoContract = {
  model: 'SDXL text_encoder',
  inputs: [tensor('input_ids', ['int32', 'int64'], ['batch_size', 'sequence_length'])],
  outputs: [tensor('last_hidden_state', ['float32', 'float16'], ['batch_size', 'sequence_length', 768])],
  hint: 'Export it with optimum-cli export onnx.',
};

const unet: ModelIoContract = {
  model: 'SDXL unet',
  inputs: [
    tensor('sample', ['float32', 'float16'], ['batch_size', 4, 'height', 'width']),
    { name: 'timestep', forms: [{ dtypes: ['int64'], dims: [1] }, { dtypes: ['float32', 'float16'], dims: [] }] },
    { name: 'timestep_cond', forms: [{ dtypes: ['float32'] }], optional: true },
  ],
  outputs: [tensor('out_sample', ['float32', 'float16'], ['batch_size', 4, 'height', 'width'])],
};

const unetIo = (timestep: { dtype: 'int64' | 'float32' | 'int32'; dims: (number | string)[] }, channels: number | string = 4): ModelIo => ({
  inputs: [
    { name: 'sample', dtype: 'float32', dims: ['batch_size', channels, 'height', 'width'] },
    { name: 'timestep', ...timestep },
  ],
  outputs: [{ name: 'out_sample', dtype: 'float32', dims: ['batch_size', 4, 'height', 'width'] }],
});

describe('checkContract', () => {
  it('accepts every listed form and symbolic dims where the contract fixes a size', () => {
    expect(checkContract(unet, unetIo({ dtype: 'int64', dims: [1] }))).toEqual([]);
    expect(checkContract(unet, unetIo({ dtype: 'float32', dims: [] }))).toEqual([]);
    expect(checkContract(unet, unetIo({ dtype: 'int64', dims: ['steps'] }, 'channels'))).toEqual([]);
  });

  it('reports a dtype outside every form, with all forms as expected', () => {
    expect(checkContract(unet, unetIo({ dtype: 'int32', dims: [1] }))).toEqual([
      { kind: 'dtype', io: 'input', name: 'timestep', expected: 'int64 [1] or float32|float16 []', found: 'int32 [1]' },
    ]);
  });

  it('tells a rank mismatch from a size mismatch', () => {
    // float32 matches the scalar form's dtype but not its rank.
    expect(checkContract(unet, unetIo({ dtype: 'float32', dims: [1] }))[0]).toMatchObject({ kind: 'rank', found: 'float32 [1]' });
    expect(checkContract(unet, unetIo({ dtype: 'int64', dims: [2] }))[0]).toMatchObject({ kind: 'dims', found: 'int64 [2]' });
    expect(checkContract(unet, unetIo({ dtype: 'int64', dims: [1] }, 3))[0]).toMatchObject({
      kind: 'dims',
      name: 'sample',
      expected: 'float32|float16 [batch_size, 4, height, width]',
      found: 'float32 [batch_size, 3, height, width]',
    });
  });

  it('reports missing tensors, unexpected inputs, and ignores a missing optional one', () => {
    const io: ModelIo = {
      inputs: [{ name: 'ids', dtype: 'int64', dims: [1, 77] }],
      outputs: [{ name: 'pooler_output', dtype: 'float32', dims: [1, 768] }],
    };
    expect(checkContract(textEncoder, io).map(formatMismatch)).toEqual([
      "input 'input_ids': missing (expected int32|int64 [batch_size, sequence_length])",
      "input 'ids': not in the contract (found int64 [1, 77])",
      "output 'last_hidden_state': missing (expected float32|float16 [batch_size, sequence_length, 768])",
    ]);
    expect(checkContract({ ...textEncoder, allowExtraInputs: true }, io).map((m) => m.kind)).toEqual(['missing', 'missing']);
  });

  it('allows extra outputs unless the contract forbids them', () => {
    const io: ModelIo = {
      inputs: [{ name: 'input_ids', dtype: 'int32', dims: ['batch_size', 'sequence_length'] }],
      outputs: [
        { name: 'last_hidden_state', dtype: 'float32', dims: ['batch_size', 'sequence_length', 768] },
        { name: 'hidden_states.11', dtype: 'float32', dims: ['batch_size', 'sequence_length', 768] },
      ],
    };
    expect(checkContract(textEncoder, io)).toEqual([]);
    expect(checkContract({ ...textEncoder, allowExtraOutputs: false }, io)).toEqual([
      { kind: 'unexpected', io: 'output', name: 'hidden_states.11', found: 'float32 [batch_size, sequence_length, 768]' },
    ]);
  });

  it('accepts any rank when the contract gives none or the model declares none, and formats both', () => {
    const anyRank: ModelIoContract = { model: 'm', inputs: [{ name: 'x', forms: [{ dtypes: ['float32'] }] }], outputs: [] };
    expect(checkContract(anyRank, { inputs: [{ name: 'x', dtype: 'float32', dims: [1, 2, 3] }], outputs: [] })).toEqual([]);
    expect(checkContract(textEncoder, { inputs: [{ name: 'input_ids', dtype: 'int64' }], outputs: [{ name: 'last_hidden_state', dtype: 'float16' }] })).toEqual([]);
    const bf16 = checkContract(anyRank, { inputs: [{ name: 'x', dtype: 'unknown', declaredType: 'bfloat16' }], outputs: [] });
    expect(bf16.map(formatMismatch)).toEqual(["input 'x': expected float32 (any shape), found bfloat16 (shape unknown)"]);
  });
});

describe('assertContract', () => {
  it('lists every problem at once, then the hint', () => {
    const io: ModelIo = {
      inputs: [{ name: 'input_ids', dtype: 'float32', dims: [1, 77] }],
      outputs: [{ name: 'last_hidden_state', dtype: 'float32', dims: [1, 77, 1280] }],
    };
    let error: unknown;
    try {
      assertContract(textEncoder, io, 'models/text_encoder/model.onnx');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelContractError);
    expect((error as ModelContractError).message).toBe(
      [
        'models/text_encoder/model.onnx: does not match the SDXL text_encoder contract (2 problems)',
        "  input 'input_ids': expected int32|int64 [batch_size, sequence_length], found float32 [1, 77]",
        "  output 'last_hidden_state': expected float32|float16 [batch_size, sequence_length, 768], found float32 [1, 77, 1280]",
        'Export it with optimum-cli export onnx.',
      ].join('\n'),
    );
    expect((error as ModelContractError).mismatches).toHaveLength(2);
    expect((error as ModelContractError).code).toBe('model-contract');
  });

  it('says "1 problem" and returns quietly on a match', () => {
    expect(() => assertContract(unet, unetIo({ dtype: 'int32', dims: [1] }), 'unet.onnx')).toThrow('unet.onnx: does not match the SDXL unet contract (1 problem)\n');
    expect(() => assertContract(unet, unetIo({ dtype: 'int64', dims: [1] }), 'unet.onnx')).not.toThrow();
  });
});
