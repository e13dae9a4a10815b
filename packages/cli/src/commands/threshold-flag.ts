import { UsageError } from '@geneava/core/util';

/** Turns "mobileface=0.45,arcface=0.3" style entries into thresholds by model. */
export function parseThresholds(entries: readonly string[] | undefined): Record<string, number> {
  const thresholds: Record<string, number> = {};
  for (const entry of entries ?? []) {
    const match = /^([A-Za-z0-9._-]+)=(.+)$/.exec(entry.trim());
    const value = match ? Number(match[2]) : Number.NaN;
    if (!match || !Number.isFinite(value)) throw new UsageError(`--threshold: expected MODEL=COSINE (e.g. mobileface=0.5), got "${entry}"`);
    thresholds[match[1]!] = value;
  }
  return thresholds;
}

