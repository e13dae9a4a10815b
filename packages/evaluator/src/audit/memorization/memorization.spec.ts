import { mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { parseCsv } from '../../report/csv.js';
import { embedFaceSet } from './embed-face-set.js';
import { readExclusionList } from './item-ids.js';
import { auditMemorization } from './memorization-audit.js';
import { writeMemorizationReport } from './memorization-report.js';
import { colourEmbedder, cosine, writeColourImage, type Rgb } from '../test-support/colour-faces.js';

const GENERATED: Record<string, Rgb> = {
  'joy/g1.png': [255, 0, 0],
  'joy/g2.png': [0, 255, 0],
  'sad/g3.png': [0, 0, 255],
  'sad/blank.png': [255, 255, 255],
};
const CELEB: Record<string, Rgb> = {
  'c1.png': [250, 20, 0],
  'c2.png': [0, 100, 100],
  'c3.png': [10, 10, 200],
};

async function writeSet(dir: string, set: Record<string, Rgb>): Promise<void> {
  for (const [file, rgb] of Object.entries(set)) await writeColourImage(join(dir, file), rgb);
}

describe('memorization audit', () => {
  const onnx = new OnnxRuntime();
  afterAll(() => onnx.dispose());
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-memorization-'));
    await writeSet(join(dir, 'gen'), GENERATED);
    await writeSet(join(dir, 'celeb'), CELEB);
    await writeFile(join(dir, 'gen', 'sad', 'broken.png'), 'not a png');
    await writeFile(join(dir, 'gen', 'notes.txt'), 'ignored');
  });

  it('embeds the largest face of each image, lists the rest, and reuses the cache by file hash', async () => {
    const cacheFile = join(dir, 'cache', 'gen.json');
    const embedder = colourEmbedder();
    const events: string[] = [];
    const first = await embedFaceSet('gen', join(dir, 'gen'), embedder, { cacheFile, onProgress: (e) => events.push(`${e.done}/${e.total} ${e.status}`) });
    expect(first.faces.map((f) => f.file)).toEqual(['joy/g1.png', 'joy/g2.png', 'sad/g3.png']);
    expect(first.noFace).toEqual(['sad/blank.png']);
    expect(first.failed).toEqual([{ file: 'sad/broken.png', reason: expect.stringContaining('broken.png') }]);
    expect(first.ignored).toEqual(['notes.txt']);
    expect(first.dim).toBe(3);
    expect(Array.from(first.embeddings.subarray(3, 6))).toEqual([0, 1, 0]);
    expect(first.cached).toBe(0);
    expect(embedder.calls).toBe(4);
    expect(events).toEqual(['1/5 ok', '2/5 ok', '3/5 ok', '4/5 failed', '5/5 ok']);

    const again = colourEmbedder();
    const second = await embedFaceSet('gen', join(dir, 'gen'), again, { cacheFile });
    expect(again.calls).toBe(0);
    expect(second.cached).toBe(4);
    expect(Array.from(second.embeddings)).toEqual(Array.from(first.embeddings));
    expect(second.noFace).toEqual(['sad/blank.png']);

    // A changed file is analysed again; the others still come from the cache.
    await writeColourImage(join(dir, 'gen', 'joy', 'g2.png'), [0, 200, 200]);
    const third = colourEmbedder();
    const changed = await embedFaceSet('gen', join(dir, 'gen'), third, { cacheFile });
    expect(third.calls).toBe(1);
    expect(changed.embeddings[4]).toBeCloseTo(Math.SQRT1_2, 6);

    // Embeddings of another model or version are never reused.
    const other = colourEmbedder('colour@2');
    const rebuilt = await embedFaceSet('gen', join(dir, 'gen'), other, { cacheFile });
    expect(other.calls).toBe(4);
    expect(rebuilt.cacheDiscarded).toMatch(/written for colour@1, not colour@2; rebuilt$/);
  });

  it('finds each generated face\'s nearest reference face and flags those at or above the threshold', async () => {
    const embedder = colourEmbedder();
    const generated = await embedFaceSet('gen', join(dir, 'gen'), embedder);
    const celeb = await embedFaceSet('celeb', join(dir, 'celeb'), embedder);
    const first = await auditMemorization(onnx, generated, [celeb], { threshold: { threshold: 0.9, basis: 'test' }, device: 'cpu' });
    // A threshold equal to g1's similarity (0.9968, below g3's 0.9975) still flags it: the rule is ">=".
    const g1 = first.references[0]!.matches[0]!.similarity;
    const audit = await auditMemorization(onnx, generated, [celeb], { threshold: { threshold: g1, basis: 'test' }, device: 'cpu' });
    const [ref] = audit.references;
    expect(ref!.matches.map((m) => [m.id, m.reference])).toEqual([
      ['g1', 'c1.png'],
      ['g2', 'c2.png'],
      ['g3', 'c3.png'],
    ]);
    expect(ref!.matches[0]!.similarity).toBeCloseTo(cosine([255, 0, 0], [250, 20, 0]), 6);
    expect(ref!.matches[1]!.similarity).toBeCloseTo(Math.SQRT1_2, 6);
    expect(ref!.matches.map((m) => m.flagged)).toEqual([true, false, true]);
    expect(first.references[0]!.matches.map((m) => m.flagged)).toEqual([true, false, true]);
    expect(audit.excluded).toEqual(['g1', 'g3']);
    expect(ref!.similarity.max).toBeCloseTo(cosine([0, 0, 255], [10, 10, 200]), 6);
    expect(ref!.similarity.mean).toBeCloseTo((cosine([255, 0, 0], [250, 20, 0]) + Math.SQRT1_2 + cosine([0, 0, 255], [10, 10, 200])) / 3, 6);
    expect(ref!.similarity.min).toBeCloseTo(Math.SQRT1_2, 6);
    // 0.7071 falls in [0.7, 0.75); 0.9968 and 0.9975 in the last bin [0.95, 1].
    expect(ref!.histogram[34]).toBe(1);
    expect(ref!.histogram[39]).toBe(2);
    expect(ref!.histogram.reduce((a, b) => a + b, 0)).toBe(3);
    // The paper's rule is strict ("exceeds"): at a threshold equal to g1's similarity, g1 is not flagged.
    const strict = await auditMemorization(onnx, generated, [celeb], { threshold: { threshold: g1, basis: 'test', strict: true }, device: 'cpu' });
    expect(strict.references[0]!.matches.map((m) => m.flagged)).toEqual([false, false, true]);
    // Each face's nearest reference is its only one above g1 (g3) or none: no second exceedance, so
    // the chance estimate is 0, bounded above.
    expect(audit.references[0]!.chance).toMatchObject({ faces: 3, references: 3, pairs: 6, exceedances: 0, expected: 0 });
    expect(audit.references[0]!.chance.expectedUpper95).toBeGreaterThan(0);
  });

  it('writes nn.jsonl, nn.csv, histogram.json, exclusion.txt, summary.json and a self-contained page', async () => {
    await symlink(join(dir, 'nowhere.png'), join(dir, 'celeb', 'gone.png'));
    const embedder = colourEmbedder();
    const generated = await embedFaceSet('gen', join(dir, 'gen'), embedder);
    const celeb = await embedFaceSet('celeb', join(dir, 'celeb'), embedder);
    const audit = await auditMemorization(onnx, generated, [celeb], { threshold: { threshold: 0.99, basis: 'test' }, device: 'cpu' });
    const files = await writeMemorizationReport(join(dir, 'out'), audit);

    const csv = parseCsv(await readFile(files.nnCsv, 'utf8'));
    expect(csv[0]).toEqual(['id', 'generated', 'reference_set', 'reference', 'similarity', 'flagged']);
    expect(csv.slice(1).map((row) => [row[0], row[3], row[5]])).toEqual([
      ['g1', 'c1.png', '1'],
      ['g2', 'c2.png', '0'],
      ['g3', 'c3.png', '1'],
    ]);
    const jsonl = (await readFile(files.nnJsonl, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(jsonl[1]).toEqual({ id: 'g2', generated: 'joy/g2.png', referenceSet: 'celeb', reference: 'c2.png', similarity: 0.707107, flagged: false });
    expect(await readFile(files.exclusion, 'utf8')).toBe('g1\ng3\n');
    expect([...(await readExclusionList(files.exclusion))]).toEqual(['g1', 'g3']);

    const histogram = JSON.parse(await readFile(files.histogram, 'utf8'));
    expect(histogram.edges).toHaveLength(41);
    expect(histogram.sets[0].counts.reduce((a: number, b: number) => a + b, 0)).toBe(3);
    const summary = JSON.parse(await readFile(files.summary, 'utf8'));
    expect(summary.threshold).toEqual({ value: 0.99, basis: 'test', rule: 'flagged when cosine similarity >= value' });
    expect(summary.generated).toMatchObject({ faces: 3, noFace: ['sad/blank.png'], ignored: 1, skipped: [{ file: 'notes.txt', reason: expect.stringContaining('not an image') }] });
    expect(summary.references[0]).toMatchObject({ name: 'celeb', faces: 3, flagged: 2, chance: { faces: 3, references: 3, exceedances: 0 } });
    expect(summary.references[0].skipped).toEqual([{ file: 'gone.png', reason: 'broken symbolic link (its target does not exist)' }]);
    expect(summary.flaggedFaces).toBe(2);

    const html = await readFile(files.html, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('<th>expected by chance</th>');
    expect(html).toContain('1 reference files not used');
    expect(html).toContain('gone.png (broken symbolic link (its target does not exist))');
    expect(html).toContain('cosine <i>similarity</i> exceeds 0.68');
    // Two flagged pairs and one closest pair below the threshold: six thumbnails, all inline.
    expect(html.match(/<img src="data:image\/jpeg;base64,/g)).toHaveLength(6);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('refuses sets with no face or embeddings of different sizes', async () => {
    const embedder = colourEmbedder();
    const generated = await embedFaceSet('gen', join(dir, 'gen'), embedder);
    await writeColourImage(join(dir, 'empty', 'white.png'), [255, 255, 255]);
    const empty = await embedFaceSet('empty', join(dir, 'empty'), embedder);
    await expect(auditMemorization(onnx, generated, [empty], { threshold: { threshold: 0.5, basis: 'test' } })).rejects.toThrow(
      `memorization audit: no face found in set 'empty' (${join(dir, 'empty')})`,
    );
    await expect(auditMemorization(onnx, generated, [], { threshold: { threshold: 0.5, basis: 'test' } })).rejects.toThrow('no reference set given');
  });
});
