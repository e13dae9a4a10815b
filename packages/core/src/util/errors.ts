/**
 * Errors the CLI maps to exit codes and one-line messages. Every message names the file, key or plugin
 * it is about and what is wrong, so it can be shown as is.
 */
export class GeneavaError extends Error {
  constructor(
    message: string,
    /** Stable machine-readable code, e.g. "config-invalid"; printed with --json. */
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The user asked for something impossible (bad flag value, unknown expression...). */
export class UsageError extends GeneavaError {
  constructor(message: string) {
    super(message, 'usage');
  }
}

/** Turns anything thrown into a one-line reason suitable for a per-item failure record. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}
