import cliProgress from 'cli-progress';
import type { ProgressCallback, ProgressEvent } from '@geneava/core/contracts';
import type { CliIo } from './io.js';

export interface ProgressRenderer {
  readonly onProgress: ProgressCallback;
  /** Stops bars and prints nothing more; call once the work is done (or failed). */
  stop(): void;
}

export interface ProgressRendererOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  /** Plain-text mode prints a line at most this often per task (items may finish faster than a log reads). */
  readonly plainEveryMs?: number;
}

/**
 * Shows library progress events on stderr: bars on a TTY, plain lines otherwise, JSON lines with
 * --json (stdout stays reserved for the result). Failed items are always reported, one line each.
 */
export function createProgressRenderer(io: CliIo, options: ProgressRendererOptions): ProgressRenderer {
  if (options.quiet) return { onProgress: () => undefined, stop: () => undefined };
  if (options.json) {
    return {
      onProgress: (event) => io.stderr.write(`${JSON.stringify({ progress: event })}\n`),
      stop: () => undefined,
    };
  }
  if (io.stderr.isTTY) return ttyRenderer(io);
  return plainRenderer(io, options.plainEveryMs ?? 2000);
}

function failureLine(event: ProgressEvent): string | undefined {
  if (event.status !== 'failed') return undefined;
  return `failed: ${event.item ?? event.task}${event.message ? `: ${event.message}` : ''}\n`;
}

function ttyRenderer(io: CliIo): ProgressRenderer {
  const multibar = new cliProgress.MultiBar(
    {
      stream: io.stderr as NodeJS.WritableStream,
      format: '{task} [{bar}] {value}/{total} {percentage}% | eta {eta_formatted} | {item}',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    onProgress: (event) => {
      const failed = failureLine(event);
      if (failed) multibar.log(failed);
      let bar = bars.get(event.task);
      if (!bar) {
        bar = multibar.create(event.total ?? 0, 0, { task: event.task.padEnd(12), item: '' });
        bars.set(event.task, bar);
      }
      if (event.total !== undefined) bar.setTotal(event.total);
      bar.update(event.done, { item: event.item ?? event.message ?? '' });
    },
    stop: () => multibar.stop(),
  };
}

function plainRenderer(io: CliIo, everyMs: number): ProgressRenderer {
  const lastPrinted = new Map<string, number>();
  return {
    onProgress: (event) => {
      const failed = failureLine(event);
      if (failed) io.stderr.write(failed);
      const now = Date.now();
      const finished = event.total !== undefined && event.done >= event.total;
      if (!finished && now - (lastPrinted.get(event.task) ?? 0) < everyMs) return;
      lastPrinted.set(event.task, now);
      const total = event.total !== undefined ? `/${event.total}` : '';
      io.stderr.write(`${event.task}: ${event.done}${total}${event.message ? ` (${event.message})` : ''}\n`);
    },
    stop: () => undefined,
  };
}
