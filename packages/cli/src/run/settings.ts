import { isAbsolute, resolve } from 'node:path';
import {
  isSafeSegment,
  UsageError,
  type CurationSettings,
  type DatasetSelection,
  type FilterSettings,
  type GeneavaConfig,
  type GenerationSettings,
} from '@geneava/core';
import { resolveIdentityThresholds } from '@geneava/evaluator';
import { DEMO_OUT } from './demo.js';

/** The flags of `geneava run`; paths are relative to the working directory. */
export interface RunRequest {
  readonly demo?: boolean;
  readonly source?: string;
  readonly labels?: string;
  readonly splitFaces?: boolean;
  readonly out?: string;
  readonly maxItems?: number;
  readonly expressions?: readonly string[];
  readonly stylizers?: readonly string[];
  /** Write report.html (default true). */
  readonly report?: boolean;
}

export type RunInputSettings =
  | { readonly kind: 'demo'; readonly cropScale: number }
  | {
      readonly kind: 'source';
      readonly dir: string;
      /** How the folder was given, for messages: "--source photos" or "run.source.dir photos". */
      readonly label: string;
      readonly labels?: string;
      readonly splitFaces: boolean;
      readonly cropScale: number;
    }
  | { readonly kind: 'generate'; readonly generator?: string; readonly generation: GenerationSettings };

/** Everything a run needs to know, from the config file and the flags (flags win), with absolute paths. */
export interface RunSettings {
  readonly out: string;
  readonly input: RunInputSettings;
  readonly stylizers: readonly string[];
  readonly filter: FilterSettings;
  readonly curation: CurationSettings;
  readonly memorization: { readonly model: string; readonly references: readonly string[]; readonly exclusions: readonly string[] };
  readonly select: DatasetSelection;
  readonly report?: { readonly resamples: number; readonly galleryItems: number };
}

/**
 * Merges the config's `run` section with the flags. Paths from the config file resolve against its
 * folder, paths from flags against the working directory. Mistakes are UsageErrors, found before any
 * model is loaded.
 */
export function resolveRunSettings(config: GeneavaConfig, projectRoot: string, request: RunRequest, cwd: string): RunSettings {
  const run = config.run;
  const fromConfig = (path: string) => (isAbsolute(path) ? path : resolve(projectRoot, path));
  if (request.demo && request.source !== undefined) throw new UsageError('--demo uses the built-in sample photos; give either --demo or --source DIR, not both');
  if (request.labels !== undefined && request.source === undefined && run.source.dir === undefined) throw new UsageError('--labels goes with --source DIR (labels of the source photos)');
  if (request.maxItems !== undefined && !(Number.isInteger(request.maxItems) && request.maxItems >= 1)) {
    throw new UsageError(`--max-items must be a positive integer, got ${request.maxItems}`);
  }
  const stylizers = request.stylizers?.length ? [...request.stylizers] : run.stylizers;
  for (const name of stylizers) {
    if (!isSafeSegment(name)) throw new UsageError(`stylizer name "${name}" cannot name a folder (letters, digits, ".", "_" or "-")`);
  }
  if (new Set(stylizers).size !== stylizers.length) throw new UsageError(`a stylizer is named twice: ${stylizers.join(', ')}`);

  let input: RunInputSettings;
  const sourceDir = request.source !== undefined ? resolve(cwd, request.source) : run.source.dir !== undefined ? fromConfig(run.source.dir) : undefined;
  if (request.demo) input = { kind: 'demo', cropScale: run.source.cropScale };
  else if (sourceDir !== undefined) {
    const labels = request.labels !== undefined ? resolve(cwd, request.labels) : run.source.labels !== undefined ? fromConfig(run.source.labels) : undefined;
    const label = request.source !== undefined ? `--source ${request.source}` : `run.source.dir ${run.source.dir}`;
    input = { kind: 'source', dir: sourceDir, label, ...(labels ? { labels } : {}), splitFaces: request.splitFaces ?? run.source.splitFaces, cropScale: run.source.cropScale };
  } else {
    const { generator, ...generation } = run.generate;
    input = { kind: 'generate', ...(generator ? { generator } : {}), generation };
  }

  const out = request.out !== undefined ? resolve(cwd, request.out) : request.demo && config.run.out === 'geneava-dataset' ? resolve(cwd, DEMO_OUT) : fromConfig(run.out);
  const memo = run.curation.memorization;
  let memorizationMax = memo.maxSimilarity;
  if (memo.references.length > 0 && memorizationMax === undefined) {
    const known = resolveIdentityThresholds()[memo.model];
    if (!known) throw new UsageError(`run.curation.memorization: no default maxSimilarity for identity model "${memo.model}"; set one`);
    memorizationMax = known.threshold;
  }
  const curation: CurationSettings = {
    identityMinCosine: run.curation.identity.minCosine,
    ...(run.curation.expression.minTop1Agree === undefined ? {} : { expressionMinTop1Agree: run.curation.expression.minTop1Agree }),
    ...(run.curation.expression.minProbCosine === null ? {} : { expressionMinProbCosine: run.curation.expression.minProbCosine }),
    requireRedetection: run.curation.requireRedetection,
    ...(memo.references.length > 0 && memorizationMax !== undefined ? { memorizationMaxSimilarity: memorizationMax } : {}),
    keepWhen: run.curation.keepWhen,
  };
  const expressions = request.expressions?.length ? request.expressions : input.kind === 'generate' ? config.plan.expressions : undefined;
  const maxItems = request.maxItems ?? (input.kind === 'generate' ? config.plan.maxItems : undefined);
  return {
    out,
    input,
    stylizers,
    filter: run.filter,
    curation,
    memorization: { model: memo.model, references: memo.references.map(fromConfig), exclusions: memo.exclusions.map(fromConfig) },
    select: { ...(expressions?.length ? { expressions } : {}), ...(maxItems !== undefined ? { maxItems } : {}) },
    ...(request.report === false ? {} : { report: { resamples: run.report.resamples, galleryItems: run.report.gridItems } }),
  };
}
