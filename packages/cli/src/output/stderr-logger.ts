import type { Logger } from '@geneava/core/util';
import type { CliIo } from './io.js';

const LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LEVELS)[number];

/** The CLI's logger: human lines on stderr, or JSON lines with --json so stdout stays machine-readable. */
export class StderrLogger implements Logger {
  constructor(
    private readonly io: CliIo,
    private readonly level: LogLevel,
    private readonly json: boolean,
  ) {}

  private emit(level: Exclude<LogLevel, 'silent'>, message: string, fields?: Record<string, unknown>): void {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(this.level)) return;
    if (this.json) {
      this.io.stderr.write(`${JSON.stringify({ level, message, ...fields })}\n`);
    } else {
      this.io.stderr.write(`${level === 'info' ? '' : `${level === 'warn' ? 'warning' : level}: `}${message}\n`);
    }
  }

  debug(message: string, fields?: Record<string, unknown>): void { this.emit('debug', message, fields); }
  info(message: string, fields?: Record<string, unknown>): void { this.emit('info', message, fields); }
  warn(message: string, fields?: Record<string, unknown>): void { this.emit('warn', message, fields); }
  error(message: string, fields?: Record<string, unknown>): void { this.emit('error', message, fields); }
}
