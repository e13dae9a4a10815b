/** How fast one operation runs, measured in the calling process. */
export interface Throughput {
  readonly label: string;
  readonly runs: number;
  readonly seconds: number;
  /** Operations (images) per second. */
  readonly perSecond: number;
}

export interface ThroughputOptions {
  /** Untimed runs first, so lazy initialisation and JIT warm-up do not count (default 2). */
  readonly warmup?: number;
  /** Keep running until this much time has passed (default 2 s)... */
  readonly minSeconds?: number;
  /** ...and at least this many runs (default 5). */
  readonly minRuns?: number;
}

/** Runs `operation` repeatedly and reports its rate. Sequential: one operation at a time. */
export async function measureThroughput(label: string, operation: () => unknown, options: ThroughputOptions = {}): Promise<Throughput> {
  const warmup = options.warmup ?? 2;
  const minSeconds = options.minSeconds ?? 2;
  const minRuns = options.minRuns ?? 5;
  for (let i = 0; i < warmup; i++) await operation();
  let runs = 0;
  const started = performance.now();
  let elapsed = 0;
  while (runs < minRuns || elapsed < minSeconds * 1000) {
    await operation();
    runs++;
    elapsed = performance.now() - started;
  }
  const seconds = elapsed / 1000;
  return { label, runs, seconds, perSecond: runs / seconds };
}

/**
 * A plain-text report: every row's rate, and each measured row's rate as a multiple of every baseline
 * (above 1: faster than that baseline).
 */
export function formatThroughputReport(title: string, baselines: readonly Throughput[], measured: readonly Throughput[]): string {
  const width = Math.max(...[...baselines, ...measured].map((row) => row.label.length));
  const rate = (row: Throughput) => `${row.perSecond.toFixed(1).padStart(8)} img/s  (${row.runs} in ${row.seconds.toFixed(2)} s)`;
  const lines = [title];
  for (const row of baselines) lines.push(`  baseline  ${row.label.padEnd(width)}  ${rate(row)}`);
  for (const row of measured) {
    const ratios = baselines.map((base) => `${(row.perSecond / base.perSecond).toFixed(2)}x ${base.label}`).join(', ');
    lines.push(`  measured  ${row.label.padEnd(width)}  ${rate(row)}${ratios ? `  = ${ratios}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
