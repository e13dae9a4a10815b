import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelsForPair, LabelsFileError, labelsFromCsv, labelsFromJsonl, loadLabels } from './labels.js';

describe('labels', () => {
  it('reads a CSV with an id column, known label columns in any case, quoted values, ignoring others', () => {
    const labels = labelsFromCsv('ID,Expression,age_group,race,prompt\n1,joy,teen,"east asian","a, b"\n2,,adult,,\n', 'l.csv');
    expect([...labels]).toEqual([
      ['1', { expression: 'joy', ageGroup: 'teen', race: 'east asian' }],
      ['2', { ageGroup: 'adult' }],
    ]);
  });

  it('reads JSON Lines, turning numbers into strings', () => {
    const labels = labelsFromJsonl('{"id":"a","gender":"female","ageGroup":30}\n\n{"id":7,"expression":"sad","note":[1]}\n', 'l.jsonl');
    expect([...labels]).toEqual([
      ['a', { gender: 'female', ageGroup: '30' }],
      ['7', { expression: 'sad' }],
    ]);
  });

  it('names the file and row of every problem', () => {
    expect(() => labelsFromCsv('name,expression\nx,joy\n', 'l.csv')).toThrow(LabelsFileError);
    expect(() => labelsFromCsv('name,expression\nx,joy\n', 'l.csv')).toThrow('l.csv: the header has neither an "id" nor a "file" column (name, expression)');
    expect(() => labelsFromCsv('id,expression\nx,joy\nx,sad\n', 'l.csv')).toThrow('l.csv: row 3: id "x" appears twice');
    expect(() => labelsFromCsv('id,expression\n,joy\n', 'l.csv')).toThrow('l.csv: row 2: neither an id nor a file, so it cannot be matched to a photo');
    expect(() => labelsFromCsv('', 'l.csv')).toThrow('l.csv: empty, expected a header row');
    expect(() => labelsFromJsonl('{"id":"a"}\n{bad\n', 'l.jsonl')).toThrow(/^l\.jsonl: line 2: not valid JSON/);
    expect(() => labelsFromJsonl('[1]\n', 'l.jsonl')).toThrow('l.jsonl: line 1: expected a JSON object');
    expect(() => labelsFromJsonl('{"id":"a","race":{"x":1}}\n', 'l.jsonl')).toThrow('l.jsonl: line 1: "race" must be a string or a number');
  });

  it('loads by extension and explains a missing file or an unknown format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-labels-'));
    await writeFile(join(dir, 'l.csv'), 'id,gender\nq,male\n');
    expect((await loadLabels(join(dir, 'l.csv'))).get('q')).toEqual({ gender: 'male' });
    await expect(loadLabels(join(dir, 'none.csv'))).rejects.toThrow(`${join(dir, 'none.csv')}: labels file not found`);
    await writeFile(join(dir, 'l.txt'), 'id\n');
    await expect(loadLabels(join(dir, 'l.txt'))).rejects.toThrow(`${join(dir, 'l.txt')}: a labels file must be .csv or .jsonl`);
    await expect(loadLabels(join(dir, 'l.txt'))).rejects.toBeInstanceOf(LabelsFileError);
  });

  it('files a row that names only a photo under its path without extension, and an id over a file', () => {
    const labels = labelsFromCsv('id,file,expression\n,joy\\ann.jpg,delight\nben,x/ben.png,anger\n,cy.webp,\n', 'l.csv');
    expect([...labels]).toEqual([
      ['joy/ann', { expression: 'delight' }],
      ['ben', { expression: 'anger' }],
      ['cy', {}],
    ]);
    expect(labelsForPair({ id: 'joy/ann', real: 'joy/ann.jpg', avatar: 'ann.png' }, labels)).toEqual({ expression: 'delight' });
    expect(labelsFromJsonl('{"path":"a/b.c/d.jpg","race":"white"}\n', 'l.jsonl').get('a/b.c/d')).toEqual({ race: 'white' });
    expect(() => labelsFromCsv('id,file\nq,\n,q.jpg\n', 'l.csv')).toThrow('l.csv: row 3: id "q" appears twice');
  });

  it('finds a pair by its path or file name, and takes the expression from the folder unless the file gives one', () => {
    const labels = labelsFromCsv('id,expression,gender\njoy/1,,female\n2.jpg,anger,male\n', 'l.csv');
    expect(labelsForPair({ id: 'joy/1', real: 'joy/1.jpg', avatar: '1.png' }, labels)).toEqual({ expression: 'joy', gender: 'female' });
    expect(labelsForPair({ id: 'joy/2', real: 'joy/2.jpg', avatar: '2.png' }, labels)).toEqual({ expression: 'anger', gender: 'male' });
    expect(labelsForPair({ id: 'sad/deep/3', real: 'sad/deep/3.jpg', avatar: '3.png' }, undefined)).toEqual({ expression: 'deep' });
    expect(labelsForPair({ id: '4', real: '4.jpg', avatar: '4.png' }, labels)).toEqual({});
  });
});
