import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRgbImage, decodeImage, encodeImage, resizeImage } from '@geneava/core/image';
import { parseCsvRows } from '@geneava/core/util';
import type { Box, RgbImage } from '@geneava/core/contracts';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import { cropRgb } from '@geneava/pipeline';
import { buildSdxlFixture } from '@geneava/testing';
import { run } from '../test-support/run.js';
import { samplePhotosDir } from '../test-support/sample-photos.js';

/** Square crops around single faces of the sample photos (photo number, crop), as a dataset build makes them. */
const FACES: readonly [number, Box][] = [
  [1, { x: 280, y: 262, width: 459, height: 459 }],
  [1, { x: 1342, y: 100, width: 459, height: 459 }],
  [2, { x: 193, y: 41, width: 489, height: 489 }],
  [3, { x: 896, y: 83, width: 578, height: 578 }],
  [3, { x: 1314, y: 176, width: 541, height: 541 }],
  [4, { x: 853, y: 94, width: 439, height: 439 }],
  [4, { x: 1130, y: 47, width: 463, height: 463 }],
  [5, { x: 176, y: 734, width: 597, height: 597 }],
  [5, { x: 446, y: 317, width: 470, height: 470 }],
  [6, { x: 88, y: 369, width: 537, height: 537 }],
  [6, { x: 495, y: 214, width: 558, height: 558 }],
  [6, { x: 1303, y: 137, width: 575, height: 575 }],
];
const EXPRESSIONS = ['joy', 'glee', 'amusement'] as const;

let photos: RgbImage[];
let root: string;

async function writePng(path: string, image: RgbImage): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await encodeImage(image, 'png', { compressionLevel: 1 }));
}

/** Writes the 12 single-face crops (192 px) into <dir>/<expression>/face<k>.png, four per expression folder. */
async function singleFaceFolder(dir: string): Promise<string[]> {
  const ids: string[] = [];
  for (const [k, [photo, crop]] of FACES.entries()) {
    const id = `face${String(k + 1).padStart(2, '0')}`;
    await writePng(join(dir, EXPRESSIONS[k % 3]!, `${id}.png`), await resizeImage(cropRgb(photos[photo - 1]!, crop), 192, 192));
    ids.push(id);
  }
  return ids;
}

async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(folder.length + 1).split('\\').join('/')).sort();
}

async function metadata(out: string): Promise<MetadataRecord[]> {
  return (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
}

beforeAll(async () => {
  const demo = samplePhotosDir();
  photos = [];
  for (let i = 1; i <= 6; i++) photos.push(await decodeImage(join(demo, `sample${i}.jpg`)));
  root = await mkdtemp(join(tmpdir(), 'geneava-cli-run-'));
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('geneava run (in process)', () => {
  it('filters, stylizes, evaluates and curates a folder of photos, keeping every reason (exit 2 for the broken photo)', async () => {
    const dir = join(root, 'source-run');
    const source = join(dir, 'photos');
    await singleFaceFolder(source);
    const group = photos[1]!;
    await writePng(join(source, 'joy', 'group.png'), await resizeImage(group, 480, Math.round((group.height * 480) / group.width)));
    await writeFile(join(source, 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 1, 2, 3]));
    await writeFile(join(dir, 'labels.csv'), 'id,file,expression,gender,race,ageGroup\nface01,joy/face01.png,contentment,female,,20s\n');
    // A strict identity threshold, so that curation drops some avatars with its reason.
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ run: { curation: { identity: { minCosine: { mobileface: 0.8 } } }, report: { resamples: 200 } } }));

    const first = await run(['run', '--source', 'photos', '--labels', 'labels.csv', '--out', 'data'], dir);
    expect(first.stderr).toMatch(/failed: broken: broken\.jpg: (truncated or corrupt image data|corrupt image header|cannot decode image)/);
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/^Dataset .*data: 14 items, \d+ kept, \d+ dropped, 1 failed in [\d.]+ s\n/);

    const out = join(dir, 'data');
    const records = await metadata(out);
    // In path order: amusement/, broken.jpg, glee/, joy/.
    expect(records.map((r) => r.id)).toEqual(['face03', 'face06', 'face09', 'face12', 'broken', 'face02', 'face05', 'face08', 'face11', 'face01', 'face04', 'face07', 'face10', 'group']);
    const byId = new Map(records.map((r) => [r.id, r]));
    expect(byId.get('face01')).toMatchObject({ expression: 'contentment', family: 'joy', gender: 'female', ageGroup: '20s', image: 'images/contentment/face01.png' });
    expect(byId.get('face02')).toMatchObject({ expression: 'glee', family: 'joy', provenance: { source: 'glee/face02.png' }, filter: { passed: true, faces: 1 } });
    expect(byId.get('broken')).toMatchObject({ status: 'failed', expression: 'unlabelled' });
    expect(byId.get('group')).toMatchObject({
      status: 'dropped',
      reasons: ['filter: 3 faces detected, exactly one is required'],
      filter: { passed: false, rule: 'one-face', faces: 3 },
      avatars: { classic: { status: 'not-run' } },
    });
    expect(byId.get('broken')!.reasons).toEqual([expect.stringMatching(/^image: broken\.jpg: /)]);
    const scored = records.filter((r) => r.avatars['classic']?.status === 'ok');
    expect(scored).toHaveLength(12);
    for (const record of scored) {
      const cosine = record.avatars['classic']!.metrics!['identity.cosine[mobileface]']!;
      // Each avatar face is found again on the avatar (one protocol); the lowest was about 0.45 at 192 px when written.
      expect(cosine).toBeGreaterThan(0.4);
      if (cosine >= 0.8) continue;
      expect(record.status).toBe('dropped');
      expect(record.reasons).toContain(`classic: identity.cosine[mobileface] ${Math.round(cosine * 1000) / 1000} < 0.8`);
    }
    // The classic filter at 192 px keeps identity well on some faces, less on others.
    expect(scored.some((r) => r.status === 'kept')).toBe(true);
    expect(scored.some((r) => r.status === 'dropped')).toBe(true);

    const [header, ...rows] = parseCsvRows(await readFile(join(out, 'metadata.csv'), 'utf8'), 'metadata.csv');
    expect(rows).toHaveLength(14);
    expect(header).toEqual(expect.arrayContaining(['classic.identity.cosine[mobileface]', 'classic.expression.prob_cosine', 'classic.landmarks.nme', 'provenance.sourceSha256']));
    const card = await readFile(join(out, 'README.md'), 'utf8');
    expect(card).toContain('| contentment | joy | 1 |');
    expect(card).toContain('- Identity: identity.cosine[mobileface] >= 0.8.');
    const report = await readFile(join(out, 'report.html'), 'utf8');
    expect(report).toContain('data:image/');
    expect(report).not.toMatch(/(src|href)="https?:/);

    // Run again: everything done is found done; the broken photo is retried (and fails again).
    const second = await run(['run', '--source', 'photos', '--labels', 'labels.csv', '--out', 'data', '--json', '--quiet'], dir);
    expect(second.code).toBe(2);
    const summary = JSON.parse(second.stdout);
    // 13 images, 13 face detections, 12 avatars and 12 evaluations found done; the broken photo fails again.
    expect(summary.stages).toEqual({ ran: 0, resumed: 50, failed: 1 });
    expect(summary.counts).toMatchObject({ items: 14, failed: 1 });
  }, 60_000);

  it('finishes the other stylizers when one fails to load, names it with its error and exits 2', async () => {
    const dir = join(root, 'broken-stylizer');
    for (const [k, [photo, crop]] of FACES.slice(0, 2).entries()) {
      await writePng(join(dir, 'photos', 'joy', `face${k}.png`), await resizeImage(cropRgb(photos[photo - 1]!, crop), 160, 160));
    }
    const plugin = join(dir, 'styles', 'boom');
    await mkdir(plugin, { recursive: true });
    await writeFile(
      join(plugin, 'package.json'),
      JSON.stringify({ name: 'geneava-stylizer-boom', version: '1.0.0', type: 'module', exports: { './plugin': './plugin.js' }, geneava: { kind: 'stylizer', apiVersion: 1, entry: './plugin' } }),
    );
    await writeFile(join(plugin, 'plugin.js'), 'throw new Error("boom at import");\n');
    await writeFile(
      join(dir, 'geneava.config.json'),
      JSON.stringify({ plugins: ['@geneava/stylizer-classic', './styles/boom'], run: { stylizers: ['boom', 'classic'], report: { resamples: 200 } } }),
    );
    const result = await run(['run', '--source', 'photos', '--out', 'data', '--no-report'], dir);
    expect(result.stderr).toContain('geneava: stylizer "boom" did not run: plugin geneava-stylizer-boom: loading entry "./plugin" threw: boom at import\n');
    expect(result.code).toBe(2);
    const records = await metadata(join(dir, 'data'));
    expect(records.map((r) => r.id)).toEqual(['face0', 'face1']);
    for (const record of records) {
      expect(record.avatars['classic']?.status).toBe('ok');
      expect(record.avatars['boom']).toBeUndefined();
    }
  }, 60_000);

  it('lists --source through links and reports what it leaves out; with --split-faces a photo without a face is a failed item', async () => {
    const dir = join(root, 'source-listing');
    const source = join(dir, 'photos');
    const [photo, crop] = FACES[0]!;
    await writePng(join(source, 'joy', 'face.png'), await resizeImage(cropRgb(photos[photo - 1]!, crop), 160, 160));
    await writePng(join(dir, 'elsewhere', 'linked.png'), await resizeImage(cropRgb(photos[FACES[2]![0] - 1]!, FACES[2]![1]), 160, 160));
    await writePng(join(source, 'joy', 'blank.png'), createRgbImage(96, 96));
    await symlink(join(dir, 'elsewhere', 'linked.png'), join(source, 'joy', 'linked.png'));
    await symlink(source, join(source, 'joy', 'loop'));
    await mkdir(join(source, 'album.jpg'));
    const result = await run(['run', '--source', 'photos', '--split-faces', '--out', 'data', '--no-report', '--json', '--quiet'], dir);
    expect(result.code).toBe(2);
    const summary = JSON.parse(result.stdout);
    expect(summary.skipped).toEqual([
      { file: 'album.jpg', reason: 'a folder named like an image, not an image (its contents are listed)' },
      { file: 'joy/loop', reason: 'symbolic link loop (it points to a folder that contains it)' },
    ]);
    const records = await metadata(join(dir, 'data'));
    expect(records.map((r) => [r.id, r.status])).toEqual([['blank', 'failed'], ['face-face1', expect.any(String)], ['linked-face1', expect.any(String)]]);
    expect(records[0]!.reasons).toEqual(['image: no face detected in joy/blank.png']);
    expect(records[2]!.provenance).toMatchObject({ source: 'joy/linked.png' });
    // The summary counts what the metadata holds.
    const count = (status: string) => records.filter((r) => r.status === status).length;
    expect(summary.counts).toMatchObject({ items: records.length, kept: count('kept'), dropped: count('dropped'), failed: 1 });
  }, 60_000);

  it('generates planned faces with the enabled generator plugin and records prompts, seeds and model hashes', async () => {
    // Inside the workspace, so the config's plugins are found in node_modules as in a user's project.
    const workspaceTmp = resolve(__dirname, '../../../../tmp');
    await mkdir(workspaceTmp, { recursive: true });
    const dir = await mkdtemp(join(workspaceTmp, 'cli-run-generate-'));
    try {
      const fixture = await buildSdxlFixture(join(dir, 'sdxl'), { generation: 'new', precision: 'fp32' });
      await writeFile(
        join(dir, 'geneava.config.json'),
        JSON.stringify({
          plugins: ['@geneava/stylizer-classic', { package: '@geneava/generator-sdxl', options: { models: fixture.dir } }],
          run: { generate: { width: 32, height: 24, steps: 2, batch: 2 } },
        }),
      );
      const result = await run(['run', '--expressions', 'joy,anger', '--max-items', '3', '--out', 'data', '--device', 'cpu', '--no-report', '--quiet'], dir);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const records = await metadata(join(dir, 'data'));
      // The plan's first items, in plan order (the max-items cut keeps whole cells of the first expression).
      expect(records.map((r) => r.id)).toEqual(['joy-female-white-teen', 'joy-female-white-20s', 'joy-female-white-30s']);
      for (const record of records) {
        expect(record).toMatchObject({ expression: 'joy', family: 'joy', gender: 'female', race: 'white', width: 32, height: 24, seed: expect.any(Number) });
        expect(record.prompt).toMatch(/^A photorealistic face of .* displaying a facial expression of joy, plain white background\.$/);
        expect(record.provenance).toMatchObject({ generator: 'sdxl', 'unet/model.onnx.sha256': expect.stringMatching(/^[0-9a-f]{64}$/) });
        // The fixture's denoiser draws a fixed pattern, not a face: the filter drops it, as it would any faceless image.
        expect(record).toMatchObject({ status: 'dropped', reasons: ['filter: no face detected'] });
      }
      await expect(decodeImage(join(dir, 'data', 'images', 'joy', 'joy-female-white-teen.png'))).resolves.toMatchObject({ width: 32, height: 24 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports usage mistakes with exit 64 before loading any model', async () => {
    const dir = join(root, 'usage');
    await mkdir(dir, { recursive: true });
    expect(await run(['run', '--demo', '--source', 'x'], dir)).toMatchObject({ code: 64, stderr: expect.stringContaining('give either --demo or --source DIR, not both') });
    expect(await run(['run', '--source', '.', '--max-items', '0'], dir)).toMatchObject({ code: 64, stderr: expect.stringContaining('--max-items must be a positive integer, got 0') });
    expect(await run(['run', '--source', 'missing'], dir)).toMatchObject({ code: 64, stderr: expect.stringMatching(/missing: folder not found/) });
    const generate = await run(['run', '--expressions', 'joy'], dir);
    expect(generate.code).toBe(64);
    expect(generate.stderr).toMatch(/no generator is enabled: add one to "plugins"/);
    expect(await run(['run', '--expressions', 'joyy'], dir)).toMatchObject({ code: 64, stderr: expect.stringContaining('unknown expression: joyy') });
  });
});

// The built CLI, as a user runs it (the cli test target builds first).
const bin = resolve(__dirname, '../../bin/geneava.js');

function start(args: string[], cwd: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolveDone) =>
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

async function doneEntries(journal: string, stage: string): Promise<number> {
  const text = await readFile(journal, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.includes(`"stage":"${stage}"`) && line.includes('"status":"done"')).length;
}

/** Starts the command and kills it (SIGKILL) once the journal shows `after` finished items; fails if it finishes first. */
async function runAndKill(args: string[], cwd: string, journal: string, after: number): Promise<void> {
  const { child, done } = start(args, cwd);
  let exited = false;
  void done.then(() => (exited = true));
  while (!exited && (await doneEntries(journal, 'evaluate:classic')) < after) await new Promise((r) => setTimeout(r, 5));
  if (exited) throw new Error(`the run finished before ${after} items were done: ${(await done).stderr}`);
  child.kill('SIGKILL');
  expect((await done).signal).toBe('SIGKILL');
}

describe('geneava run, killed and run again (built CLI)', () => {
  it('finishes the job with no item lost, none done twice and no partial file', async () => {
    const dir = join(root, 'kill');
    const ids = await singleFaceFolder(join(dir, 'photos'));
    const out = join(dir, 'data');
    const journal = join(out, '.geneava', 'journal.jsonl');
    const args = ['run', '--source', 'photos', '--out', 'data', '--quiet'];

    await runAndKill(args, dir, journal, 2);
    expect(existsSync(join(out, 'metadata.jsonl'))).toBe(false);
    await runAndKill(args, dir, journal, 7);
    const finished = await start(args, dir).done;
    expect(finished.stderr).toBe('');
    expect(finished.code).toBe(0);
    expect(finished.stdout).toMatch(/: 12 items, \d+ kept, \d+ dropped, 0 failed in /);

    const records = await metadata(out);
    expect(records.map((r) => r.id).sort()).toEqual(ids);
    const files = await filesBelow(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const pngs = files.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(24);
    for (const png of pngs) await expect(decodeImage(join(out, png))).resolves.toMatchObject({ width: 192, height: 192 });
    const done = (await readFile(journal, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; stage: string; status: string }).filter((e) => e.status === 'done');
    const keys = done.map((e) => `${e.id}/${e.stage}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(12 * 4);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    expect(existsSync(join(out, '.geneava', 'lock'))).toBe(false);
  }, 60_000);
});

describe('geneava run --demo (built CLI)', () => {
  it('builds a dataset and an offline report from the sample photos with no configuration', async () => {
    const dir = join(root, 'demo');
    await mkdir(dir, { recursive: true });
    const { done } = start(['run', '--demo', '--json', '--quiet'], dir);
    const result = await done;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.out).toBe(join(dir, 'geneava-demo'));
    expect(summary.counts).toEqual({ items: 22, kept: summary.counts.kept, dropped: summary.counts.dropped, failed: 0, failedPhotos: 0 });
    const out = summary.out as string;
    const records = await metadata(out);
    expect(records.map((r) => r.id)).toContain('sample5-face5');
    expect(records.find((r) => r.id === 'sample1-face3')).toMatchObject({ expression: 'glee', gender: 'female', ageGroup: '20s', source: { file: 'sample1.jpg', face: 2 } });
    const files = await filesBelow(out);
    expect(files.filter((f) => f.startsWith('images/'))).toHaveLength(22);
    expect(files.filter((f) => f.startsWith('avatars/classic/'))).toHaveLength(22);
    const card = await readFile(join(out, 'README.md'), 'utf8');
    expect(card).toContain('# GenEAva demo dataset');
    expect(card).toContain('| glee | joy | 1 | 1 | 0 | 0 |');
    const report = await readFile(join(out, 'report.html'), 'utf8');
    expect(report).toMatch(/^<!doctype html>/);
    expect(report).toContain('data:image/');
    expect(report).not.toMatch(/(src|href)="https?:/);
  }, 60_000);
});
