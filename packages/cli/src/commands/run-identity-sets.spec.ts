import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { buildSdxlFixture } from '@geneava/testing';
import { renderIdentitySetLines } from '../run/render.js';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

// Inside the workspace, so the config's plugins are found in node_modules as in a user's project.
let dir: string;
const savedCache = process.env['GENEAVA_HASH_CACHE'];
beforeAll(async () => {
  const workspaceTmp = resolve(__dirname, '../../../../tmp');
  await mkdir(workspaceTmp, { recursive: true });
  dir = await mkdtemp(join(workspaceTmp, 'cli-run-identity-sets-'));
  process.env['GENEAVA_HASH_CACHE'] = join(dir, 'file-hashes.json');
});
afterAll(async () => {
  if (savedCache === undefined) delete process.env['GENEAVA_HASH_CACHE'];
  else process.env['GENEAVA_HASH_CACHE'] = savedCache;
  await rm(dir, { recursive: true, force: true });
});

async function metadata(out: string): Promise<MetadataRecord[]> {
  return (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
}

/** The ids whose image the journal records done, in order. */
async function imagesMade(out: string): Promise<string[]> {
  const lines = (await readFile(join(out, '.geneava', 'journal.jsonl'), 'utf8')).trim().split('\n');
  return lines.map((line) => JSON.parse(line) as { id: string; stage: string; status: string }).filter((e) => e.stage === 'image' && e.status === 'done').map((e) => e.id);
}

describe('geneava run --identity-sets', () => {
  it('builds 2 identities x 3 expressions by img2img from the anchors, reports the sets, and a new strength remakes the members only', async () => {
    const project = join(dir, 'sets');
    const fixture = await buildSdxlFixture(join(project, 'sdxl'), { generation: 'new', precision: 'fp32' });
    await writeFile(
      join(project, 'geneava.config.json'),
      JSON.stringify({
        plugins: ['@geneava/stylizer-classic', { package: '@geneava/generator-sdxl', options: { models: fixture.dir } }],
        plan: { genders: ['female'], races: ['white', 'black'], ageGroups: ['20s'] },
        run: { generate: { width: 32, height: 24, steps: 2, batch: 2 }, report: { resamples: 200 } },
      }),
    );
    const args = (strength: string) => ['run', '--identity-sets', '2', '--expressions', 'glee,rage,grief', '--identity-strength', strength, '--out', 'data', '--device', 'cpu', '--quiet'];
    const out = join(project, 'data');

    const first = await run(args('0.6'), project);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('identity sets, real: no face found to compare');
    const records = await metadata(out);
    expect(records).toHaveLength(8);
    const anchors = records.filter((r) => r.identitySet?.role === 'anchor');
    const members = records.filter((r) => r.identitySet?.role === 'member');
    expect(anchors.map((r) => r.image)).toEqual(['images/neutral/idset-01-anchor.png', 'images/neutral/idset-02-anchor.png']);
    expect(members.map((r) => r.id)).toEqual(['idset-01-glee', 'idset-01-rage', 'idset-01-grief', 'idset-02-glee', 'idset-02-rage', 'idset-02-grief']);
    expect([anchors[0]!.race, anchors[1]!.race]).toEqual(['white', 'black']);
    for (const member of members) {
      const set = member.identitySet!.set;
      expect(member.image).toBe(`images/${member.expression}/${member.id}.png`);
      expect(member.identitySet).toEqual({ set, role: 'member', anchor: `${set}-anchor`, strength: 0.6 });
      // The generator's own record: it ran image-to-image at that strength, from the anchor named beside it.
      expect(member.provenance).toMatchObject({ init: 'image (img2img)', strength: 0.6, identityAnchor: `${set}-anchor`, identityStrength: 0.6 });
      expect(member.seed).toBe(records.find((r) => r.id === `${set}-anchor`)!.seed);
    }
    expect(anchors[0]!.provenance?.['init']).toBeUndefined();
    expect((await readFile(join(out, 'metadata.csv'), 'utf8')).split('\n')[0]).toContain('identitySet.set,identitySet.role,identitySet.anchor,identitySet.strength');

    const report = await readFile(join(out, 'report.html'), 'utf8');
    expect(report.match(/<tr class="identity-set-row" data-set="idset-0[12]">/g)).toHaveLength(4);
    const evaluation = JSON.parse(await readFile(join(out, 'identity-sets.json'), 'utf8')) as { rows: unknown[]; expressions: string[]; views: { view: string; faces: number; misses: number }[] };
    expect(evaluation.expressions).toEqual(['glee', 'rage', 'grief']);
    expect(evaluation.rows).toHaveLength(2);
    // Every real image is analysed (the fixture's pixels hold no face, so each is counted as a miss, not dropped).
    expect(evaluation.views[0]).toMatchObject({ view: 'real' });
    expect(evaluation.views[0]!.faces + evaluation.views[0]!.misses).toBe(8);
    expect(await imagesMade(out)).toHaveLength(8);

    const stronger = await run(args('0.8'), project);
    expect(stronger.code).toBe(0);
    const made = await imagesMade(out);
    expect(made.slice(8).sort()).toEqual(members.map((r) => r.id).sort());
    for (const member of (await metadata(out)).filter((r) => r.identitySet?.role === 'member')) {
      expect(member.provenance).toMatchObject({ strength: 0.8, identityStrength: 0.8 });
    }
  }, 240_000);

  it('takes anchors from --identity-photos and the expressions from --expression-templates, read by the face analyzer', async () => {
    const project = join(dir, 'photos');
    const fixture = await buildSdxlFixture(join(project, 'sdxl'), { generation: 'new', precision: 'fp32' });
    await mkdir(join(project, 'people'), { recursive: true });
    await mkdir(join(project, 'templates'), { recursive: true });
    const samples = samplePhotosDir();
    for (const name of ['sample1.jpg', 'sample2.jpg']) await copyFile(join(samples, name), join(project, 'people', name));
    for (const name of ['sample3.jpg', 'sample4.jpg']) await copyFile(join(samples, name), join(project, 'templates', name));
    await writeFile(
      join(project, 'geneava.config.json'),
      JSON.stringify({
        plugins: ['@geneava/stylizer-classic', { package: '@geneava/generator-sdxl', options: { models: fixture.dir } }],
        run: { generate: { width: 32, height: 24, steps: 2, batch: 2 }, report: { resamples: 200 } },
      }),
    );
    const result = await run(['run', '--identity-photos', 'people', '--expression-templates', 'templates', '--out', 'data', '--device', 'cpu', '--quiet'], project);
    expect(result.stderr).toBe('');
    const out = join(project, 'data');
    const records = await metadata(out);
    const anchors = records.filter((r) => r.identitySet?.role === 'anchor');
    expect(anchors.map((r) => [r.id, r.image, r.provenance?.['source']])).toEqual([
      ['idset-sample1-anchor', 'images/unlabelled/idset-sample1-anchor.png', 'sample1.jpg'],
      ['idset-sample2-anchor', 'images/unlabelled/idset-sample2-anchor.png', 'sample2.jpg'],
    ]);
    // The templates' expressions, as the analyzer read them (basic-emotion classes name a family's own term).
    const card = await readFile(join(out, 'README.md'), 'utf8');
    const read = [...card.matchAll(/expression template (sample[34]\.jpg) read as "([a-z]+)"/g)].map((m) => m[2]!);
    expect(read.length).toBeGreaterThanOrEqual(1);
    for (const expression of read) expect(['joy', 'sadness', 'anger', 'fear', 'surprise']).toContain(expression);
    const members = records.filter((r) => r.identitySet?.role === 'member');
    expect(members.map((r) => r.id)).toEqual(['sample1', 'sample2'].flatMap((p) => read.map((e) => `idset-${p}-${e}`)));
    for (const member of members) expect(member.provenance).toMatchObject({ init: 'image (img2img)', strength: 0.6, identityAnchor: `idset-${member.id.split('-')[1]}-anchor` });
    // The anchors are photos of two people: the analyzer finds them, so the across-set similarity is measured.
    const evaluation = JSON.parse(await readFile(join(out, 'identity-sets.json'), 'utf8')) as { views: { view: string; faces: number; identity: { across?: { mean: number; pairs: number } }[] }[] };
    expect(evaluation.views[0]!.faces).toBeGreaterThanOrEqual(2);
    expect(evaluation.views[0]!.identity[0]!.across!.pairs).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(evaluation.views[0]!.identity[0]!.across!.mean)).toBe(true);
    const model = evaluation.views[0]!.identity[0]! as { model?: string };
    expect(result.stdout).toMatch(new RegExp(`identity sets, real \\[${model.model}\\]: within .*, across -?\\d\\.\\d{3} \\[`));
  }, 240_000);

  it('refuses identity-set flags that do not fit, each with one line and exit 64', async () => {
    const project = join(dir, 'usage');
    await mkdir(project, { recursive: true });
    const strengthAlone = await run(['run', '--identity-strength', '0.5', '--expressions', 'glee', '--out', 'd'], project);
    expect(strengthAlone.code).toBe(64);
    expect(strengthAlone.stderr).toContain('--identity-strength goes with --identity-sets K or --identity-photos DIR');
    const withSource = await run(['run', '--identity-sets', '2', '--expressions', 'glee', '--source', '.', '--out', 'd'], project);
    expect(withSource.code).toBe(64);
    expect(withSource.stderr).toContain('it does not go with --demo or --source');
    const badStrength = await run(['run', '--identity-sets', '2', '--expressions', 'glee', '--identity-strength', '1.5', '--out', 'd'], project);
    expect(badStrength.stderr).toContain('--identity-strength must be in (0, 1], got 1.5');
    const queued = await run(['run', '--identity-sets', '2', '--expressions', 'glee', '--queue', 'redis://127.0.0.1:1/0', '--out', 'd'], project);
    expect(queued.code).toBe(64);
    expect(queued.stderr).toContain('--queue does not build identity sets yet');
  });
});

describe('renderIdentitySetLines', () => {
  it('prints within, across and their difference with intervals, and the expression accuracy', () => {
    const text = renderIdentitySetLines({
      rows: [],
      expressions: ['glee'],
      views: [
        {
          view: 'real',
          sets: 2,
          faces: 4,
          misses: 0,
          identity: [{ model: 'arcface', within: { mean: 0.7, ci95: [0.6, 0.8], pairs: 2 }, across: { mean: 0.1, ci95: [0.05, 0.15], pairs: 4 }, difference: { value: 0.6, ci95: [0.5, 0.7] }, perSet: {} }],
          expression: { k: 1, n: 2, rate: 0.5, ci95: [0.1, 0.9], confidence: 0.95, level: 'family' },
          expressionPerSet: {},
        },
      ],
    });
    expect(text).toBe('identity sets, real [arcface]: within 0.700 [0.600, 0.800], across 0.100 [0.050, 0.150], difference 0.600 [0.500, 0.700]; expression 1/2 (family); 4 faces, 0 without a face\n');
  });
});
