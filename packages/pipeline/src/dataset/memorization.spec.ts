import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeImage } from '@geneava/core/image';
import { OnnxRuntime } from '@geneava/core/onnx';
import { analyzerFaceEmbedder, auditMemorization, embedFaceSet, MemorizationIndex, readReferenceEmbeddings } from '@geneava/evaluator';
import { createMemorizationScreen, loadMemorizationScreen } from './memorization.js';
import { drawFaces, FakeAnalyzer } from './test-support/fakes.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-refs-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function writeFaces(path: string, boxes: Parameters<typeof drawFaces>[2]): Promise<void> {
  await writeFile(path, await encodeImage(drawFaces(40, 40, boxes), 'png'));
}

describe('memorization screen', () => {
  it('screens a face through the analyzer against .jsonl sets', async () => {
    const file = join(dir, 'celeb.jsonl');
    // The fake analyzer's embedding of a 10x10 face at (5, 5) is (6, 6, 10, 10).
    await writeFile(file, '{"id":"same","embedding":[6,6,10,10]}\n{"id":"other","embedding":[0,0,0,1],"model":"fake"}\n');
    const set = await readReferenceEmbeddings(file, 'fake');
    expect(set).toMatchObject({ name: 'celeb', ids: ['same', 'other'], dim: 4 });
    const analyzer = new FakeAnalyzer();
    const image = drawFaces(30, 30, [{ x: 5, y: 5, width: 10, height: 10 }]);
    const [face] = await analyzer.detect(image);
    const result = await createMemorizationScreen(analyzer, new MemorizationIndex('fake', [set])).check(image, face!);
    expect(result).toMatchObject({ reference: 'celeb', nearest: 'same' });
    expect(result!.similarity).toBeCloseTo(1, 6);
    await expect(createMemorizationScreen(analyzer, new MemorizationIndex('arcface', [])).check(image, face!)).rejects.toThrow(
      'face analyzer fake-analyzer gives no "arcface" identity embedding (it gives: fake)',
    );
  });

  it('embeds a folder of reference faces once (largest face per image), reuses the cache and reports what it leaves out', async () => {
    const refs = join(dir, 'celeba');
    await mkdir(refs);
    await writeFaces(join(refs, 'one.png'), [{ x: 2, y: 2, width: 5, height: 5 }, { x: 10, y: 10, width: 20, height: 20 }]);
    await writeFaces(join(refs, 'none.png'), []);
    await writeFile(join(refs, 'broken.jpg'), 'not a jpeg');
    const analyzer = new FakeAnalyzer();
    const cacheDir = join(dir, 'cache');
    const screen = await loadMemorizationScreen(analyzer, [refs], { model: 'fake', cacheDir });
    const image = drawFaces(40, 40, [{ x: 10, y: 10, width: 20, height: 20 }]);
    const [face] = await analyzer.detect(image);
    expect(await screen.check(image, face!)).toMatchObject({ reference: 'celeba', nearest: 'one.png', similarity: expect.closeTo(1, 6) });
    expect(screen.problems!.map((p) => [p.set, p.file, p.kind])).toEqual([
      ['celeba', 'broken.jpg', 'unreadable'],
      ['celeba', 'none.png', 'no face'],
    ]);
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^celeba-[0-9a-f]{10}\.fake\.json$/)]);
    const detections = analyzer.detections;
    const again = await loadMemorizationScreen(analyzer, [refs], { model: 'fake', cacheDir });
    // The two readable images come from the cache (the broken file is decoded again, and fails before detection).
    expect(analyzer.detections).toBe(detections);
    expect(again.fingerprint).toBe(screen.fingerprint);
    // Another face in a reference file changes what the screen compares against, and its fingerprint.
    await writeFaces(join(refs, 'none.png'), [{ x: 1, y: 1, width: 8, height: 8 }]);
    expect((await loadMemorizationScreen(analyzer, [refs], { model: 'fake', cacheDir })).fingerprint).not.toBe(screen.fingerprint);
  });

  it('sees a reference folder exactly as the memorization audit does, bad files included', async () => {
    // A readable face, an unreadable file, a faceless image, a subfolder, a linked folder and a broken link.
    const refs = join(dir, 'refs');
    await mkdir(join(refs, 'sub'), { recursive: true });
    await mkdir(join(dir, 'outside'));
    await writeFaces(join(refs, 'face.png'), [{ x: 4, y: 4, width: 12, height: 12 }]);
    await writeFile(join(refs, 'unreadable.png'), 'not a png');
    await writeFaces(join(refs, 'faceless.png'), []);
    await writeFaces(join(refs, 'sub', 'nested.png'), [{ x: 20, y: 6, width: 14, height: 10 }]);
    await writeFaces(join(dir, 'outside', 'linked.png'), [{ x: 2, y: 20, width: 16, height: 16 }]);
    await symlink(join(dir, 'outside'), join(refs, 'link'));
    await symlink(join(dir, 'gone.png'), join(refs, 'dangling.png'));
    const analyzer = new FakeAnalyzer();

    const audited = await embedFaceSet('refs', refs, analyzerFaceEmbedder(analyzer, 'fake'));
    const screen = await loadMemorizationScreen(analyzer, [refs], { model: 'fake', cacheDir: join(dir, 'cache') });
    const expectedFaces = ['face.png', 'link/linked.png', 'sub/nested.png'];
    expect(audited.faces.map((face) => face.file)).toEqual(expectedFaces);
    const left = screen.problems!.map((p) => [p.file, p.kind]);
    expect(left).toEqual([
      ['dangling.png', 'not an image'],
      ['faceless.png', 'no face'],
      ['unreadable.png', 'unreadable'],
    ]);
    expect(audited.failed.map((f) => f.file)).toEqual(['unreadable.png']);
    expect(audited.noFace).toEqual(['faceless.png']);
    expect(audited.skipped.map((s) => s.file)).toEqual(['dangling.png']);

    // Both find the same nearest reference face for a generated face that copies the linked one.
    const generatedDir = join(dir, 'generated');
    await mkdir(generatedDir);
    await writeFaces(join(generatedDir, 'g1.png'), [{ x: 2, y: 20, width: 16, height: 16 }]);
    const generated = await embedFaceSet('generated', generatedDir, analyzerFaceEmbedder(analyzer, 'fake'));
    const onnx = new OnnxRuntime();
    try {
      const audit = await auditMemorization(onnx, generated, [audited], { threshold: { threshold: 0.999, basis: 'test' }, device: 'cpu' });
      const image = drawFaces(40, 40, [{ x: 2, y: 20, width: 16, height: 16 }]);
      const [face] = await analyzer.detect(image);
      const screened = await screen.check(image, face!);
      expect(audit.references[0]!.matches[0]).toMatchObject({ reference: 'link/linked.png', flagged: true });
      expect(screened).toMatchObject({ reference: 'refs', nearest: 'link/linked.png' });
      expect(screened!.similarity).toBeCloseTo(audit.references[0]!.matches[0]!.similarity, 5);
    } finally {
      await onnx.dispose();
    }
  });
});
