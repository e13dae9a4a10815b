import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { GeneavaError } from '../util/errors.js';
import { closestMatch } from '../util/closest-match.js';
import { configSchema, type GeneavaConfig } from './schema.js';

export const CONFIG_FILE_NAME = 'geneava.config.json';

export class ConfigError extends GeneavaError {
  constructor(message: string) {
    super(message, 'config-invalid');
  }
}

export interface LoadedConfig {
  readonly config: GeneavaConfig;
  /** The file it came from, or undefined when defaults were used. */
  readonly file?: string;
  /** Relative paths in the config resolve against this folder. */
  readonly projectRoot: string;
}

export interface LoadConfigOptions {
  readonly cwd?: string;
  /** Explicit config file; it must exist. Without it, ./geneava.config.json is used when present. */
  readonly file?: string;
  /** Values from CLI flags; they replace the file's values key by key (nested objects merge). */
  readonly overrides?: Record<string, unknown>;
}

function mergeOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = merged[key];
    const bothObjects =
      value !== null && typeof value === 'object' && !Array.isArray(value) &&
      current !== null && typeof current === 'object' && !Array.isArray(current);
    merged[key] = bothObjects ? mergeOverrides(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return merged;
}

/** The object keys a schema allows, looking through defaults, optionals, arrays and unions. */
function keysOf(schema: z.core.$ZodType | undefined, path: readonly PropertyKey[]): string[] {
  if (!schema) return [];
  const def = schema._zod.def as z.core.$ZodTypeDef & {
    innerType?: z.core.$ZodType;
    in?: z.core.$ZodType;
    element?: z.core.$ZodType;
    options?: readonly z.core.$ZodType[];
    shape?: Record<string, z.core.$ZodType>;
  };
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
      return keysOf(def.innerType, path);
    case 'pipe':
      return keysOf(def.in, path);
    case 'union':
      return [...new Set((def.options ?? []).flatMap((option) => keysOf(option, path)))];
    case 'array':
      return typeof path[0] === 'number' ? keysOf(def.element, path.slice(1)) : [];
    case 'object':
      if (path.length === 0) return Object.keys(def.shape ?? {});
      return typeof path[0] === 'string' ? keysOf(def.shape?.[path[0]], path.slice(1)) : [];
    default:
      return [];
  }
}

/** Keys allowed at a path of the config, for "did you mean" hints on typos at any depth. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  return keysOf(configSchema, path);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const prefix = issue.path.length > 0 ? `${where}.` : '';
    return issue.keys
      .map((key) => {
        const suggestion = closestMatch(key, knownKeysAt(issue.path));
        return `unknown key '${prefix}${key}'${suggestion ? ` (did you mean '${prefix}${suggestion}'?)` : ''}`;
      })
      .join('; ');
  }
  return `'${where}': ${issue.message}`;
}

/** Validates a config object; every problem is listed in one error naming the source and the key. */
export function parseConfig(raw: unknown, source: string): GeneavaConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map(describeIssue);
  throw new ConfigError(`${source}: ${problems.join('; ')}`);
}

export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const file = resolve(cwd, options.file ?? CONFIG_FILE_NAME);
  let raw: Record<string, unknown> = {};
  let found = false;
  try {
    // Editors on Windows save JSON with a byte-order mark, which JSON.parse refuses.
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    found = true;
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new ConfigError(`${file}: must hold a JSON object`);
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.file) {
      throw new ConfigError(`${file}: cannot be read (${(error as Error).message})`);
    }
  }
  const merged = mergeOverrides(raw, options.overrides ?? {});
  const source = found ? file : 'command-line options';
  return { config: parseConfig(merged, source), file: found ? file : undefined, projectRoot: found ? dirname(file) : cwd };
}
