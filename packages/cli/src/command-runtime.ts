import type { CliIo } from './output/io.js';
import type { ExitCode } from './exit-codes.js';

/** What command modules get from main: where to write and how to set the process's exit code. */
export interface CommandRuntime {
  readonly io: CliIo;
  setExitCode(code: ExitCode): void;
}

/** Splits "joy,anger" (or repeated flags) into names; used by list-valued flags. */
export function commaList(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}
