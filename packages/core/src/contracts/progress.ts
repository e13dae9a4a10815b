/**
 * Libraries never print: they report progress through this callback and the CLI decides how to show
 * it (bars on a TTY, plain lines otherwise, JSON lines with --json).
 */
export interface ProgressEvent {
  /** What is progressing, e.g. "plan", "generate", "stylize:classic". */
  readonly task: string;
  readonly done: number;
  readonly total?: number;
  /** The item just finished, when the work is per item. */
  readonly item?: string;
  readonly status?: 'ok' | 'failed' | 'skipped';
  readonly message?: string;
}

export type ProgressCallback = (event: ProgressEvent) => void;

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressCallback;
}
