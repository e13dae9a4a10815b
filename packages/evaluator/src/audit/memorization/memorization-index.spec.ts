import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { colourEmbedder, cosine, unit, writeColourImage } from '../test-support/colour-faces.js';
import { embedFaceSet } from './embed-face-set.js';
import { loadMemorizationIndex, MemorizationIndex } from './memorization-index.js';
import { readReferenceEmbeddings } from './reference-embeddings-file.js';
import { referenceSetOf, referenceSetOfFaces } from './reference-set.js';

describe('memorization index', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-memorization-index-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('finds the nearest reference by cosine over every set, whatever the vector lengths', () => {
    // query (1, 1); set a: (0, 2) cos 1/sqrt2, (3, 0.3) cos 3.3/(sqrt2*sqrt(9.09)); set b: (-1, -1) cos -1
    const a = referenceSetOf('a', 'm', [{ id: 'up', embedding: [0, 2] }, { id: 'right', embedding: [3, 0.3] }]);
    const b = referenceSetOf('b', 'm', [{ id: 'down', embedding: [-1, -1] }]);
    const index = new MemorizationIndex('m', [b, a]);
    const best = index.nearest(Float32Array.from([1, 1]))!;
    expect(best).toMatchObject({ model: 'm', reference: 'a', nearest: 'right' });
    expect(best.similarity).toBeCloseTo(3.3 / (Math.SQRT2 * Math.sqrt(9.09)), 6);
    expect(index.size).toBe(3);
    expect(new MemorizationIndex('m', []).nearest([1, 1])).toBeUndefined();
    expect(() => index.nearest([1, 1, 1])).toThrow("reference set b: embeddings have 2 values, the face's m embedding has 3");
    expect(() => referenceSetOf('c', 'm', [{ id: 'x', embedding: [1, 2] }, { id: 'y', embedding: [1] }])).toThrow('reference set c: "y" has 1 values, the first face has 2');
    expect(() => new MemorizationIndex('other', [a])).toThrow('reference set a holds m embeddings, the index compares other');
    expect(() => new MemorizationIndex('m', [a, a])).toThrow('two reference sets are named a');
    // The fingerprint follows the content: other values under the same ids give another one.
    const moved = referenceSetOf('a', 'm', [{ id: 'up', embedding: [0, 2] }, { id: 'right', embedding: [3, 0.4] }]);
    expect(new MemorizationIndex('m', [b, moved]).fingerprint).not.toBe(index.fingerprint);
    expect(new MemorizationIndex('m', [b, a]).fingerprint).toBe(index.fingerprint);
  });

  it('reads a folder as the audit does: links followed, left-out files reported, cached by file hash', async () => {
    const refs = join(dir, 'celeb');
    await writeColourImage(join(refs, 'red.png'), [250, 20, 0]);
    await writeColourImage(join(refs, 'white.png'), [255, 255, 255]);
    await writeFile(join(refs, 'broken.jpg'), 'not a jpeg');
    await writeFile(join(refs, 'notes.txt'), 'a note');
    await writeColourImage(join(dir, 'elsewhere', 'blue.png'), [10, 10, 200]);
    await symlink(join(dir, 'elsewhere'), join(refs, 'linked'));
    await symlink(join(dir, 'missing.png'), join(refs, 'gone.png'));
    const cacheDir = join(dir, 'cache');
    const embedder = colourEmbedder();
    const index = await loadMemorizationIndex([refs], { embedder, cacheDir });

    const audit = await embedFaceSet('celeb', refs, colourEmbedder());
    expect(index.sets[0]!.ids).toEqual(audit.faces.map((face) => face.file));
    expect(index.sets[0]!.ids).toEqual(['linked/blue.png', 'red.png']);
    expect(index.problems.map(({ file, kind }) => [file, kind])).toEqual([
      ['broken.jpg', 'unreadable'],
      ['gone.png', 'not an image'],
      ['notes.txt', 'not an image'],
      ['white.png', 'no face'],
    ]);
    expect(index.problems.find((p) => p.file === 'gone.png')!.reason).toContain('broken symbolic link');
    expect(index.nearest(unit([255, 0, 0]))).toMatchObject({ reference: 'celeb', nearest: 'red.png' });
    expect(index.nearest(unit([255, 0, 0]))!.similarity).toBeCloseTo(cosine([255, 0, 0], [250, 20, 0]), 6);

    // Again: nothing analysed, the same fingerprint. A changed member changes it.
    const again = colourEmbedder();
    const reloaded = await loadMemorizationIndex([refs], { embedder: again, cacheDir });
    expect(again.calls).toBe(0);
    expect(reloaded.fingerprint).toBe(index.fingerprint);
    await writeColourImage(join(refs, 'red.png'), [240, 30, 0]);
    expect((await loadMemorizationIndex([refs], { embedder: colourEmbedder(), cacheDir })).fingerprint).not.toBe(index.fingerprint);
    // Another embedder (model version) gives another fingerprint for the same files.
    expect((await loadMemorizationIndex([refs], { embedder: colourEmbedder('colour@2') })).fingerprint).not.toBe(reloaded.fingerprint);
    // The content is the members' file hashes: a faceless file that changes does not change the set.
    const before = referenceSetOfFaces(await embedFaceSet('celeb', refs, colourEmbedder()), 'colour@1').content;
    await writeColourImage(join(refs, 'white.png'), [255, 255, 255], 40);
    expect(referenceSetOfFaces(await embedFaceSet('celeb', refs, colourEmbedder()), 'colour@1').content).toBe(before);
  });

  it('takes .jsonl sets beside folders, and names sets uniquely', async () => {
    await writeColourImage(join(dir, 'a', 'celeb', 'red.png'), [255, 0, 0]);
    await writeColourImage(join(dir, 'b', 'celeb', 'green.png'), [0, 255, 0]);
    const file = join(dir, 'extra.jsonl');
    await writeFile(file, '{"id":"blue","embedding":[0,0,3]}\n{"id":"cyan","embedding":[0,1,1],"model":"colour"}\n');
    const index = await loadMemorizationIndex([join(dir, 'a', 'celeb'), join(dir, 'b', 'celeb'), file], { embedder: colourEmbedder() });
    expect(index.sets.map((set) => [set.name, set.ids])).toEqual([
      ['celeb', ['red.png']],
      ['celeb-2', ['green.png']],
      ['extra', ['blue', 'cyan']],
    ]);
    expect(index.nearest([0, 0.1, 1])).toMatchObject({ reference: 'extra', nearest: 'blue' });
    expect(index.nearest([0, 1, 0.1])).toMatchObject({ reference: 'celeb-2', nearest: 'green.png' });

    await writeFile(file, '{"id":"x","embedding":[1,2],"model":"arcface"}\n');
    await expect(readReferenceEmbeddings(file, 'colour')).rejects.toThrow(/extra\.jsonl:1: a arcface embedding, the screen compares colour/);
    await writeFile(file, '{"id":"x"}\n');
    await expect(readReferenceEmbeddings(file, 'colour')).rejects.toThrow(/extra\.jsonl:1: expected \{"id": string, "embedding": \[numbers\]\}/);
    await expect(readReferenceEmbeddings(join(dir, 'none.jsonl'), 'colour')).rejects.toThrow(/none\.jsonl: cannot read the reference set \(ENOENT\)/);
    await expect(loadMemorizationIndex([join(dir, 'nowhere')], { embedder: colourEmbedder() })).rejects.toThrow(/nowhere: folder not found/);
  });
});
