import type { SignalTarget } from '../commands/generate-interrupt.js';

/** Where the CLI writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly cwd: string;
  /** Where SIGINT and SIGTERM come from: the process by default, a stand-in in tests. */
  readonly signals?: SignalTarget;
}

export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  get cwd() {
    return process.cwd();
  },
};
