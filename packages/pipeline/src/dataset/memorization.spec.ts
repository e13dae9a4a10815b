import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorizationScreen, nearestReference, referenceSet } from './memorization.js';
import { embedReferenceFolder, readReferenceEmbeddings } from './reference-sets.js';
import { encodeImage } from '@geneava/core/image';
import { mkdir, readdir } from 'node:fs/promises';
import { drawFaces, FakeAnalyzer } from './test-support/fakes.js';

describe('memorization screen', () => {
  it('finds the nearest reference by cosine over every set, whatever the vector lengths', () => {
    // query (1, 1); set a: (0, 2) cos 1/sqrt2, (3, 0.3) cos 3.3/(sqrt2*sqrt(9.09)); set b: (-1, -1) cos -1
    const a = referenceSet('a', 'm', [{ id: 'up', embedding: [0, 2] }, { id: 'right', embedding: [3, 0.3] }]);
    const b = referenceSet('b', 'm', [{ id: 'down', embedding: [-1, -1] }]);
    const best = nearestReference(Float32Array.from([1, 1]), [b, a])!;
    expect(best).toMatchObject({ model: 'm', reference: 'a', nearest: 'right' });
    expect(best.similarity).toBeCloseTo(3.3 / (Math.SQRT2 * Math.sqrt(9.09)), 6);
    expect(nearestReference(Float32Array.from([1, 1]), [])).toBeUndefined();
    expect(() => nearestReference(Float32Array.from([1, 1, 1]), [a])).toThrow('reference set a: embeddings have 2 values, the face\'s m embedding has 3');
    expect(() => referenceSet('c', 'm', [{ id: 'x', embedding: [1, 2] }, { id: 'y', embedding: [1] }])).toThrow('reference set c: "y" has 1 values, the first face has 2');
  });

  it('screens a face through the analyzer and reads .jsonl sets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-refs-'));
    const file = join(dir, 'celeb.jsonl');
    // The fake analyzer's embedding of a 10x10 face at (5, 5) is (6, 6, 10, 10).
    await writeFile(file, '{"id":"same","embedding":[6,6,10,10]}\n{"id":"other","embedding":[0,0,0,1],"model":"fake"}\n');
    const set = await readReferenceEmbeddings(file, 'fake');
    expect(set).toMatchObject({ name: 'celeb', ids: ['same', 'other'], dim: 4 });
    const analyzer = new FakeAnalyzer();
    const image = drawFaces(30, 30, [{ x: 5, y: 5, width: 10, height: 10 }]);
    const [face] = await analyzer.detect(image);
    const result = await createMemorizationScreen(analyzer, 'fake', [set]).check(image, face!);
    expect(result).toMatchObject({ reference: 'celeb', nearest: 'same' });
    expect(result!.similarity).toBeCloseTo(1, 6);
    await expect(createMemorizationScreen(analyzer, 'arcface', []).check(image, face!)).rejects.toThrow('face analyzer fake-analyzer gives no "arcface" identity embedding (it gives: fake)');
    await writeFile(file, '{"id":"x","embedding":[1,2],"model":"arcface"}\n');
    await expect(readReferenceEmbeddings(file, 'fake')).rejects.toThrow(/celeb\.jsonl:1: a arcface embedding, the screen compares fake/);
  });

  it('embeds a folder of reference faces once (largest face per image) and reuses the cache', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-ref-folder-'));
    const refs = join(dir, 'celeba');
    await mkdir(refs);
    await writeFile(join(refs, 'one.png'), await encodeImage(drawFaces(40, 40, [{ x: 2, y: 2, width: 5, height: 5 }, { x: 10, y: 10, width: 20, height: 20 }]), 'png'));
    await writeFile(join(refs, 'none.png'), await encodeImage(drawFaces(40, 40, []), 'png'));
    await writeFile(join(refs, 'broken.jpg'), 'not a jpeg');
    const analyzer = new FakeAnalyzer();
    const cacheDir = join(dir, 'cache');
    const set = await embedReferenceFolder(refs, { analyzer, model: 'fake', cacheDir });
    expect(set.ids).toEqual(['one.png']);
    expect(Array.from(set.embeddings)).toEqual(Array.from(referenceSet('x', 'fake', [{ id: 'one.png', embedding: [11, 11, 20, 20] }]).embeddings));
    expect(await readdir(cacheDir)).toEqual([expect.stringMatching(/^celeba-fake-[0-9a-f]{16}\.jsonl$/)]);
    const detections = analyzer.detections;
    const again = await embedReferenceFolder(refs, { analyzer, model: 'fake', cacheDir });
    expect(analyzer.detections).toBe(detections);
    expect(again).toMatchObject({ name: 'celeba', ids: ['one.png'], dim: 4 });
  });
});
