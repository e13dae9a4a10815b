import { resolve } from 'node:path';
import { EXPRESSIONS_BY_NAME } from '@geneava/core/taxonomy';
import { reasonOf, UsageError } from '@geneava/core/util';
import type { FaceAnalyzer, ProgressCallback } from '@geneava/core/contracts';
import {
  balanceReport,
  countedStatus,
  estimateAttributes,
  readBalanceSource,
  writeBalanceReport,
  type BalanceReport,
  type BalanceReportFiles,
  type BalanceScope,
  type BalanceSource,
} from '@geneava/evaluator';
import type { Outcome } from '../outcome.js';
import { withPipelineSession, type FaceModelOptions, type PipelineSession, type SessionOptions } from '../session/pipeline-session.js';

/** Without services, the audit opens a session of its own from `config` and `cwd` and builds the face analyzer there. */
export interface AuditBalanceOptions extends SessionOptions {
  /** Folder the paths are relative to (default: the process's working folder). */
  readonly cwd?: string;
  /** Another folder of converted embedded face models. */
  readonly faceModels?: string;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  readonly dataset?: string;
  readonly plan?: string;
  /** Check the labels against the analyzer's age and gender estimates when the rows name images (default true). */
  readonly estimates?: boolean;
  readonly maxImages?: number;
  readonly out?: string;
  /** The expressions the set is meant to cover (default all of the taxonomy). */
  readonly expressions?: readonly string[];
}

export interface AuditBalanceServices {
  /** The face analyzer with age and gender; called only when there are images to check. */
  createAnalyzer(): Promise<FaceAnalyzer>;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
}

export interface AuditBalanceResult {
  readonly report: BalanceReport;
  readonly files?: BalanceReportFiles;
  /** 'ok' balanced; 'failure' not balanced, or no row carries all four labels. */
  readonly outcome: Outcome;
}

/**
 * Counts per expression x gender x race x age group from a dataset's metadata.jsonl or a plan, with
 * the analyzer's age/gender estimates against the labels for a dataset whose rows name images.
 * The cells span the whole taxonomy (or the declared expressions), so a missing category fails balance.
 * Outcome: 'ok' balanced, 'failure' not balanced or no row carries all four labels.
 */
export async function auditBalance(request: AuditBalanceOptions, services?: AuditBalanceServices): Promise<AuditBalanceResult> {
  if (!services) return withPipelineSession(request, (session) => auditBalance(request, auditBalanceServices(session, request)));
  const cwd = request.cwd ?? process.cwd();
  if ((request.dataset === undefined) === (request.plan === undefined)) throw new UsageError('give exactly one of --dataset DIR and --plan FILE');
  if (request.maxImages !== undefined && !(Number.isInteger(request.maxImages) && request.maxImages >= 1)) {
    throw new UsageError(`--max-images: expected a positive integer, got ${request.maxImages}`);
  }
  let scope: BalanceScope = {};
  if (request.expressions !== undefined) {
    const unknown = request.expressions.filter((name) => !EXPRESSIONS_BY_NAME.has(name));
    if (unknown.length > 0 || request.expressions.length === 0) throw new UsageError(`--expressions: ${unknown.length > 0 ? `not in the taxonomy: ${unknown.join(', ')}` : 'lists no expression'}`);
    scope = { expression: request.expressions };
  }
  let source: BalanceSource;
  try {
    source = request.dataset !== undefined ? await readBalanceSource('dataset', resolve(cwd, request.dataset)) : await readBalanceSource('plan', resolve(cwd, request.plan!));
  } catch (error) {
    throw new UsageError(`${request.dataset !== undefined ? '--dataset' : '--plan'}: ${reasonOf(error)}`);
  }
  const counted = source.items.filter(countedStatus(source.items));
  const withImages = source.root !== undefined && counted.some((item) => item.image !== undefined);
  let estimates;
  if (withImages && request.estimates !== false) {
    const analyzer = await services.createAnalyzer();
    try {
      estimates = await estimateAttributes(source.root!, counted, analyzer, {
        ...(request.maxImages !== undefined ? { maxImages: request.maxImages } : {}),
        ...(services.onProgress ? { onProgress: services.onProgress } : {}),
        ...(services.signal ? { signal: services.signal } : {}),
      });
    } finally {
      await analyzer.dispose?.();
    }
  }
  const report = balanceReport(source, estimates, scope);
  const files = request.out === undefined ? undefined : await writeBalanceReport(resolve(cwd, request.out), report);
  return { report, ...(files ? { files } : {}), outcome: report.counts.verdict.balanced ? 'ok' : 'failure' };
}

/** The services of a balance audit in a session: the embedded face analyzer (with age and gender). */
export function auditBalanceServices(
  session: PipelineSession,
  options: Pick<FaceModelOptions, 'faceModels'> & { readonly onProgress?: ProgressCallback; readonly signal?: AbortSignal } = {},
): AuditBalanceServices {
  const { onProgress, signal } = options;
  return {
    createAnalyzer: () => session.createAnalyzer(options.faceModels !== undefined ? { faceModels: options.faceModels } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  };
}
