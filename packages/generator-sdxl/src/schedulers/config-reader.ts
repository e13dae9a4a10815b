import { GeneavaError } from '@geneava/core/util';

/**
 * Reads the keys of a diffusers scheduler_config.json the way `from_config` does: a key that is present
 * wins, an absent key takes the scheduler class's default. JSON null counts as absent (diffusers would
 * pass None, which for the keys read here means "use the default"). Every error names the file and key.
 */
export class SchedulerConfigReader {
  private readonly values: Readonly<Record<string, unknown>>;

  constructor(
    config: unknown,
    /** How errors name the file, e.g. "scheduler/scheduler_config.json". */
    readonly source: string,
  ) {
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw this.error('must hold a JSON object');
    }
    this.values = config as Record<string, unknown>;
  }

  has(key: string): boolean {
    return this.values[key] !== undefined && this.values[key] !== null;
  }

  string(key: string): string | undefined {
    if (!this.has(key)) return undefined;
    const value = this.values[key];
    if (typeof value !== 'string') throw this.keyError(key, `must be a string (found ${describe(value)})`);
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(key);
    if (value === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.keyError(key, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')} (found "${value}")`);
    }
    return value as T;
  }

  number(key: string, fallback: number, range: { min?: number; max?: number; integer?: boolean; infinite?: boolean } = {}): number {
    if (!this.has(key)) return fallback;
    const value = this.values[key];
    if (typeof value !== 'number' || Number.isNaN(value) || (!range.infinite && !Number.isFinite(value))) {
      throw this.keyError(key, `must be a number (found ${describe(value)})`);
    }
    if (range.integer && !Number.isInteger(value)) throw this.keyError(key, `must be a whole number (found ${value})`);
    if (range.min !== undefined && value < range.min) throw this.keyError(key, `must be at least ${range.min} (found ${value})`);
    if (range.max !== undefined && value > range.max) throw this.keyError(key, `must be at most ${range.max} (found ${value})`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    if (!this.has(key)) return fallback;
    const value = this.values[key];
    if (typeof value !== 'boolean') throw this.keyError(key, `must be true or false (found ${describe(value)})`);
    return value;
  }

  numberArray(key: string): number[] | undefined {
    if (!this.has(key)) return undefined;
    const value = this.values[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw this.keyError(key, `must be an array of numbers (found ${describe(value)})`);
    }
    return value as number[];
  }

  /** A feature this implementation does not have: the key must be absent, null or equal to `off`. */
  requireOff(key: string, off: unknown, what: string): void {
    if (!this.has(key) || this.values[key] === off) return;
    throw this.keyError(key, `is ${JSON.stringify(this.values[key])}, but ${what} is not supported (set it to ${JSON.stringify(off)})`);
  }

  keyError(key: string, problem: string): GeneavaError {
    return this.error(`"${key}" ${problem}`);
  }

  error(problem: string): GeneavaError {
    return new GeneavaError(`${this.source}: ${problem}`, 'scheduler-config');
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}
