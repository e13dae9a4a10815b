import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaceAnalysis, GenerationRequest, RgbImage } from '@geneava/core/contracts';
import { encodeImage } from '@geneava/core/image';
import { closestExpression, expressionAgreement } from '@geneava/core/taxonomy';
import { buildDataset, type DatasetBuildOptions } from './build-dataset.js';
import { identitySetProvider } from './identity-set-provider.js';
import { planIdentitySets } from './identity-set-plan.js';
import type { DatasetItem } from './item.js';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { metadataTable } from './metadata.js';
import { readExpressionTemplates } from './expression-templates.js';
import { listSourcePhotos } from './source-photos.js';
import { drawFaces, FakeAnalyzer, FakeEvaluator, FakeGenerator, FakeStylizer } from './test-support/fakes.js';

/** The fake generator, keeping every request it was handed. */
class RecordingGenerator extends FakeGenerator {
  readonly requests: GenerationRequest[] = [];
  override generate(requests: readonly GenerationRequest[]) {
    this.requests.push(...requests);
    return super.generate(requests);
  }
}

const generation = { width: 60, height: 48, steps: 2, guidance: 1, scheduler: 'x', batch: 3 };
const cells = { genders: ['female'], races: ['white', 'black'], ageGroups: ['20s'] };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-idsets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function build(items: DatasetItem[], generator: RecordingGenerator, out: string, photos?: string) {
  const options: DatasetBuildOptions = {
    out,
    items,
    components: {
      provider: identitySetProvider(generator, { ...generation, out, ...(photos ? { photos } : {}) }),
      analyzer: new FakeAnalyzer(),
      stylizers: [{ name: 'a', stylizer: new FakeStylizer('a', true) }],
      evaluator: new FakeEvaluator(),
    },
    filter: { margin: 0.05, maxFaceFraction: 0.6 },
    curation: { identityMinCosine: { fake: 0.5 }, requireRedetection: true, keepWhen: 'all' },
    card: { title: 't', source: 's' },
  };
  return buildDataset(options);
}

async function metadata(out: string): Promise<MetadataRecord[]> {
  return (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
}

describe('planIdentitySets', () => {
  it('plans K anchors first, then K x E members that carry their anchor, its seed and the strength', () => {
    const items = planIdentitySets({ identities: 2, expressions: ['joy', 'anger', 'fear'], strength: 0.6, plan: cells });
    expect(items.map((i) => i.id)).toEqual([
      'idset-01-anchor', 'idset-02-anchor',
      'idset-01-joy', 'idset-01-anger', 'idset-01-fear',
      'idset-02-joy', 'idset-02-anger', 'idset-02-fear',
    ]);
    const [first, second] = items;
    expect(first!.expression).toBe('neutral');
    expect(first!.prompt).toContain('expression of neutral');
    // Two identities over two cells: one each, not the same person twice.
    expect([first!.race, second!.race]).toEqual(['white', 'black']);
    const member = items[3]!;
    expect(member.identitySet).toMatchObject({ set: 'idset-01', role: 'member', strength: 0.6 });
    expect(member.identitySet!.anchor!.id).toBe('idset-01-anchor');
    expect(member.seed).toBe(first!.seed);
    expect(member.prompt).toContain('expression of anger');
    expect(member.race).toBe(first!.race);
    expect(planIdentitySets({ identities: 2, expressions: ['joy', 'anger', 'fear'], strength: 0.6, plan: cells })).toEqual(items);
  });

  it('refuses a strength outside (0, 1], an unknown expression and no identities, each in one line', () => {
    expect(() => planIdentitySets({ identities: 1, expressions: ['joy'], strength: 1.5 })).toThrow('identity-set strength must be in (0, 1], got 1.5');
    expect(() => planIdentitySets({ identities: 1, expressions: ['joyful'] })).toThrow('unknown expression: joyful');
    expect(() => planIdentitySets({ identities: 0, expressions: ['joy'] })).toThrow('must be a positive integer, got 0');
  });
});

describe('identity-set build', () => {
  it('makes anchors by text-to-image and members from their anchor by image-to-image, and records the sets', async () => {
    const out = join(dir, 'data');
    const generator = new RecordingGenerator();
    const result = await build(planIdentitySets({ identities: 2, expressions: ['joy', 'anger', 'fear'], strength: 0.6, plan: cells }), generator, out);
    expect(result.counts.items).toBe(8);
    const anchors = generator.requests.filter((r) => r.initImage === undefined);
    const members = generator.requests.filter((r) => r.initImage !== undefined);
    expect(anchors.map((r) => r.item.id)).toEqual(['idset-01-anchor', 'idset-02-anchor']);
    expect(members).toHaveLength(6);
    for (const request of members) {
      expect(request.strength).toBe(0.6);
      expect([request.initImage!.width, request.initImage!.height]).toEqual([60, 48]);
    }
    // The init image is the anchor's pixels: the fake draws its background from the seed, shared within a set.
    const anchorSeed = anchors[0]!.seed;
    expect(members[0]!.initImage!.data[0]).toBe(drawFaces(60, 48, [], anchorSeed % 200).data[0]);

    const records = await metadata(out);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get('idset-01-anchor')).toMatchObject({ image: 'images/neutral/idset-01-anchor.png', identitySet: { set: 'idset-01', role: 'anchor' } });
    expect(byId.get('idset-02-fear')).toMatchObject({
      image: 'images/fear/idset-02-fear.png',
      identitySet: { set: 'idset-02', role: 'member', anchor: 'idset-02-anchor', strength: 0.6 },
      provenance: { identityAnchor: 'idset-02-anchor', identityStrength: 0.6 },
    });
    const table = metadataTable(records, ['a']);
    expect(table.header).toEqual(expect.arrayContaining(['identitySet.set', 'identitySet.role', 'identitySet.anchor', 'identitySet.strength']));
  });

  it('a changed strength remakes the members and not the anchors; a changed anchor remakes its own members only', async () => {
    const out = join(dir, 'data');
    const plan = (strength: number, baseSeed = 0) => planIdentitySets({ identities: 2, expressions: ['joy', 'anger'], strength, plan: { ...cells, baseSeed } });
    await build(plan(0.6), new RecordingGenerator(), out);
    const again = new RecordingGenerator();
    await build(plan(0.6), again, out);
    expect(again.requests).toHaveLength(0);

    const stronger = new RecordingGenerator();
    const result = await build(plan(0.8), stronger, out);
    expect(stronger.requests.map((r) => r.item.id).sort()).toEqual(['idset-01-anger', 'idset-01-joy', 'idset-02-anger', 'idset-02-joy']);
    expect(stronger.requests.every((r) => r.strength === 0.8)).toBe(true);
    const records = await metadata(out);
    expect(records.find((r) => r.id === 'idset-01-joy')!.identitySet!.strength).toBe(0.8);
    expect(result.counts.failed).toBe(0);

    // Anchor 1's plan changes (another cell), anchor 2's does not.
    const moved = plan(0.8);
    const anchorOne = { ...moved[0]!, prompt: `${moved[0]!.prompt} `, plan: { ...moved[0]!.plan!, prompt: `${moved[0]!.plan!.prompt} ` } };
    const remade = moved.map((item) => (item.id === anchorOne.id ? anchorOne : item.identitySet?.anchor?.id === anchorOne.id ? { ...item, identitySet: { ...item.identitySet, anchor: anchorOne } } : item));
    const third = new RecordingGenerator();
    await build(remade, third, out);
    expect(third.requests.map((r) => r.item.id)).toEqual(['idset-01-anchor', 'idset-01-joy', 'idset-01-anger']);
  });

  it('does not start members from an earlier image of an anchor that failed to be made again', async () => {
    const out = join(dir, 'data');
    const items = planIdentitySets({ identities: 2, expressions: ['joy'], plan: cells });
    await build(items, new RecordingGenerator(), out);
    // Anchor 1 changes and now fails; its old file is still in the folder.
    const anchorOne = { ...items[0]!, plan: { ...items[0]!.plan!, prompt: `${items[0]!.plan!.prompt} ` } };
    const changed = items.map((item) => (item.id === anchorOne.id ? anchorOne : item.identitySet?.anchor?.id === anchorOne.id ? { ...item, identitySet: { ...item.identitySet, anchor: anchorOne } } : item));
    const failing = new RecordingGenerator({}, new Set(['idset-01-anchor']));
    await build(changed, failing, out);
    expect(failing.requests.some((r) => r.item.id === 'idset-01-joy')).toBe(false);
    const member = (await metadata(out)).find((r) => r.id === 'idset-01-joy')!;
    expect(member.status).toBe('failed');
    expect(member.reasons.join(' ')).toContain('its anchor idset-01-anchor failed: generator fake-generator: the fake UNet diverged on idset-01-anchor');
  });

  it('takes anchors from user photos, fitted to the generation size as init images', async () => {
    const photos = join(dir, 'photos');
    await mkdir(photos);
    await writeFile(join(photos, 'ann.png'), await encodeImage(drawFaces(120, 80, [{ x: 40, y: 20, width: 40, height: 40 }], 77), 'png'));
    const out = join(dir, 'data');
    const generator = new RecordingGenerator();
    const items = planIdentitySets({ expressions: ['joy'], photos: await listSourcePhotos(photos) });
    expect(items.map((i) => i.id)).toEqual(['idset-ann-anchor', 'idset-ann-joy']);
    expect(items[1]!.prompt).toContain('of a person with');
    const result = await build(items, generator, out, photos);
    expect(result.counts.failed).toBe(0);
    expect(generator.requests.map((r) => r.item.id)).toEqual(['idset-ann-joy']);
    expect([generator.requests[0]!.initImage!.width, generator.requests[0]!.initImage!.height]).toEqual([60, 48]);
    expect((await metadata(out))[0]).toMatchObject({ image: 'images/unlabelled/idset-ann-anchor.png', provenance: { source: 'ann.png' } });
  });

  it('fails a member whose anchor could not be made, with the anchor named', async () => {
    const out = join(dir, 'data');
    const generator = new RecordingGenerator({}, new Set(['idset-01-anchor']));
    const result = await build(planIdentitySets({ identities: 1, expressions: ['joy'], plan: cells }), generator, out);
    expect(result.counts.failed).toBe(2);
    const member = (await metadata(out)).find((r) => r.id === 'idset-01-joy')!;
    expect(member.reasons.join(' ')).toContain('its anchor idset-01-anchor failed: generator fake-generator: the fake UNet diverged');
  });
});

describe('expressions read from analyzer classes', () => {
  it('maps basic-emotion classes to the family term and names one of the 135 when the classes are those names', () => {
    expect(closestExpression({ happy: 0.7, neutral: 0.3 })).toEqual({ expression: 'joy', family: 'joy', score: 0.7, level: 'family' });
    // Disgust and anger both count for the anger family.
    expect(closestExpression({ angry: 0.3, disgust: 0.3, happy: 0.4 })).toMatchObject({ expression: 'anger', level: 'family' });
    expect(closestExpression({ neutral: 1 })).toBeUndefined();
    expect(closestExpression({ glee: 0.6, rage: 0.4 })).toEqual({ expression: 'glee', family: 'joy', score: 0.6, level: 'expression' });
    expect(expressionAgreement({ happy: 0.9, sad: 0.1 }, 'glee')).toEqual({ agree: true, predicted: 'happy', level: 'family' });
    expect(expressionAgreement({ happy: 0.1, sad: 0.9 }, 'glee')).toEqual({ agree: false, predicted: 'sad', level: 'family' });
    expect(expressionAgreement({ glee: 0.3, joy: 0.7 }, 'glee')).toEqual({ agree: false, predicted: 'joy', level: 'expression' });
  });
});

describe('readExpressionTemplates', () => {
  /** Reads "happy" from a face on a bright background and "sad" otherwise; no face: none. */
  class TemplateAnalyzer extends FakeAnalyzer {
    override async analyze(image: RgbImage): Promise<FaceAnalysis[]> {
      const bright = image.data[0]! > 128;
      const probabilities: Record<string, number> = bright ? { happy: 0.8, sad: 0.2 } : { happy: 0.1, sad: 0.6, neutral: 0.3 };
      return (await super.analyze(image)).map((face) => ({ ...face, expression: { probabilities, geometry: {} } }));
    }
  }

  it('names the closest expression of each template, once per expression, and refuses a template without a face', async () => {
    const templates = join(dir, 'templates');
    await mkdir(templates);
    const face = [{ x: 20, y: 16, width: 20, height: 16 }];
    await writeFile(join(templates, 'a.png'), await encodeImage(drawFaces(60, 48, face, 200), 'png'));
    await writeFile(join(templates, 'b.png'), await encodeImage(drawFaces(60, 48, face, 20), 'png'));
    await writeFile(join(templates, 'c.png'), await encodeImage(drawFaces(60, 48, face, 210), 'png'));
    const read = await readExpressionTemplates(templates, new TemplateAnalyzer());
    expect(read.map((t) => [t.file, t.expression, t.level])).toEqual([['a.png', 'joy', 'family'], ['b.png', 'sadness', 'family']]);

    await writeFile(join(templates, 'd.png'), await encodeImage(drawFaces(60, 48, [], 20), 'png'));
    await expect(readExpressionTemplates(templates, new TemplateAnalyzer())).rejects.toThrow(`${join(templates, 'd.png')}: no face found in the expression template`);
  });
});
