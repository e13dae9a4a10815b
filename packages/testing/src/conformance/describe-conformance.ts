import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Stylizer } from '@geneava/core/contracts';
import { checkChangesInput } from './check-changes.js';
import { checkDispose } from './check-dispose.js';
import { checkFaceCounts, checkGeometry, faceHandlingOf } from './check-faces.js';
import { checkAtomicFiles } from './check-files.js';
import { checkDeterministic, checkInfo, stylizeCached } from './check-output.js';
import { findSampleFacePhotos } from './face-photos.js';
import type { StylizerConformanceOptions, StylizerFactory } from './options.js';
import { conformanceSamples, type ConformanceSamples } from './samples.js';
import { testApi } from './test-api.js';

/** The inputs every stylizer must turn into an RGB image of its declared size. */
const SHAPE_CASES: readonly (readonly [keyof ConformanceSamples, string])[] = [
  ['ordinary', 'an ordinary portrait'],
  ['grey', 'a greyscale image (decoded to RGB)'],
  ['alpha', 'an RGBA image (alpha flattened onto white)'],
  ['odd', 'an odd-sized 37x23 image'],
  ['large', 'a large 1024x768 image'],
];

/**
 * Declares the stylizer conformance suite as jest tests: call it at the top level of a spec file.
 * `factory` builds the stylizer under test; one instance serves every check except the dispose check,
 * which builds its own. See StylizerConformanceOptions for the optional checks.
 */
export function describeStylizerConformance(name: string, factory: StylizerFactory, options: StylizerConformanceOptions = {}): void {
  const { describe, it, beforeAll, afterAll } = testApi();
  const timeout = options.timeoutMs ?? 60_000;
  const size = options.expectedSize;

  describe(`stylizer conformance: ${name}`, () => {
    let instance: Stylizer | undefined;
    let samples: ConformanceSamples;
    let folder: string | undefined;
    const stylizer = (): Stylizer => {
      if (!instance) throw new Error(`stylizer conformance: ${name}: the factory produced no stylizer`);
      return instance;
    };

    beforeAll(async () => {
      samples = await conformanceSamples();
      instance = await factory();
    }, timeout);
    afterAll(async () => {
      if (folder) await rm(folder, { recursive: true, force: true });
      await instance?.dispose?.();
    }, timeout);

    it('declares the stylizer contract version and a complete info', () => checkInfo(stylizer()));

    for (const [key, label] of SHAPE_CASES) {
      it(`returns an RGB image of the declared size for ${label}`, async () => {
        await stylizeCached(stylizer(), samples[key], size);
      }, timeout);
    }

    it('is deterministic: the same input twice gives identical bytes', async () => {
      await checkDeterministic(stylizer(), samples.ordinary, size);
    }, timeout);

    it('changes what it stylizes: the output is not (nearly) its input', async () => {
      await checkChangesInput(stylizer(), samples.ordinary, size);
      await checkChangesInput(stylizer(), samples.large, size);
    }, timeout);

    it("reports a faceless image as 'no-face' (face-based) or 'whole-image', with no face counted", async () => {
      await faceHandlingOf(stylizer(), samples.faceless, size);
    }, timeout);

    it('reports the faces it stylized for one and for two given faces (whole-image stylizers: none)', async () => {
      await checkFaceCounts(stylizer(), samples, { expectedSize: size, multiFace: options.multiFace });
    }, timeout);

    it(`keeps the input size${options.faceAnalyzer ? ' and the detected faces in place' : ''} when it declares geometryPreserving`, async () => {
      const analysis = options.faceAnalyzer
        ? { analyzer: await options.faceAnalyzer(), photos: options.faceImages ?? (await findSampleFacePhotos()) }
        : undefined;
      await checkGeometry(stylizer(), [samples.ordinary, samples.odd, samples.large, samples.twoFaces], analysis);
    }, timeout);

    it('never leaves partial files: atomic writes, nothing for a rejected or aborted item', async () => {
      folder = await mkdtemp(join(tmpdir(), 'geneava-conformance-'));
      await checkAtomicFiles(stylizer(), samples.odd, folder);
    }, timeout);

    it(`releases its sessions on dispose()${options.onnx ? ' (no ONNX session left open)' : ''}`, async () => {
      await checkDispose(factory, samples.ordinary, options.onnx);
    }, timeout);
  });
}
