/**
 * Reads scheduler/scheduler_config.json as diffusers writes it. diffusers saves configs with Python's
 * json module, which spells special floats as bare Infinity / -Infinity / NaN (a DPM-Solver config holds
 * "lambda_min_clipped": -Infinity), so plain JSON.parse rejects a file diffusers itself reads back. Every
 * reader of this file (the folder check, the pipeline settings, loadScheduler) goes through here.
 */
import { readFile } from 'node:fs/promises';
import { parsePythonJson } from './python-json.js';

export type SchedulerConfigResult =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly message: string };

/** The file's object, or a one-line problem ("missing", "is not valid JSON (...)", ...) for a report. */
export async function readSchedulerConfigFile(path: string): Promise<SchedulerConfigResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, message: code === 'ENOENT' ? 'missing' : `cannot be read (${code ?? String(error)})` };
  }
  let value: unknown;
  try {
    // A UTF-8 byte order mark is not JSON; editors on Windows add one.
    value = parsePythonJson(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, message: `is not valid JSON (${(error as Error).message})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, message: 'does not hold a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}
