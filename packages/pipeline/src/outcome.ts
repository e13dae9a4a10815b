/**
 * How a pipeline function ended, for its caller to act on; the CLI maps it to its exit code.
 * - 'ok': everything asked for was done;
 * - 'partial': some items, photos or plugins failed and the rest was done (running again retries them);
 * - 'failure': nothing useful could be done;
 * - 'usage': the request or the configuration was wrong, and nothing was done.
 */
export type Outcome = 'ok' | 'partial' | 'failure' | 'usage';

/** The worse of two outcomes ('usage' over 'failure' over 'partial' over 'ok'). */
export function worseOutcome(a: Outcome, b: Outcome): Outcome {
  const order: readonly Outcome[] = ['ok', 'partial', 'failure', 'usage'];
  return order.indexOf(a) >= order.indexOf(b) ? a : b;
}
