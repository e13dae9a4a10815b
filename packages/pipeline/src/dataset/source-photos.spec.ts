import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelsFromCsvText, labelsFromJsonlText } from '@geneava/core/dataset-format';
import { listSourcePhotos } from './source-photos.js';

async function folder(files: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-source-'));
  for (const file of files) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), 'x');
  }
  return dir;
}

describe('source labels', () => {
  it('reads CSV with aliases, quotes and empty cells', () => {
    const rows = labelsFromCsvText('id,file,Expression,gender,race,age_group,notes\r\nann,"a,1.jpg",joy,female,,20s,"said ""hi"""\nben,,anger,,,,\n', 'labels.csv');
    expect(rows).toEqual([
      { id: 'ann', file: 'a,1.jpg', labels: { expression: 'joy', gender: 'female', ageGroup: '20s' }, where: 'labels.csv: row 2' },
      { id: 'ben', labels: { expression: 'anger' }, where: 'labels.csv: row 3' },
    ]);
  });

  it('reads JSON Lines and names bad lines', () => {
    expect(labelsFromJsonlText('{"file":"x/y.png","ageGroup":"30s","seed":3}\n\n', 'l.jsonl')).toEqual([{ file: 'x/y.png', labels: { ageGroup: '30s' }, where: 'l.jsonl: line 1' }]);
    expect(() => labelsFromJsonlText('{"id":"a"}\n{"id":', 'l.jsonl')).toThrow(/^l\.jsonl: line 2: not valid JSON/);
    expect(() => labelsFromJsonlText('{"expression":"joy"}', 'l.jsonl')).toThrow('l.jsonl: line 1: neither an id nor a file, so it cannot be matched to a photo');
    expect(() => labelsFromCsvText('name,expression\nx,joy\n', 'l.csv')).toThrow('l.csv: the header has neither an "id" nor a "file" column (name, expression)');
  });
});

describe('listSourcePhotos', () => {
  it('takes the expression from the folder, ids from file names, and skips other and hidden files', async () => {
    const dir = await folder(['joy/ann.jpg', 'anger/ben smith.PNG', 'top.webp', 'notes.txt', '.hidden/x.jpg', 'joy/.y.jpg']);
    expect(await listSourcePhotos(dir)).toEqual([
      { id: 'ben_smith', file: 'anger/ben smith.PNG', labels: { expression: 'anger' } },
      { id: 'ann', file: 'joy/ann.jpg', labels: { expression: 'joy' } },
      { id: 'top', file: 'top.webp', labels: {} },
    ]);
  });

  it('lets a labels file override folder labels and ids, matched by file or by id', async () => {
    const dir = await folder(['joy/ann.jpg', 'sad/ben.png', 'cat.png']);
    const labels = labelsFromCsvText('id,file,expression,gender\nA1,joy/ann.jpg,delight,female\nben,,,male\n', 'l.csv');
    expect(await listSourcePhotos(dir, { labels })).toEqual([
      { id: 'cat', file: 'cat.png', labels: {} },
      { id: 'A1', file: 'joy/ann.jpg', labels: { expression: 'delight', gender: 'female' } },
      { id: 'ben', file: 'sad/ben.png', labels: { expression: 'sad', gender: 'male' } },
    ]);
  });

  it('names every mismatch', async () => {
    const dir = await folder(['joy/ann.jpg', 'sad/ann.png']);
    await expect(listSourcePhotos(dir)).rejects.toThrow(/joy\/ann\.jpg and sad\/ann\.png would both be item "ann"/);
    const rows = (csv: string) => labelsFromCsvText(csv, 'l.csv');
    await expect(listSourcePhotos(dir, { labels: rows('id,file\nx,joy/missing.jpg\n') })).rejects.toThrow('l.csv: row 2: file "joy/missing.jpg" is not in');
    await expect(listSourcePhotos(dir, { labels: rows('id\nann\n') })).rejects.toThrow('l.csv: row 2: id "ann" matches joy/ann.jpg and sad/ann.png; add a "file" column');
    await expect(listSourcePhotos(dir, { labels: rows('id,file\na b,joy/ann.jpg\n') })).rejects.toThrow(/id "a b" must be letters, digits/);
    await expect(listSourcePhotos(dir, { labels: rows('id,file,expression\nx,joy/ann.jpg,big/joy\ny,sad/ann.png,\n') })).rejects.toThrow(/expression "big\/joy" cannot name a folder/);
  });
});
