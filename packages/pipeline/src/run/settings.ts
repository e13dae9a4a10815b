import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '@geneava/core/util';
import type { GeneavaConfig } from '@geneava/core/config';
import { DEFAULT_IDENTITY_STRENGTH, isSafeSegment, type CurationSettings, type DatasetSelection, type FilterSettings, type GenerationSettings } from '../dataset/index.js';
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
  /** Identity sets: K identities x the expressions, members by image-to-image from each identity's anchor. */
  readonly identitySets?: number;
  /** A folder of user photos, one identity anchor each (instead of generated neutral faces). */
  readonly identityPhotos?: string;
  /** Image-to-image strength of the members (default 0.6). */
  readonly identityStrength?: number;
  /** A folder of template images; the face analyzer reads the expressions from them. */
  readonly expressionTemplates?: string;
}

/** An identity-set run (see planIdentitySets): how many identities, their anchors, the strength and the expressions. */
export interface IdentitySetSettings {
  /** K; with photos, at most this many photos (default all). */
  readonly count?: number;
  readonly photos?: string;
  readonly strength: number;
  /** The expressions by name; absent when read from templates. */
  readonly expressions?: readonly string[];
  readonly templates?: string;
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
  readonly identitySets?: IdentitySetSettings;
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
  const identitySets = identitySetSettings(request, input, expressions, cwd);
  return {
    out,
    input,
    stylizers,
    filter: run.filter,
    curation,
    memorization: { model: memo.model, references: memo.references.map(fromConfig), exclusions: memo.exclusions.map(fromConfig) },
    // Identity sets build every planned item: the sets decide the count, and anchors have no requested expression to select by.
    select: identitySets ? {} : { ...(expressions?.length ? { expressions } : {}), ...(maxItems !== undefined ? { maxItems } : {}) },
    ...(request.report === false ? {} : { report: { resamples: run.report.resamples, galleryItems: run.report.gridItems } }),
    ...(identitySets ? { identitySets } : {}),
  };
}

/** The identity-set flags, checked together; undefined when the run has no identity sets. */
function identitySetSettings(request: RunRequest, input: RunInputSettings, expressions: readonly string[] | undefined, cwd: string): IdentitySetSettings | undefined {
  const { identitySets: count, identityPhotos, identityStrength, expressionTemplates } = request;
  if (count === undefined && identityPhotos === undefined) {
    if (identityStrength !== undefined) throw new UsageError('--identity-strength goes with --identity-sets K or --identity-photos DIR');
    if (expressionTemplates !== undefined) throw new UsageError('--expression-templates goes with --identity-sets K or --identity-photos DIR');
    return undefined;
  }
  if (count !== undefined && !(Number.isInteger(count) && count >= 1)) throw new UsageError(`--identity-sets must be a positive integer, got ${count}`);
  if (input.kind !== 'generate') throw new UsageError('--identity-sets generates every member by image-to-image; it does not go with --demo or --source (use --identity-photos DIR for photo anchors)');
  if (request.maxItems !== undefined) throw new UsageError('--max-items does not go with identity sets: the number of identities times the expressions is the count');
  const strength = identityStrength ?? DEFAULT_IDENTITY_STRENGTH;
  if (!(strength > 0 && strength <= 1)) throw new UsageError(`--identity-strength must be in (0, 1], got ${strength}`);
  if (expressionTemplates !== undefined && request.expressions?.length) throw new UsageError('give the expressions by name (--expressions) or by template images (--expression-templates), not both');
  if (expressionTemplates === undefined && !expressions?.length) throw new UsageError('identity sets need their expressions: --expressions a,b,c or --expression-templates DIR');
  return {
    ...(count !== undefined ? { count } : {}),
    ...(identityPhotos !== undefined ? { photos: resolve(cwd, identityPhotos) } : {}),
    strength,
    ...(expressionTemplates !== undefined ? { templates: resolve(cwd, expressionTemplates) } : { expressions: [...expressions!] }),
  };
}
