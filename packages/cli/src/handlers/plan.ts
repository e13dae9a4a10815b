import { resolve } from 'node:path';
import { buildPlan, toJsonl, writeFileAtomic, type GeneavaConfig, type PlanItem } from '@geneava/core';

export interface PlanResult {
  readonly items: readonly PlanItem[];
  /** Absolute path written, or undefined when the plan went to stdout. */
  readonly out?: string;
  readonly expressions: number;
  readonly jsonl: string;
}

/** Builds the balanced plan from the (flag-merged) config and writes it as JSON Lines. */
export async function planHandler(config: GeneavaConfig, out: string | undefined, cwd: string): Promise<PlanResult> {
  const items = buildPlan(config.plan);
  const jsonl = toJsonl(items);
  const target = out && out !== '-' ? resolve(cwd, out) : undefined;
  if (target) await writeFileAtomic(target, jsonl);
  return { items, out: target, expressions: new Set(items.map((i) => i.expression)).size, jsonl };
}
