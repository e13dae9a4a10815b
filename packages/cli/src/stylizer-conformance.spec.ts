import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { ClassicStylizer } from '@geneava/stylizer-classic';
import { createOnnxStylizer } from '@geneava/stylizer-onnx';
import { describeStylizerConformance, OnnxGraphBuilder } from '@geneava/testing';

// The first-party stylizers through the conformance suite with the real default face analyzer: faces
// detected on the sample photos must be found again in place on the avatars. Lives here because this
// package is the one that depends on both the stylizers and the evaluator.
const onnx = new OnnxRuntime();
afterAll(() => onnx.dispose());
let analyzer: Promise<EmbeddedFaceAnalyzer> | undefined;
const faceAnalyzer = () => (analyzer ??= EmbeddedFaceAnalyzer.create({ onnx, device: 'cpu' }));

describeStylizerConformance('classic, geometry checked on real photos', () => new ClassicStylizer(), { faceAnalyzer, timeoutMs: 120_000 });

/**
 * Photo2Cartoon's shipped descriptor next to a model with its export's signature that halves the face's
 * contrast: a plain change the conformance suite sees as styling (an identity model would be refused as
 * returning its input), while the faces stay detectable for the geometry check.
 */
async function photo2cartoonHalfContrast(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-p2c-'));
  const b = new OnnxGraphBuilder({ opset: 17 });
  const input = b.input('input', 'float', [1, 3, 256, 256]);
  b.output(b.op.mul(input, b.constant('float', [], [0.5]), { output: 'output' }), 'float', [1, 3, 256, 256]);
  await writeFile(join(dir, 'photo2cartoon_weights.onnx'), b.toBytes());
  const descriptors = join(dirname(require.resolve('@geneava/stylizer-onnx/package.json')), 'descriptors');
  await copyFile(join(descriptors, 'photo2cartoon.json'), join(dir, 'photo2cartoon.json'));
  return join(dir, 'photo2cartoon.json');
}

let descriptor: Promise<string> | undefined;
describeStylizerConformance(
  'photo2cartoon descriptor (FFHQ crops pasted back), geometry checked on real photos',
  async () => createOnnxStylizer({ descriptor: await (descriptor ??= photo2cartoonHalfContrast()), onnx, device: 'cpu' }),
  { faceAnalyzer, onnx, timeoutMs: 120_000 },
);
