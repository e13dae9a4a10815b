import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  API_VERSIONS,
  type DetectedFace,
  type FaceAnalysis,
  type FaceAnalyzer,
  type RgbImage,
  type Stylizer,
} from '@geneava/core/contracts';
import { createRgbImage, encodeImage } from '@geneava/core/image';
import { UsageError } from '@geneava/core/util';
import { evaluatorRun, type EvaluatorRun } from '../evaluation/test-support/default-evaluator.js';
import { registryWithThirdPartyEvaluator } from '../evaluation/test-support/evaluator-plugin.js';
import type { StylizerChoice } from '../stylize/stylizer-choice.js';
import { compareStylizers, parseStylizerSpecs, type CompareServices } from './compare-stylizers.js';

function meanColour(image: RgbImage): [number, number, number] {
  const sums = [0, 0, 0];
  for (let i = 0; i < image.data.length; i++) sums[i % 3]! += image.data[i]!;
  const n = image.width * image.height;
  return [sums[0]! / n, sums[1]! / n, sums[2]! / n];
}

/** Finds one face in the middle of any image that is not black; its "identity" is the mean colour. */
function fakeAnalyzer(): FaceAnalyzer {
  const faceOf = (image: RgbImage): DetectedFace => {
    const { width: w, height: h } = image;
    return { box: { x: w / 4, y: h / 4, width: w / 2, height: h / 2 }, score: 0.9, points5: [[w * 0.4, h * 0.4], [w * 0.6, h * 0.4], [w * 0.5, h * 0.5], [w * 0.42, h * 0.6], [w * 0.58, h * 0.6]] };
  };
  return {
    apiVersion: API_VERSIONS.faceAnalyzer,
    info: { id: 'fake-analyzer', version: '1', identityModels: ['mobileface'] },
    async detect(image) {
      return meanColour(image).every((c) => c < 5) ? [] : [faceOf(image)];
    },
    async analyze(image, options): Promise<FaceAnalysis[]> {
      const [r, g, b] = meanColour(image);
      const faces = options?.faces ?? (await this.detect(image));
      return faces.map((face) => ({
        ...face,
        identity: { mobileface: Float32Array.from([r, g, b].map((c) => c / Math.hypot(r, g, b))) },
        expression: { probabilities: { happy: r / 255, sad: 1 - r / 255 }, geometry: { mouthOpen: g / 255 } },
      }));
    },
  };
}

/**
 * Adds `shift` to the red channel of the left half of the picture (a uniform tint alone is not a style,
 * and the test photos are flat); fails on the items named in `failOn`.
 */
function tint(id: string, shift: number, failOn: readonly string[] = []): Stylizer {
  return {
    apiVersion: API_VERSIONS.stylizer,
    info: { id, style: 'tint', version: '2', needsWeights: false, geometryPreserving: true },
    async stylize(input) {
      if (failOn.includes(input.id ?? '')) throw new Error('tint ran out of paint');
      const { width } = input.image;
      const data = Uint8Array.from(input.image.data, (v, i) => (i % 3 === 0 && (i / 3) % width < width / 2 ? Math.min(255, v + shift) : v));
      return { image: { ...input.image, data }, outcome: 'whole-image', facesStylized: 0 };
    },
  };
}

describe('parseStylizerSpecs', () => {
  it('reads plugin names, model folders and ONNX descriptors', () => {
    expect(parseStylizerSpecs(['classic', 'dctnet:models/dct', 'onnx:styles/a:b.json'])).toEqual([
      { name: 'classic' },
      { name: 'dctnet', models: 'models/dct' },
      { name: 'onnx', descriptor: 'styles/a:b.json' },
    ]);
  });

  it('names what is wrong with a spec', () => {
    expect(() => parseStylizerSpecs([])).toThrow(new UsageError('--stylizers: name at least one stylizer, e.g. --stylizers classic,onnx:styles/anime.json'));
    expect(() => parseStylizerSpecs(['classic:'])).toThrow('--stylizers: "classic:" is not NAME, NAME:MODELS_DIR or onnx:DESCRIPTOR.json');
    expect(() => parseStylizerSpecs([':x'])).toThrow('is not NAME');
    expect(() => parseStylizerSpecs(['onnx'])).toThrow('"onnx" needs a descriptor file');
  });
});

describe('compareStylizers', () => {
  let dir: string;
  let evaluators: EvaluatorRun;
  beforeEach(async () => {
    evaluators = await evaluatorRun();
    dir = await mkdtemp(join(tmpdir(), 'geneava-compare-handler-'));
    const png = (colour: [number, number, number]) => encodeImage(createRgbImage(32, 24, colour), 'png');
    await mkdir(join(dir, 'photos', 'joy'), { recursive: true });
    await mkdir(join(dir, 'photos', 'rage'), { recursive: true });
    await writeFile(join(dir, 'photos', 'joy', 'a.png'), await png([120, 80, 60]));
    await writeFile(join(dir, 'photos', 'joy', 'b.png'), await png([90, 100, 140]));
    await writeFile(join(dir, 'photos', 'rage', 'c.png'), await png([200, 40, 40]));
    await writeFile(join(dir, 'photos', 'dark.png'), await png([0, 0, 0]));
    await writeFile(join(dir, 'photos', 'broken.jpg'), 'not a jpeg');
  });
  afterEach(async () => {
    await evaluators.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Fake stylizers ("onnx:strong.json" tints hard and fails on joy/b) and analyzer; records what was built. */
  function services(): CompareServices & { choices: StylizerChoice[]; analyzers: FaceAnalyzer[] } {
    const choices: StylizerChoice[] = [];
    const analyzers: FaceAnalyzer[] = [];
    return {
      choices,
      analyzers,
      createStylizer: async (choice) => {
        choices.push(choice);
        if (choice.name === 'onnx') return tint('tint', choice.descriptor === 'strong.json' ? 120 : 40, choice.descriptor === 'strong.json' ? ['joy/b'] : []);
        return tint(choice.name, 0);
      },
      createAnalyzer: async () => {
        analyzers.push(fakeAnalyzer());
        return analyzers.at(-1)!;
      },
      createEvaluator: evaluators.createEvaluator,
      now: () => new Date('2025-04-10T12:00:00Z'),
    };
  }

  it('compares every stylizer on the same photos, fails single pairs, skips photos without a face (partial)', async () => {
    const fakes = services();
    const result = await compareStylizers({ stylizers: ['plain', 'onnx:mild.json', 'onnx:strong.json'], input: 'photos', out: 'cmp', resamples: 200, sample: 2, cwd: dir }, fakes);
    expect(fakes.choices).toEqual([{ name: 'plain' }, { name: 'onnx', descriptor: 'mild.json' }, { name: 'onnx', descriptor: 'strong.json' }]);
    // Two descriptors with the same id: the second gets a suffix.
    expect(result.model.stylizers.map((s) => s.name)).toEqual(['plain', 'tint', 'tint-2']);
    expect(result.outcome).toBe('partial');
    expect(result.model.skipped).toEqual([
      { id: 'broken', reason: expect.stringMatching(/^decode: broken\.jpg: /) },
      { id: 'dark', reason: 'no face found in the photo' },
    ]);
    expect(result.model.failures).toEqual([{ id: 'joy/b', stylizer: 'tint-2', stage: 'stylize', reason: 'stylizer "tint-2": tint ran out of paint' }]);
    // The summaries leave joy/b out for every stylizer, and say so.
    expect(result.model.unshared).toEqual([{ id: 'joy/b', missing: ['tint-2'] }]);
    expect(result.model.counts.shared).toBe(2);
    // The untouched copy keeps the identity exactly, but styles nothing: "not stylized", listed last and
    // not ranked. The red tints move the identity away, the strong one most.
    expect(result.model.leaderboard.map((row) => [row.stylizer, row.stylized])).toEqual([['tint', true], ['tint-2', true], ['plain', false]]);
    expect(result.model.leaderboard[2]!.metrics['identity.cosine[mobileface]']!.mean).toBeCloseTo(1, 6);
    // Expression labels come from the folder names: joy and rage (anger family).
    expect(result.model.breakdowns.filter((row) => row.stylizer === 'plain' && row.metric === 'pairs.success_rate').map((row) => [row.value, row.n])).toEqual([
      ['anger', 1],
      ['joy', 2],
    ]);
    expect(result.model.context).toMatchObject({ Analyzer: 'fake-analyzer 1 (mobileface)', 'Identity thresholds': 'mobileface 0.51, arcface 0.28' });

    const avatars = (name: string, id: string) => existsSync(join(dir, 'cmp', 'avatars', name, `${id}.png`));
    expect([avatars('plain', 'joy/a'), avatars('tint', 'rage/c'), avatars('tint-2', 'joy/a'), avatars('tint-2', 'joy/b'), avatars('plain', 'dark')]).toEqual([true, true, true, false, false]);
    // Thumbnails: the sample rows' photos and every scored avatar of them; none for the failed pair.
    const thumbnails = result.model.thumbnails!;
    expect(Object.keys(thumbnails.real).sort()).toEqual(['joy/a', 'joy/b', 'rage/c']);
    expect(Object.keys(thumbnails.avatars['tint-2']!).sort()).toEqual(['joy/a', 'rage/c']);
    const json = JSON.parse(await readFile(result.files.json, 'utf8'));
    expect(json.generatedAt).toBe('2025-04-10T12:00:00.000Z');
    expect(json.thumbnails).toBeUndefined();
    const html = await readFile(result.files.html, 'utf8');
    expect(html).toContain('tint ran out of paint');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('ends ok when every pair is scored, and in failure when none is', async () => {
    await rm(join(dir, 'photos', 'dark.png'));
    await rm(join(dir, 'photos', 'broken.jpg'));
    const ok = await compareStylizers({ stylizers: ['plain'], input: 'photos', out: 'ok', resamples: 100, cwd: dir }, services());
    expect(ok.outcome).toBe('ok');
    const none = await compareStylizers({ stylizers: ['onnx:strong.json'], input: 'photos/joy', out: 'none', resamples: 100, maxImages: 1, cwd: dir }, {
      ...services(),
      createStylizer: async () => tint('tint', 0, ['a']),
    });
    expect(none.outcome).toBe('failure');
    expect(none.model.counts).toEqual({ items: 1, compared: 0, skipped: 0, pairs: 1, failedPairs: 1, shared: 0 });
  });

  it('checks flags, folders and labels before building anything', async () => {
    const fakes = services();
    const request = { stylizers: ['plain'], input: 'photos', out: 'x' };
    await expect(compareStylizers({ ...request, input: 'photos/joy/a.png', cwd: dir }, fakes)).rejects.toThrow('--input photos/joy/a.png: not a folder');
    await expect(compareStylizers({ ...request, out: 'photos', cwd: dir }, fakes)).rejects.toThrow('--out must be another folder than --input');
    await expect(compareStylizers({ ...request, resamples: 0, cwd: dir }, fakes)).rejects.toThrow('--resamples must be a positive whole number, got 0');
    await expect(compareStylizers({ ...request, thresholds: { mobileface: 2 }, cwd: dir }, fakes)).rejects.toThrow('--threshold: identity threshold for mobileface must be a cosine in [-1, 1], got 2');
    await expect(compareStylizers({ ...request, labels: 'missing.csv', cwd: dir }, fakes)).rejects.toThrow(`--labels: ${join(dir, 'missing.csv')}: labels file not found`);
    await mkdir(join(dir, 'empty'));
    await expect(compareStylizers({ ...request, input: 'empty', cwd: dir }, fakes)).rejects.toThrow('--input empty: no images found (images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)');
    expect(fakes.choices).toEqual([]);
    expect(fakes.analyzers).toEqual([]);
  });

  it('scores every pair with the evaluator plugin the config enables, on the analyzer that found the faces', async () => {
    const { registry, log } = await registryWithThirdPartyEvaluator(dir, { label: 'acme from config' });
    const acme = await evaluatorRun(registry, dir);
    try {
      const fakes = services();
      const result = await compareStylizers({ stylizers: ['plain'], input: 'photos', out: 'acme', resamples: 100, cwd: dir }, { ...fakes, createEvaluator: acme.createEvaluator });
      expect(log.created).toHaveLength(1);
      expect(log.created[0]!.options).toEqual({ label: 'acme from config' });
      expect(log.created[0]!.faceAnalyzer?.info.id).toBe('fake-analyzer');
      expect(fakes.analyzers).toHaveLength(1);
      // The three photos with a face, each scored by the plugin; the report names it.
      expect(log.scored.map((pair) => pair.split('|')[0]).sort()).toEqual(['joy/a', 'joy/b', 'rage/c']);
      expect(result.model.context['Evaluator']).toBe('acme 2.0.0');
      expect(result.outcome).toBe('partial');
    } finally {
      await acme.close();
    }
  });
});
