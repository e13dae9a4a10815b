// Times every onnxruntime InferenceSession.run of this process, so the bench can subtract the time the
// models themselves take from a denoising step and keep what the host does around them. Patching the
// prototype catches the sessions the pipeline creates through core's adapter, because both resolve
// the same onnxruntime-node module. The adapter's own work (feed checks, float16 conversion of inputs
// and outputs) stays on the host side of the line, which is where it belongs: it is tensor conversion.
import * as ort from 'onnxruntime-node';
import { performance } from 'node:perf_hooks';

export function installModelRunClock() {
  const prototype = ort.InferenceSession.prototype;
  const original = prototype.run;
  const clock = {
    /** Milliseconds spent inside onnxruntime runs since the last reset. */
    totalMs: 0,
    runs: 0,
    /** Called with the onnxruntime session before each run starts, and after it returns (its outputs still alive). */
    beforeRun: undefined,
    afterRun: undefined,
    reset() {
      clock.totalMs = 0;
      clock.runs = 0;
    },
    uninstall() {
      prototype.run = original;
    },
  };
  prototype.run = async function timedRun(...args) {
    clock.beforeRun?.(this);
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      clock.totalMs += performance.now() - started;
      clock.runs++;
      clock.afterRun?.(this);
    }
  };
  return clock;
}
