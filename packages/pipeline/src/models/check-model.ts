import { resolve } from 'node:path';
import { UsageError } from '@geneava/core/util';
import type { ModelCheckReport, ModelKindDefinition } from '@geneava/core/plugins';
import type { Outcome } from '../outcome.js';

export interface CheckModelOptions {
  /** The model kinds known (the plugins' and the built-in ones). */
  readonly kinds: readonly ModelKindDefinition[];
  readonly kind: string;
  /** Model folder or file. */
  readonly path: string;
  /** Folder `path` is relative to (default: the process's working folder). */
  readonly cwd?: string;
}

export interface CheckModelResult {
  /** Every problem found, at once. */
  readonly report: ModelCheckReport;
  /** 'ok' when the model meets its contract, 'failure' otherwise. */
  readonly outcome: Outcome;
}

/** Runs the named kind's check on a path; every problem comes back in the report, none is thrown. An unknown kind is a usage error. */
export async function checkModel(options: CheckModelOptions): Promise<CheckModelResult> {
  const definition = options.kinds.find((k) => k.kind === options.kind);
  if (!definition) {
    throw new UsageError(`unknown model kind "${options.kind}" (known: ${options.kinds.map((k) => k.kind).join(', ')})`);
  }
  const report = await definition.check(resolve(options.cwd ?? process.cwd(), options.path));
  return { report, outcome: report.ok ? 'ok' : 'failure' };
}
