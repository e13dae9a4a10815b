/**
 * Ctrl-C (SIGINT) and SIGTERM during `geneava generate`. The first one asks the run to stop after the
 * current denoising step: images already written stay, each with its metadata line, and nothing is
 * left half-written (PNGs are written atomically, their line only after them). A second one quits at
 * once, the way the signal would without this watch, for when the current step is too slow to wait for.
 */
import process from 'node:process';

export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** What the watch needs of a process; the real one by default, a stand-in in tests. */
export interface SignalTarget {
  readonly pid: number;
  on(signal: InterruptSignal, listener: () => void): unknown;
  off(signal: InterruptSignal, listener: () => void): unknown;
  kill(pid: number, signal: InterruptSignal): unknown;
}

export interface InterruptWatch {
  /** Aborted at the first signal; its reason is an InterruptedError. */
  readonly signal: AbortSignal;
  /** Stops watching (the signals get their default action back). */
  dispose(): void;
}

export class InterruptedError extends Error {
  constructor(readonly signalName: InterruptSignal) {
    super(`interrupted by ${signalName}`);
    this.name = 'InterruptedError';
  }
}

/** What the user is told at the first signal. */
export function interruptNotice(signal: InterruptSignal): string {
  return `${signal} received: stopping after the current denoising step; images already written are kept (send it again to quit at once)`;
}

/**
 * Watches SIGINT and SIGTERM until disposed. `notify` is called once, at the first signal (the command
 * tells the user, see interruptNotice).
 */
export function watchInterrupts(notify: (signal: InterruptSignal) => void, target: SignalTarget = process): InterruptWatch {
  const controller = new AbortController();
  const listeners = new Map<InterruptSignal, () => void>();
  const dispose = () => {
    for (const [name, listener] of listeners) target.off(name, listener);
    listeners.clear();
  };
  for (const name of INTERRUPT_SIGNALS) {
    const listener = () => {
      if (!controller.signal.aborted) {
        controller.abort(new InterruptedError(name));
        notify(name);
        return;
      }
      // Second signal: take the default action (the process ends, killed by the signal).
      dispose();
      target.kill(target.pid, name);
    };
    listeners.set(name, listener);
    target.on(name, listener);
  }
  return { signal: controller.signal, dispose };
}
