import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { RunJournal } from './journal.js';

const made: string[] = [];

async function journalPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'geneava-journal-'));
  made.push(dir);
  return join(dir, 'state', 'journal.jsonl');
}

afterAll(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('RunJournal', () => {
  it('records transitions and replays the latest per item and stage', async () => {
    const path = await journalPath();
    const { journal } = await RunJournal.open(path);
    await journal.record({ id: 'a', stage: 'generate', status: 'failed', data: { reason: 'NaN' } });
    await journal.record({ id: 'a', stage: 'generate', status: 'done', data: { file: 'images/joy/a.png' } });
    await journal.record({ id: 'b', stage: 'generate', status: 'done' });
    await journal.close();

    const { journal: again, replay } = await RunJournal.open(path);
    expect(replay).toEqual({ entries: 3, truncatedTail: false, healedTail: false });
    expect(again.isDone('a', 'generate')).toBe(true);
    expect(again.get('a', 'generate')?.data).toEqual({ file: 'images/joy/a.png' });
    expect(again.isDone('a', 'stylize:classic')).toBe(false);
    expect(again.stagesOf('b').map((e) => e.stage)).toEqual(['generate']);
    await again.close();
  });

  it('drops a last line torn by a crash and keeps appending cleanly', async () => {
    const path = await journalPath();
    const { journal } = await RunJournal.open(path);
    await journal.record({ id: 'a', stage: 'generate', status: 'done' });
    await journal.close();
    await appendFile(path, '{"id":"b","stage":"gene');

    const { journal: again, replay } = await RunJournal.open(path);
    expect(replay).toEqual({ entries: 1, truncatedTail: true, healedTail: false });
    expect(again.isDone('b', 'generate')).toBe(false);
    await again.record({ id: 'b', stage: 'generate', status: 'done' });
    await again.close();
    const lines = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => `${l.id}/${l.stage}/${l.status}`)).toEqual(['a/generate/done', 'b/generate/done']);
  });

  it('heals a whole last entry that lost its newline, and every later run reads the folder', async () => {
    const path = await journalPath();
    const { journal } = await RunJournal.open(path);
    await journal.record({ id: 'a', stage: 'generate', status: 'done' });
    await journal.close();
    // A power cut or a full disk can leave the last entry without its newline.
    await appendFile(path, '{"id":"b","stage":"generate","status":"done","at":1}');

    const { journal: second, replay } = await RunJournal.open(path);
    expect(replay).toEqual({ entries: 2, truncatedTail: false, healedTail: true });
    expect(second.isDone('b', 'generate')).toBe(true);
    await second.record({ id: 'c', stage: 'generate', status: 'done' });
    await second.close();

    const { journal: third, replay: again } = await RunJournal.open(path);
    expect(again).toEqual({ entries: 3, truncatedTail: false, healedTail: false });
    expect(['a', 'b', 'c'].map((id) => third.isDone(id, 'generate'))).toEqual([true, true, true]);
    await third.close();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });

  it('drops a torn last line that happens to be valid JSON but not a whole entry', async () => {
    const path = await journalPath();
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, '{"id":"a","stage":"generate","status":"done","at":1}\n{"id":"b"}');
    const { journal, replay } = await RunJournal.open(path);
    expect(replay).toEqual({ entries: 1, truncatedTail: true, healedTail: false });
    await journal.close();
    expect(await readFile(path, 'utf8')).toBe('{"id":"a","stage":"generate","status":"done","at":1}\n');
  });

  it('refuses a file damaged in the middle', async () => {
    const path = await journalPath();
    const { journal } = await RunJournal.open(path);
    await journal.record({ id: 'a', stage: 'generate', status: 'done' });
    await journal.close();
    await appendFile(path, 'garbage\n{"id":"c","stage":"x","status":"done","at":1}\n');
    await expect(RunJournal.open(path)).rejects.toThrow(/journal\.jsonl:2: not a journal entry/);
  });

  it('appends without waiting for the disk, and syncs on demand and at close', async () => {
    const path = await journalPath();
    const { journal } = await RunJournal.open(path);
    await journal.append({ id: 'a', stage: 'image', status: 'done', data: { file: 'images/joy/a.png' } });
    // The line is in the file for any reader (and a killed process keeps it) before any sync.
    expect((await readFile(path, 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(journal.isDone('a', 'image')).toBe(true);
    await journal.sync();
    await journal.append({ id: 'a', stage: 'faces', status: 'failed', data: { reason: 'x' } });
    await journal.close();
    await expect(journal.append({ id: 'b', stage: 'image', status: 'done' })).rejects.toThrow(/journal is closed/);
    const { journal: again } = await RunJournal.open(path);
    expect(again.get('a', 'faces')?.status).toBe('failed');
    await again.close();
  });
});
