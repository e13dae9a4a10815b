import { OnnxRuntime } from '@geneava/core/onnx';
import { describeStylizerConformance } from '@geneava/testing';
import { descriptorWithFixture, shippedWithFixture, type FixtureOp, type ShippedDescriptor } from '../test/fixture-models.js';
import { createOnnxStylizer } from './create.js';

// Every shipped descriptor on a fixture model with its export's real signature, plus an aligned variant
// that returns the crop (no paste-back), through the shared stylizer contract.
const onnx = new OnnxRuntime();
afterAll(() => onnx.dispose());

const shipped: readonly [ShippedDescriptor, FixtureOp][] = [
  ['animeganv2-face-paint-512-v2.json', { kind: 'negate' }],
  ['photo2cartoon.json', { kind: 'negate' }],
  ['whitebox-cartoonization.json', { kind: 'negate' }],
];

for (const [name, op] of shipped) {
  let descriptor: Promise<string> | undefined;
  describeStylizerConformance(`onnx descriptor ${name} (fixture: ${op.kind})`, async () => {
    descriptor ??= shippedWithFixture(name, op);
    return createOnnxStylizer({ descriptor: await descriptor, onnx, device: 'cpu' });
  }, { onnx });
}

let cropOnly: Promise<string> | undefined;
describeStylizerConformance(
  'onnx descriptor with ArcFace alignment and no paste-back',
  async () => {
    cropOnly ??= descriptorWithFixture(
      {
        id: 'arcface-crop',
        style: 'negated ArcFace crop',
        model: 'crop.onnx',
        input: { size: { width: 112, height: 112 }, layout: 'NCHW', range: [-1, 1] },
        output: { range: [-1, 1], dtype: 'float32' },
        alignment: { type: 'arcface', pasteBack: false },
      },
      { inputName: 'x', inputDims: [1, 3, 112, 112], outputName: 'y', outputDims: [1, 3, 112, 112], op: { kind: 'negate' } },
    );
    return createOnnxStylizer({ descriptor: await cropOnly, onnx, device: 'cpu' });
  },
  { onnx, expectedSize: { width: 112, height: 112 }, multiFace: 'one' },
);
