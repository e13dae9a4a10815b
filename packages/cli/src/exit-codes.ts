/**
 * Exit codes, the same for every command:
 * 0 everything succeeded; 1 the command failed; 2 partial failure (some items or plugins failed, the
 * rest was done); 64 usage or configuration error (nothing was done); 130 stopped by Ctrl-C (SIGINT)
 * and 143 by SIGTERM, as a shell reports a process the signal ended (128 + signal number).
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  partial: 2,
  usage: 64,
  interrupted: 130,
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a command that a signal stopped. */
export function signalExitCode(signal: 'SIGINT' | 'SIGTERM'): ExitCode {
  return signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
}

/** The exit code of a pipeline function's outcome. */
export function exitCodeOf(outcome: 'ok' | 'partial' | 'failure' | 'usage'): ExitCode {
  return EXIT[outcome];
}
