import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from './atomic-write.js';

/** Serialises records as JSON Lines (one object per line, trailing newline). */
export function toJsonl(records: Iterable<unknown>): string {
  let out = '';
  for (const record of records) out += `${JSON.stringify(record)}\n`;
  return out;
}

export async function writeJsonlAtomic(path: string, records: Iterable<unknown>): Promise<void> {
  await writeFileAtomic(path, toJsonl(records));
}

/** Parses JSON Lines; a bad line is reported with its file and line number. Blank lines are skipped. */
export async function readJsonl<T = unknown>(path: string): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  const records: T[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line) as T);
    } catch (error) {
      throw new Error(`${path}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
  });
  return records;
}
