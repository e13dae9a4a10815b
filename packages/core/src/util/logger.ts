/**
 * The logging surface libraries use. Libraries never print; the CLI supplies a logger that writes to
 * stderr (or JSON lines), library users may pass pino or their own.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Keeps messages in memory; used by tests and by library users who inspect warnings afterwards. */
export class MemoryLogger implements Logger {
  readonly entries: { level: 'debug' | 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }[] = [];
  debug(message: string, fields?: Record<string, unknown>): void { this.entries.push({ level: 'debug', message, fields }); }
  info(message: string, fields?: Record<string, unknown>): void { this.entries.push({ level: 'info', message, fields }); }
  warn(message: string, fields?: Record<string, unknown>): void { this.entries.push({ level: 'warn', message, fields }); }
  error(message: string, fields?: Record<string, unknown>): void { this.entries.push({ level: 'error', message, fields }); }
}

/** Discards everything. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
