// Peak process memory over a baseline: rss (everything the process holds, native allocations of
// onnxruntime included), arrayBuffers (typed arrays: latents, feeds, outputs, images) and the JS heap.
// The baseline is taken after the pipeline is loaded and garbage is collected, so the sessions' own
// weights are in it and the deltas are what a generation adds on top.
import process from 'node:process';

const MB = 1024 * 1024;

export function collectGarbage() {
  // Run with --expose-gc; without it the baseline simply keeps some garbage (deltas come out smaller).
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
}

export class MemoryPeak {
  /** `collect: false` takes the baseline as it is (inside a running generation, where a GC would distort timing). */
  constructor({ collect = true } = {}) {
    if (collect) collectGarbage();
    this.baseline = process.memoryUsage();
    this.peak = { rss: 0, arrayBuffers: 0, heapUsed: 0 };
    this.samples = 0;
  }

  sample() {
    const now = process.memoryUsage();
    this.samples++;
    this.peak.rss = Math.max(this.peak.rss, now.rss - this.baseline.rss);
    this.peak.arrayBuffers = Math.max(this.peak.arrayBuffers, now.arrayBuffers - this.baseline.arrayBuffers);
    this.peak.heapUsed = Math.max(this.peak.heapUsed, now.heapUsed - this.baseline.heapUsed);
  }

  /** Peak deltas in MB. */
  deltasMb() {
    return { rss: this.peak.rss / MB, arrayBuffers: this.peak.arrayBuffers / MB, heapUsed: this.peak.heapUsed / MB };
  }
}
