import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readModelSignature } from '@geneava/core/onnx';
import { descriptorsDir, fixtureModel, PUBLISHED_SIGNATURES, type FixtureSpec, type ShippedDescriptor } from '../../test/fixture-models.js';
import { checkDescriptorSignature } from './check-signature.js';
import { parseDescriptor } from './load-descriptor.js';
import type { StylizerDescriptorInput } from './schema.js';

async function shipped(name: ShippedDescriptor) {
  return parseDescriptor(JSON.parse(await readFile(join(descriptorsDir(), name), 'utf8')), name).descriptor;
}

async function signatureOf(spec: FixtureSpec) {
  return readModelSignature(fixtureModel(spec));
}

const base: StylizerDescriptorInput = {
  id: 'toy',
  style: 'toy',
  model: 'toy.onnx',
  input: { size: { width: 64, height: 64 }, layout: 'NCHW', range: [-1, 1] },
  output: { range: [-1, 1], dtype: 'float32' },
};
const toy = (changes: Partial<StylizerDescriptorInput> = {}) => parseDescriptor({ ...base, ...changes }, 'toy.json').descriptor;
const nchw64: FixtureSpec = { inputName: 'x', inputDims: [1, 3, 64, 64], outputName: 'y', outputDims: [1, 3, 64, 64], op: { kind: 'identity' } };

describe('checkDescriptorSignature', () => {
  it.each(Object.keys(PUBLISHED_SIGNATURES) as ShippedDescriptor[])('accepts the shipped %s against its export signature', async (name) => {
    const entry = PUBLISHED_SIGNATURES[name];
    const check = checkDescriptorSignature(await shipped(name), await signatureOf(entry.spec({ kind: 'identity' })));
    const spec = entry.spec({ kind: 'identity' });
    expect(check).toEqual({ ok: true, tensors: { inputName: spec.inputName, inputDtype: 'float32', outputName: spec.outputName } });
  });

  it('names a missing tensor and lists the ones the model has', async () => {
    const check = checkDescriptorSignature(
      toy({ input: { ...base.input, name: 'image' }, output: { ...base.output, name: 'styled' } }),
      await signatureOf(nchw64),
    );
    expect(check).toEqual({
      ok: false,
      problems: ["input 'image' is not in the model (inputs: 'x')", "output 'styled' is not in the model (outputs: 'y')"],
    });
  });

  it('reports element types, rank, channel axis and size, all at once', async () => {
    const check = checkDescriptorSignature(
      toy({ output: { range: [0, 255], dtype: 'uint8' } }),
      await signatureOf({ inputName: 'x', inputDims: [1, 64, 64, 3], inputDtype: 'uint8', outputName: 'y', outputDims: [64, 64, 3], op: { kind: 'identity' } }),
    );
    expect(check).toEqual({
      ok: false,
      problems: [
        "input 'x': expected float32|float16, found uint8 [1, 64, 64, 3]",
        "input 'x' (uint8 [1, 64, 64, 3]): the NCHW channel axis holds 64, expected 3 (is the layout NHWC?)",
        // Reading [1, 64, 64, 3] as NCHW puts H = 64 and W = 3.
        "input 'x' (uint8 [1, 64, 64, 3]): the descriptor feeds 64x64 images, the model takes 3x64",
        "output 'y' (uint8 [64, 64, 3]): a batched NCHW tensor has 4 dimensions, the model declares 3 (set \"batch\": false for a model without a batch axis)",
      ],
    });
  });

  it('holds a fixed-size descriptor to the model size, and a flexible one to a model without fixed sizes', async () => {
    const wrongSize = checkDescriptorSignature(toy({ input: { ...base.input, size: { width: 32, height: 32 } } }), await signatureOf(nchw64));
    expect(wrongSize).toEqual({ ok: false, problems: ["input 'x' (float32 [1, 3, 64, 64]): the descriptor feeds 32x32 images, the model takes 64x64"] });
    const flexible = checkDescriptorSignature(toy({ input: { ...base.input, size: { multipleOf: 8 } } }), await signatureOf(nchw64));
    expect(flexible).toEqual({
      ok: false,
      problems: ["input 'x' (float32 [1, 3, 64, 64]): the model takes a fixed 64x64, describe its input size as {\"width\": 64, \"height\": 64}"],
    });
    const symbolic = { ...nchw64, inputDims: ['n', 3, 'h', 'w'], outputDims: ['n', 3, 'h', 'w'] };
    expect(checkDescriptorSignature(toy(), await signatureOf(symbolic)).ok).toBe(true);
    expect(checkDescriptorSignature(toy({ input: { ...base.input, size: { multipleOf: 8 } } }), await signatureOf(symbolic)).ok).toBe(true);
  });

  it('holds an aligned descriptor to its crop size and rejects models with a second input or a batch of 2', async () => {
    const aligned = toy({ input: { ...base.input, size: { multipleOf: 16 } }, alignment: { type: 'dctnet', cropSize: 288 } });
    expect(checkDescriptorSignature(aligned, await signatureOf(nchw64))).toEqual({
      ok: false,
      problems: ["input 'x' (float32 [1, 3, 64, 64]): the descriptor feeds 288x288 images, the model takes 64x64"],
    });
    const twoInputs = checkDescriptorSignature(toy(), await signatureOf({ ...nchw64, extraInputs: ['strength'] }));
    expect(twoInputs).toEqual({ ok: false, problems: ['the model has 2 inputs (x, strength); a declarative stylizer feeds exactly one image'] });
    const batchOfTwo = checkDescriptorSignature(toy(), await signatureOf({ ...nchw64, inputDims: [2, 3, 64, 64] }));
    expect(batchOfTwo).toEqual({ ok: false, problems: ["input 'x' (float32 [2, 3, 64, 64]): the batch axis is fixed at 2, one image is fed at a time"] });
  });

  it('accepts a float16 model when the descriptor leaves the input type open', async () => {
    const b = checkDescriptorSignature(toy({ output: { range: [-1, 1], dtype: 'float16' } }), await signatureOf({ ...nchw64, inputDtype: 'float16' }));
    expect(b).toEqual({ ok: true, tensors: { inputName: 'x', inputDtype: 'float16', outputName: 'y' } });
  });
});
