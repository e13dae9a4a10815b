// The physical floor of an analysis pass: the wall time during which at least one of the analyzer's
// ONNX sessions is inside run() (runs of different sessions overlap, so their durations are not
// summed; their union is). Whatever a pass takes beyond it is the analyzer's own JavaScript work:
// crops, resizes, tensor filling, decoding outputs.
import { performance } from 'node:perf_hooks';

/** Wraps `onnx.createSession` so every session's runs are recorded as [start, end] intervals. */
export function recordModelTime(onnx) {
  const intervals = [];
  const createSession = onnx.createSession.bind(onnx);
  onnx.createSession = async (model, options) => {
    const session = await createSession(model, options);
    const run = session.run.bind(session);
    session.run = async (...args) => {
      const start = performance.now();
      try {
        return await run(...args);
      } finally {
        intervals.push([start, performance.now()]);
      }
    };
    return session;
  };
  return {
    /** Forgets the intervals recorded so far (call before a timed pass). */
    reset() {
      intervals.length = 0;
    },
    /** Seconds covered by at least one run since the last reset. */
    seconds() {
      const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
      let total = 0;
      let end = -Infinity;
      for (const [s, e] of sorted) {
        if (s > end) {
          total += e - s;
          end = e;
        } else if (e > end) {
          total += e - end;
          end = e;
        }
      }
      return total / 1000;
    },
  };
}
