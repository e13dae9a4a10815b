import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { patternImage, tempDir, writeRunDataset } from '../test/fixtures.js';
import { addRaters } from './add-raters.js';
import { createStudy } from './create-study.js';
import { loadStudyFolder } from './study-folder.js';
import { writeImageAtomic } from '@geneava/core/image';

describe('createStudy', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    temp = await tempDir('create');
  });
  afterEach(() => temp.remove());

  it('writes a study from a run dataset: tasks with one attention check each, stylizer names only in key.json', async () => {
    const from = join(temp.path, 'dataset');
    await writeRunDataset(from, { expressions: ['glee', 'rage', 'grief'], perExpression: 4, stylizers: ['classic', 'anime'] });
    const out = join(temp.path, 'study');
    const created = await createStudy({ from, out, pairsPerTask: 5, ratersPerTask: 2, raters: 3, pairsPerCell: 3, seed: 7, strengthQuestion: true });
    // 3 expressions x 2 stylizers x 3 pairs = 18 rated pairs, 4 per task -> 5 tasks (the last has 2).
    expect(created.tasks).toBe(5);
    expect(created.pairs).toBe(18 + 5);
    expect(created.raters).toHaveLength(3);
    const folder = await loadStudyFolder(out);
    expect(folder.study.questions).toEqual(['identity', 'expression', 'cartoon']);
    for (const task of folder.study.tasks) {
      const kinds = task.pairs.map((pair) => folder.key.pairs[pair]!.kind);
      expect(kinds.filter((kind) => kind === 'attention')).toHaveLength(1);
    }
    expect(Object.values(folder.key.stylizers).sort()).toEqual(['anime', 'classic']);
    const studyText = await readFile(join(out, 'study.json'), 'utf8');
    for (const secret of ['classic', 'anime', 'glee', 'rage', 'grief', 'mobileface']) expect(studyText).not.toContain(secret);
    // Every image the study names was copied, under an opaque name.
    const images = new Set(await readdir(join(out, 'images')));
    for (const pair of folder.study.pairs) {
      expect(images.has(pair.real)).toBe(true);
      expect(images.has(pair.avatar)).toBe(true);
    }
    const rated = Object.values(folder.key.pairs).filter((pair) => pair.kind === 'rated');
    expect(rated.every((pair) => pair.kind === 'rated' && pair.metrics['identity.cosine[mobileface]'] !== undefined)).toBe(true);
  });

  it('the same seed gives the same tasks and pairs', async () => {
    const from = join(temp.path, 'dataset');
    await writeRunDataset(from, { expressions: ['glee', 'rage'], perExpression: 5, stylizers: ['a', 'b'] });
    const plan = async (out: string) => {
      await createStudy({ from, out: join(temp.path, out), pairsPerTask: 4, ratersPerTask: 1, pairsPerCell: 3, seed: 11 });
      const folder = await loadStudyFolder(join(temp.path, out));
      return folder.study.tasks.map((task) => task.pairs.map((pair) => {
        const key = folder.key.pairs[pair]!;
        return `${key.kind}:${key.item}:${folder.key.stylizers[key.stylizer]}`;
      }));
    };
    expect(await plan('one')).toEqual(await plan('two'));
  });

  it('refuses a folder that is not empty, and a source with no pairs', async () => {
    const from = join(temp.path, 'dataset');
    await writeRunDataset(from, { expressions: ['glee'], perExpression: 2, stylizers: ['a'] });
    const out = join(temp.path, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'x');
    await expect(createStudy({ from, out })).rejects.toThrow(/not empty/);
    await expect(createStudy({ from: join(temp.path, 'nothing'), out: join(temp.path, 'fresh') })).rejects.toThrow(/neither a run dataset/);
    await expect(createStudy({ from, out: join(temp.path, 'fresh'), pairsPerTask: 1 })).rejects.toThrow(/pairs per task must be a whole number, 2 or more/);
  });

  it('names the line of a broken metadata.jsonl', async () => {
    const from = join(temp.path, 'dataset');
    await mkdir(from);
    await writeFile(join(from, 'metadata.jsonl'), '{"id":"a","avatars":{}}\n{"id":3}\n');
    await expect(createStudy({ from, out: join(temp.path, 'study') })).rejects.toThrow(/metadata\.jsonl: line 2: id: /);
  });

  it('reads a compare folder: avatars/<stylizer>/<id>.png beside the photos of context.Input', async () => {
    const photos = join(temp.path, 'photos');
    const compare = join(temp.path, 'compare');
    const ids = ['glee/anna', 'glee/ben', 'rage/cleo', 'rage/dan'];
    for (const [index, id] of ids.entries()) {
      await writeImageAtomic(join(photos, `${id}.jpg`), patternImage(index));
      // Folders as compare names them: "anime v2" goes to avatars/anime_v2.
      for (const folder of ['classic', 'anime_v2']) await writeImageAtomic(join(compare, 'avatars', folder, `${id}.png`), patternImage(50 + index));
    }
    await writeFile(join(compare, 'comparison.json'), JSON.stringify({ stylizers: [{ name: 'classic' }, { name: 'anime v2' }], context: { Input: photos } }));
    const out = join(temp.path, 'study');
    const created = await createStudy({ from: compare, out, pairsPerTask: 3, ratersPerTask: 1, pairsPerCell: 2 });
    expect(created.stylizers).toEqual(['classic', 'anime v2']);
    const folder = await loadStudyFolder(out);
    const rated = Object.values(folder.key.pairs).filter((pair) => pair.kind === 'rated');
    expect(rated).toHaveLength(8);
    expect(rated.every((pair) => pair.kind === 'rated' && ['joy', 'anger'].includes(pair.labels['family']!))).toBe(true);
    expect(folder.study.pairs.every((pair) => pair.real.endsWith('.jpg') && pair.avatar.endsWith('.png'))).toBe(true);
  });

  it('adds rater links with new ids and tokens', async () => {
    const from = join(temp.path, 'dataset');
    await writeRunDataset(from, { expressions: ['glee'], perExpression: 3, stylizers: ['a'] });
    const out = join(temp.path, 'study');
    const created = await createStudy({ from, out, ratersPerTask: 2 });
    const added = await addRaters(out, 2);
    expect(added.map((rater) => rater.id)).toEqual(['r003', 'r004']);
    const folder = await loadStudyFolder(out);
    expect(folder.raters.raters.map((rater) => rater.token)).toEqual([...created.raters, ...added].map((rater) => rater.token));
    expect(new Set(folder.raters.raters.map((rater) => rater.token)).size).toBe(4);
  });
});
