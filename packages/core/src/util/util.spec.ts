import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { closestMatch, editDistance } from './closest-match.js';
import { readJsonl, writeJsonlAtomic } from './jsonl.js';

describe('writeFileAtomic', () => {
  it('creates folders, replaces the target and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-atomic-'));
    const target = join(dir, 'a', 'b', 'out.txt');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['out.txt']);
  });

  it('keeps the old file when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-atomic-'));
    const target = join(dir, 'out.txt');
    await writeFile(target, 'old');
    // A string with a lone surrogate is fine; an invalid data type makes writeFile throw before rename.
    await expect(writeFileAtomic(target, 42 as unknown as string)).rejects.toThrow();
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.txt']);
  });
});

describe('jsonl', () => {
  it('round-trips records and names the bad line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-jsonl-'));
    const file = join(dir, 'x.jsonl');
    await writeJsonlAtomic(file, [{ a: 1 }, { b: 'two' }]);
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"b":"two"}\n');
    expect(await readJsonl(file)).toEqual([{ a: 1 }, { b: 'two' }]);
    await writeFile(file, '{"a":1}\n{oops\n');
    await expect(readJsonl(file)).rejects.toThrow(`${file}:2: not valid JSON`);
  });
});

describe('closestMatch', () => {
  it('suggests plausible typos only', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('plna', 'plan')).toBe(1);
    expect(closestMatch('plugns', ['plugins', 'plan', 'device'])).toBe('plugins');
    expect(closestMatch('zzz', ['plugins', 'plan'])).toBeUndefined();
  });
});
