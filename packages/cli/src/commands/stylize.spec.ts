import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createRgbImage, decodeImage, encodeImage, resizeImage } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import { drawBackground, drawFaceLike, OnnxGraphBuilder } from '@geneava/testing';
import { run } from '../test-support/run.js';

// Runs inside the workspace (its git-ignored tmp/ folder) so the default config finds the installed
// @geneava/stylizer-classic plugin the way a project with it in node_modules does.
const workspaceRoot = resolve(__dirname, '../../../..');
let dir: string;

function portrait(width: number, height: number, seed: number): RgbImage {
  const image = drawBackground(width, height, seed);
  drawFaceLike(image, width / 2, height / 2, Math.min(width, height) * 0.6);
  return image;
}

async function writePng(path: string, image: RgbImage): Promise<void> {
  await mkdir(resolve(path, '..'), { recursive: true });
  await writeFile(path, await encodeImage(image, 'png'));
}

/**
 * An installed stylizer package whose stylizer returns the photo unchanged and reports its id as
 * "<name>-from-project". CommonJS: jest does not transform node_modules (Node's import() reads both).
 */
async function writeInstalledStylizer(folder: string, name: string, body?: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(
    join(folder, 'package.json'),
    JSON.stringify({ name: `geneava-stylizer-${name}`, version: '1.0.0', exports: { './plugin': './plugin.js' }, geneava: { kind: 'stylizer', apiVersion: 1, entry: './plugin' } }),
  );
  const definition = `{ $$type: 'geneava/plugin', kind: 'stylizer', apiVersion: 1, name: '${name}',
    create: () => ({ apiVersion: 1, info: { id: '${name}-from-project', style: 'test', version: '1.0.0', needsWeights: false, geometryPreserving: true },
      stylize: async (input) => ({ image: input.image, outcome: 'whole-image', facesStylized: 0 }) }) }`;
  await writeFile(join(folder, 'plugin.js'), body ?? `module.exports = ${definition};`);
}

async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(folder.length + 1).split('\\').join('/')).sort();
}

beforeAll(async () => {
  await mkdir(join(workspaceRoot, 'tmp'), { recursive: true });
});

beforeEach(async () => {
  dir = await mkdtemp(join(workspaceRoot, 'tmp', 'cli-stylize-'));
  await writePng(join(dir, 'photos', 'anna.png'), portrait(64, 48, 1));
  await writePng(join(dir, 'photos', 'trip', 'ben.png'), portrait(40, 56, 2));
  await writeFile(join(dir, 'photos', 'trip', 'broken.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 1, 2, 3]));
  await writeFile(join(dir, 'photos', 'notes.txt'), 'not a photo');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('geneava stylize', () => {
  it('stylizes a folder with classic, fails the corrupt file with a clear message and goes on (exit 2)', async () => {
    const result = await run(['stylize', '--input', 'photos', '--out', 'avatars'], dir);
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('ok       anna.png -> anna.png (whole-image)');
    expect(lines[1]).toBe('skipped  notes.txt: not an image (extension ".txt"; images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)');
    expect(lines[2]).toBe('ok       trip/ben.png -> trip/ben.png (whole-image)');
    expect(lines[3]).toMatch(/^failed {3}trip\/broken\.jpg: (truncated or corrupt image data|corrupt image header|cannot decode image)/);
    expect(lines[4]).toMatch(/^classic: 2 of 3 images stylized into .*avatars in [\d.]+ s \(2 whole-image\); 1 failed, 1 skipped$/);
    expect(result.stderr).toMatch(/failed: trip\/broken\.jpg: /);
    // Beside the avatars, where each detected face went (for geneava evaluate).
    expect(await filesBelow(join(dir, 'avatars'))).toEqual(['anna.png', 'placements.jsonl', 'trip/ben.png']);
    const avatar = await decodeImage(join(dir, 'avatars', 'trip', 'ben.png'));
    expect([avatar.width, avatar.height]).toEqual([40, 56]);
  });

  it('prints a summary and a per-file list with --json', async () => {
    const result = await run(['stylize', '--stylizer', 'classic', '-i', 'photos', '-o', 'avatars', '--json'], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.stylizer).toEqual({ name: 'classic', id: 'classic', style: 'classic cartoon', version: '0.1.0', needsWeights: false, geometryPreserving: true });
    expect(report.input).toBe(join(dir, 'photos'));
    expect(report.out).toBe(join(dir, 'avatars'));
    // Faces are detected for every stylizer, whole-image ones too: classic keeps detail in them.
    expect(report.faceDetection).toBe('on');
    expect(report.summary).toMatchObject({ images: 3, ok: 2, failed: 1, skipped: 1, outcomes: { stylized: 0, 'no-face': 0, 'whole-image': 2 }, facesStylized: 0 });
    expect(report.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['anna.png', 'ok'],
      ['notes.txt', 'skipped'],
      ['trip/ben.png', 'ok'],
      ['trip/broken.jpg', 'failed'],
    ]);
    expect(report.files[0]).toMatchObject({ output: 'anna.png', outcome: 'whole-image', facesStylized: 0 });
    expect(report.files[3].reason).not.toContain('\n');
    // Progress goes to stderr as JSON lines, so stdout holds the one report.
    const progress = result.stderr.trim().split('\n').map((line) => JSON.parse(line).progress);
    expect(progress.at(-1)).toMatchObject({ task: 'stylize:classic', done: 3, total: 3, item: 'trip/broken.jpg', status: 'failed' });
  });

  it('exits 1 when every image fails and 0 when all succeed', async () => {
    await mkdir(join(dir, 'bad'));
    await writeFile(join(dir, 'bad', 'x.png'), 'not a png');
    const bad = await run(['stylize', '-i', 'bad', '-o', 'out-bad'], dir);
    expect(bad.code).toBe(1);
    await writePng(join(dir, 'good', 'a.jpg.png'), createRgbImage(8, 8, [10, 200, 30]));
    const good = await run(['stylize', '-i', 'good', '-o', 'out-good', '--json'], dir);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout).summary).toMatchObject({ images: 1, ok: 1, failed: 0 });
  });

  it('runs a declarative ONNX stylizer from --descriptor (an identity fixture returns each photo exactly)', async () => {
    const b = new OnnxGraphBuilder({ opset: 17 });
    b.output(b.op.identity(b.input('input_photo:0', 'float', ['n', 'h', 'w', 3]), { output: 'out:0' }), 'float', ['n', 'h', 'w', 3]);
    await writeFile(join(dir, 'toy.onnx'), b.toBytes());
    await writeFile(
      join(dir, 'toy.json'),
      JSON.stringify({
        id: 'toy',
        style: 'identity',
        model: 'toy.onnx',
        input: { name: 'input_photo:0', size: { multipleOf: 8 }, layout: 'NHWC', channelOrder: 'BGR', range: [-1, 1] },
        output: { range: [-1, 1], dtype: 'float32' },
      }),
    );
    const result = await run(['stylize', '--stylizer', 'onnx', '--descriptor', 'toy.json', '-i', 'photos', '-o', 'toy-out', '--json'], dir);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.stylizer).toMatchObject({ name: 'onnx', id: 'toy', needsWeights: true });
    const original = await decodeImage(join(dir, 'photos', 'anna.png'));
    const avatar = await decodeImage(join(dir, 'toy-out', 'anna.png'));
    expect(Buffer.from(avatar.data).equals(Buffer.from(original.data))).toBe(true);
  });

  it('runs a shipped descriptor found by name, with its model from --models or else the working directory', async () => {
    // The shipped whitebox-cartoonization descriptor names cartoonizer.onnx; an identity model with the
    // published export's tensor names stands in for the user's file.
    const b = new OnnxGraphBuilder({ opset: 17 });
    b.output(b.op.identity(b.input('input_photo:0', 'float', ['n', 'h', 'w', 3]), { output: 'add_1:0' }), 'float', ['n', 'h', 'w', 3]);
    await mkdir(join(dir, 'weights'));
    await writeFile(join(dir, 'weights', 'cartoonizer.onnx'), b.toBytes());
    const args = ['stylize', '--stylizer', 'onnx', '--descriptor', 'whitebox-cartoonization', '-i', 'photos', '--json'];
    const fromModels = await run([...args, '--models', 'weights', '-o', 'named-out'], dir);
    expect(JSON.parse(fromModels.stdout).stylizer).toMatchObject({ name: 'onnx', id: 'whitebox-cartoonization' });
    expect(await readdir(join(dir, 'named-out'))).toContain('anna.png');
    const missing = await run([...args, '-o', 'named-out-2'], dir);
    expect(missing.stdout + missing.stderr).toContain('model cartoonizer.onnx');
    expect(missing.code).not.toBe(0);
    await writeFile(join(dir, 'cartoonizer.onnx'), b.toBytes());
    const fromCwd = await run([...args, '-o', 'named-out-3'], dir);
    expect(JSON.parse(fromCwd.stdout).stylizer).toMatchObject({ id: 'whitebox-cartoonization' });
    const unknown = await run([...args.slice(0, 4), 'whitebox', '-i', 'photos', '-o', 'x'], dir);
    expect(unknown.stdout + unknown.stderr).toContain('no shipped descriptor has that name (shipped: animeganv2-face-paint-512-v2, photo2cartoon, whitebox-cartoonization)');
  });

  it('detects faces with the embedded face analyzer for a face-based stylizer, and not with --no-faces', async () => {
    const b = new OnnxGraphBuilder({ opset: 17 });
    b.node('Neg', [b.input('input', 'float', [1, 3, 256, 256])], ['output']);
    b.output('output', 'float', [1, 3, 256, 256]);
    await writeFile(join(dir, 'faces.onnx'), b.toBytes());
    await writeFile(
      join(dir, 'faces.json'),
      JSON.stringify({
        id: 'negated-faces',
        style: 'negated faces',
        model: 'faces.onnx',
        input: { size: { width: 256, height: 256 }, layout: 'NCHW', range: [-1, 1] },
        output: { range: [-1, 1], dtype: 'float32' },
        alignment: { type: 'ffhq' },
      }),
    );
    const photo = await decodeImage(join(workspaceRoot, 'node_modules/@vladmandic/face-api/demo/sample2.jpg'));
    await writePng(join(dir, 'people', 'group.png'), await resizeImage(photo, 480, Math.round((480 * photo.height) / photo.width)));
    const args = ['stylize', '--stylizer', 'onnx', '--descriptor', 'faces.json', '-i', 'people', '--json'];
    const detected = JSON.parse((await run([...args, '-o', 'with-faces'], dir)).stdout);
    expect(detected.faceDetection).toBe('on');
    const [file] = detected.files;
    expect(file.outcome).toBe('stylized');
    expect(file.facesDetected).toBeGreaterThan(0);
    expect(file.facesStylized).toBe(file.facesDetected);
    const skipped = JSON.parse((await run([...args, '-o', 'no-faces', '--no-faces'], dir)).stdout);
    expect(skipped.faceDetection).toBe('off');
    expect(skipped.files[0]).toMatchObject({ outcome: 'no-face', facesStylized: 0 });
  }, 60_000);

  it('rejects usage mistakes with exit 64 and a message naming the problem', async () => {
    const unknown = await run(['stylize', '--stylizer', 'clasic', '-i', 'photos', '-o', 'out'], dir);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toBe('geneava: unknown stylizer "clasic" (did you mean "classic"?); enabled stylizers: classic, or "onnx" with --descriptor FILE\n');
    const noDescriptor = await run(['stylize', '--stylizer', 'onnx', '-i', 'photos', '-o', 'out'], dir);
    expect([noDescriptor.code, noDescriptor.stderr]).toEqual([64, 'geneava: stylizer "onnx" needs --descriptor NAME|FILE (a shipped descriptor\'s name, or a descriptor .json naming its model)\n']);
    const wrongPair = await run(['stylize', '--stylizer', 'classic', '--descriptor', 'x.json', '-i', 'photos', '-o', 'out'], dir);
    expect(wrongPair.code).toBe(64);
    expect(wrongPair.stderr).toContain('use it with --stylizer onnx, not "classic"');
    const missing = await run(['stylize', '-i', 'nowhere', '-o', 'out'], dir);
    expect([missing.code, missing.stderr]).toEqual([64, 'geneava: --input nowhere: not a folder (give the folder of photos to stylize)\n']);
    const same = await run(['stylize', '-i', 'photos', '-o', 'photos/'], dir);
    expect(same.code).toBe(64);
    expect(await filesBelow(dir)).not.toContain('out/anna.png');
  });

  it('runs an installed stylizer named on the command line, without a config file, from the project', async () => {
    await writeInstalledStylizer(join(dir, 'node_modules', 'geneava-stylizer-watercolor'), 'watercolor');
    const result = await run(['stylize', '--stylizer', 'watercolor', '--no-faces', '-i', 'photos', '-o', 'out', '--json'], dir);
    expect(result.stderr).not.toContain('is not enabled');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.stylizer.id).toBe('watercolor-from-project');
    expect(await filesBelow(join(dir, 'out'))).toEqual(['anna.png', 'trip/ben.png']);
  });

  it('reports a stylizer that throws at import by its own name and error (exit 1)', async () => {
    await writeInstalledStylizer(join(dir, 'node_modules', 'geneava-stylizer-boom'), 'boom', 'throw new Error("boom at import");');
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plugins: ['geneava-stylizer-boom'] }));
    const result = await run(['stylize', '--stylizer', 'boom', '-i', 'photos', '-o', 'out'], dir);
    expect([result.code, result.stderr]).toEqual([1, 'geneava: plugin geneava-stylizer-boom: loading entry "./plugin" threw: boom at import\n']);
  });

  it('hands --models to the plugin as its "models" option (classic has none and says so)', async () => {
    const result = await run(['stylize', '--models', 'weights', '-i', 'photos', '-o', 'out'], dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toBe('geneava: plugin classic: invalid options: unknown key(s) options.models\n');
    // Invalid options from the config file are a configuration error too (exit 64), before any photo is read.
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plugins: [{ package: '@geneava/stylizer-classic', options: { strenght: 2 } }] }));
    const configured = await run(['stylize', '-i', 'photos', '-o', 'out'], dir);
    expect([configured.code, configured.stderr]).toEqual([64, 'geneava: plugin classic: invalid options: unknown key(s) options.strenght\n']);
  });
});
