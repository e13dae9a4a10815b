/**
 * Exit codes, the same for every command:
 * 0 everything succeeded; 1 the command failed; 2 partial failure (some items or plugins failed, the
 * rest was done); 64 usage or configuration error (nothing was done).
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  partial: 2,
  usage: 64,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
