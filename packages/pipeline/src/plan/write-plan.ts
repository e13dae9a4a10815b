import { resolve } from 'node:path';
import { buildPlan } from '@geneava/core/plan';
import { toJsonl, writeFileAtomic } from '@geneava/core/util';
import type { GeneavaConfig } from '@geneava/core/config';
import type { PlanItem } from '@geneava/core/contracts';
import type { Outcome } from '../outcome.js';

export interface PlanResult {
  readonly items: readonly PlanItem[];
  /** Absolute path written, or undefined when the plan went to stdout. */
  readonly out?: string;
  readonly expressions: number;
  readonly jsonl: string;
  readonly outcome: Outcome;
}

export interface WritePlanOptions {
  /** The config's plan settings (expressions, demographics, images per cell, seed, prompt template...). */
  readonly plan: GeneavaConfig['plan'];
  /** File to write the plan to as JSON Lines; absent or "-": not written (the caller prints `jsonl`). */
  readonly out?: string;
  /** Folder `out` is relative to (default: the process's working folder). */
  readonly cwd?: string;
}

/** Builds the balanced plan and writes it as JSON Lines. */
export async function writePlan(options: WritePlanOptions): Promise<PlanResult> {
  const items = buildPlan(options.plan);
  const jsonl = toJsonl(items);
  const target = options.out && options.out !== '-' ? resolve(options.cwd ?? process.cwd(), options.out) : undefined;
  if (target) await writeFileAtomic(target, jsonl);
  return { items, ...(target ? { out: target } : {}), expressions: new Set(items.map((i) => i.expression)).size, jsonl, outcome: 'ok' };
}
