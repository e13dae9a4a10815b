/**
 * `geneava audit memorization | reference | balance`: the dataset audits. The work is in the
 * evaluator library and @geneava/pipeline's audit functions (with their session services); this file
 * parses flags and prints the result (a table, or JSON with --json).
 */
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import type { ProgressCallback } from '@geneava/core/contracts';
import type { BalanceReport, ReferenceMetricsResult, ReferencePairing } from '@geneava/evaluator';
import type { PosterDataset } from '@geneava/face-analysis';
import type { AuditMemorizationResult, IdentityModel } from '@geneava/pipeline/audit';
import type { PipelineSession } from '@geneava/pipeline/session';
import { commaList, type CommandRuntime } from '../command-runtime.js';
import { cliSession, createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { createProgressRenderer } from '../output/progress.js';
import { formatTable } from '../output/table.js';
import { AUDIT_IDENTITY_CHOICES, POSTER_DATASET_CHOICES } from './flag-choices.js';

interface SharedArgs extends GlobalArgs {
  'face-models'?: string;
}
interface MemorizationArgs extends SharedArgs {
  generated: string;
  reference: string[] | undefined;
  out: string;
  identity: string;
  arcface?: string;
  threshold?: number;
  paper: boolean;
  'threshold-record'?: string;
  cache?: string;
}
interface ReferenceArgs extends SharedArgs {
  generated: string;
  reference: string;
  out: string;
  clip?: string;
  dinov2?: string;
  lpips?: string;
  poster?: string;
  'poster-dataset'?: string;
  retinaface?: string;
  'pair-by': string;
  'lpips-pairs'?: number;
  seed?: number;
}
interface BalanceArgs extends SharedArgs {
  dataset?: string;
  plan?: string;
  estimates: boolean;
  'max-images'?: number;
  out?: string;
  expressions?: string[];
}

const f3 = (value: number | undefined) => (value !== undefined && Number.isFinite(value) ? value.toFixed(3) : '-');
const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '-');

/** Runs one audit in a pipeline session (its ONNX runtime, its models) with a progress renderer, both closed afterwards. */
async function withSession<T>(args: GlobalArgs, runtime: CommandRuntime, work: (session: PipelineSession, onProgress: ProgressCallback) => Promise<T>): Promise<T> {
  const ctx = await createCliContext(args, runtime.io);
  const progress = createProgressRenderer(runtime.io, { json: ctx.json, quiet: Boolean(args.quiet) });
  const session = cliSession(ctx);
  try {
    return await work(session, progress.onProgress);
  } finally {
    progress.stop();
    await session.close();
  }
}

/** --face-models as the pipeline's option. */
const faceModelsOf = (args: SharedArgs) => (args['face-models'] === undefined ? {} : { faceModels: args['face-models'] });

function renderMemorization(result: AuditMemorizationResult): string {
  const { summary } = result;
  const g = summary.generated;
  let text = `Audited ${g.faces} generated faces (${g.noFace.length} images without a face, ${g.failed.length} unreadable) against ${summary.references.length} reference set${summary.references.length === 1 ? '' : 's'}`;
  text += ` with ${summary.model}, ${summary.threshold.rule.replace('value', String(summary.threshold.value))} (${summary.threshold.basis}): ${summary.flaggedFaces} flagged; report in ${result.out}\n\n`;
  const chance = (c: (typeof summary.references)[number]['chance']) => `${c.expected < 10 ? c.expected.toFixed(2) : c.expected.toFixed(0)} (<= ${c.expectedUpper95 < 10 ? c.expectedUpper95.toFixed(2) : c.expectedUpper95.toFixed(0)})`;
  text += formatTable(
    ['REFERENCE', 'FACES', 'MEAN NN', 'MEDIAN', 'MAX', 'FLAGGED', 'BY CHANCE'],
    summary.references.map((r) => [r.name, String(r.faces), f3(r.similarity.mean), f3(r.similarity.median), f3(r.similarity.max), String(r.flagged), chance(r.chance)]),
  );
  text += 'BY CHANCE: generated faces a reference set of that size would flag if no one in it were anyone generated (expected, upper 95% bound)\n';
  for (const note of result.cacheNotes) text += `cache: ${note}\n`;
  return text;
}

function renderReference(result: ReferenceMetricsResult, out: string): string {
  const usage = (u: ReferenceMetricsResult['generated']) => `${u.name}: ${u.used} of ${u.images} images used${u.failed.length ? `, ${u.failed.length} unreadable` : ''}${u.noFace.length ? `, ${u.noFace.length} without a face` : ''}${u.unlabelled.length ? `, ${u.unlabelled.length} outside expression folders` : ''}`;
  let text = `Reference metrics (pairs: ${result.pairing}); ${usage(result.generated)}; ${usage(result.reference)}; report in ${out}\n\n`;
  text += formatTable(
    ['METRIC', 'PAPER', 'VALUE', 'BETTER', 'PAIRS', 'NOTE'],
    result.metrics.map((m) => [
      m.metric,
      m.paperName,
      f3(m.value),
      m.higherIsBetter ? 'higher' : 'lower',
      String(m.pairs),
      m.sampled ? `sampled of ${m.totalPairs}, s.e. ${f3(m.standardError)}` : '',
    ]),
  );
  if (result.unmatchedGroups.length > 0) text += `expressions on one side only (no pairs): ${result.unmatchedGroups.join(', ')}\n`;
  return text;
}

function renderBalance(report: BalanceReport, out: string | undefined): string {
  const { counts } = report;
  const s = counts.summary;
  const excluded = Object.entries(counts.excludedByStatus).map(([status, n]) => `${n} ${status}`);
  let text = `Balance of ${report.source.file}: ${counts.counted} of ${report.items} items counted`;
  text += `${excluded.length ? ` (left out: ${excluded.join(', ')})` : ''}${counts.unlabelled.length ? `, ${counts.unlabelled.length} missing a label` : ''}${out ? `; report in ${out}` : ''}\n`;
  text += `${s.cells} cells (${counts.levels.expression.length} expressions x ${counts.levels.gender.length} genders x ${counts.levels.race.length} races x ${counts.levels.ageGroup.length} age groups), target ${f3(s.target)} per cell, `;
  text += `min ${s.min}, max ${s.max}, ${s.emptyCells} empty, ${s.offTarget} off target; total variation from balance ${pct(s.totalVariation)}\n`;
  text += counts.verdict.balanced ? 'Balanced: every cell of the taxonomy has its share.\n\n' : `NOT BALANCED:\n${counts.verdict.reasons.map((r) => `  - ${r}\n`).join('')}\n`;
  for (const axis of ['gender', 'race', 'ageGroup'] as const) {
    text += formatTable([axis.toUpperCase(), 'COUNT', 'SHARE', 'EVEN', 'DEVIATION'], counts.marginals[axis].map((m) => [m.value, String(m.count), pct(m.share), pct(m.evenShare), pct(m.deviation)]));
    text += '\n';
  }
  if (report.attributes) {
    const a = report.attributes;
    text += `Age and gender estimates against the labels (${a.estimated} of ${a.checked} images with a face):\n`;
    text += formatTable(
      ['GROUP', 'N', 'GENDER AGREES', 'AGE IN GROUP', 'MEAN AGE', 'MEAN YEARS OUT'],
      a.agreement.map((r) => [r.axis === 'all' ? 'all' : `${r.axis}=${r.value}`, String(r.estimated), pct(r.genderRate), pct(r.ageRate), f3(r.meanEstimatedAge), f3(r.meanAgeError)]),
    );
  }
  return text;
}

export function auditCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, GlobalArgs> {
  const { io } = runtime;
  const faceModels = { type: 'string', describe: 'Folder of the converted embedded face models (default: built on first use)' } as const;

  const memorization: CommandModule<GlobalArgs, MemorizationArgs> = {
    command: 'memorization',
    describe: 'Nearest reference identity of every generated face; flags likely memorized identities',
    builder: (y) =>
      y
        .option('generated', { type: 'string', demandOption: true, describe: 'Folder of generated faces (searched recursively)' })
        .option('reference', { type: 'string', array: true, demandOption: true, coerce: commaList, describe: 'Reference folder (fine-tuning faces, CelebA...); repeat for several' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Folder for nn.jsonl/csv, histogram.json, exclusion.txt, summary.json, report.html' })
        .option('identity', { type: 'string', choices: [...AUDIT_IDENTITY_CHOICES], default: 'mobileface', describe: 'Identity model' })
        .option('arcface', { type: 'string', describe: 'ArcFace ONNX file (InsightFace export), for --identity arcface' })
        .option('threshold', { type: 'number', describe: 'Cosine similarity at or above which a face is flagged (default per identity model, see the evaluator README)' })
        .option('threshold-record', { type: 'string', describe: 'Threshold from a `geneava calibrate identity --out` record for the identity model' })
        .option('paper', { type: 'boolean', default: false, describe: "The paper's setting: ArcFace nearest neighbour, flagged when the cosine similarity exceeds 0.68 (needs --identity arcface --arcface FILE)" })
        .option('cache', { type: 'string', describe: 'Folder of the per-set embedding caches (default <out>/cache)' })
        .option('face-models', faceModels)
        .example('$0 audit memorization --generated data/images --reference emo135 --reference celeba --out audit', 'Audit against two reference sets')
        .example('$0 audit memorization --generated data/images --reference celeba --identity arcface --arcface arcface.onnx --paper --out audit', "The paper's setting (ArcFace, similarity > 0.68)"),
    handler: async (args) => {
      // Loaded when the command runs: the evaluator and its models stay out of every other command.
      const { auditMemorization, auditMemorizationServices } = await import('@geneava/pipeline/audit');
      await withSession(args, runtime, async (session, onProgress) => {
        const result = await auditMemorization(
          {
            cwd: io.cwd,
            generated: args.generated,
            references: args.reference ?? [],
            out: args.out,
            identity: args.identity as IdentityModel,
            ...(args.arcface === undefined ? {} : { arcface: args.arcface }),
            ...(args.threshold === undefined ? {} : { threshold: args.threshold }),
            ...(args.paper ? { paper: true } : {}),
            ...(args['threshold-record'] === undefined ? {} : { thresholdRecord: args['threshold-record'] }),
            ...(args.cache === undefined ? {} : { cache: args.cache }),
          },
          auditMemorizationServices(session, { ...faceModelsOf(args), onProgress }),
        );
        io.stdout.write(args.json ? `${JSON.stringify({ ...result.summary, files: result.files, cacheNotes: result.cacheNotes })}\n` : renderMemorization(result));
        runtime.setExitCode(exitCodeOf(result.outcome));
      });
    },
  };

  const reference: CommandModule<GlobalArgs, ReferenceArgs> = {
    command: 'reference',
    describe: "The paper's Table 1 metrics (CLIP, DINOv2, LPIPS, expression error) against real expression images",
    builder: (y) =>
      y
        .option('generated', { type: 'string', demandOption: true, describe: 'Folder of generated images' })
        .option('reference', { type: 'string', demandOption: true, describe: 'Folder of real reference images' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Folder for reference-metrics.json and .csv' })
        .option('clip', { type: 'string', describe: 'CLIP vision ONNX file (pixel_values -> image_embeds)' })
        .option('dinov2', { type: 'string', describe: 'DINOv2 ONNX file (pixel_values -> pooler_output / last_hidden_state)' })
        .option('lpips', { type: 'string', describe: 'LPIPS ONNX file (in0, in1 -> distance)' })
        .option('poster', { type: 'string', describe: "POSTER ONNX file with its 'feature' output, for the expression error" })
        .option('poster-dataset', { type: 'string', choices: [...POSTER_DATASET_CHOICES], describe: "POSTER's training set (its class order)" })
        .option('retinaface', { type: 'string', describe: 'RetinaFace ONNX file to detect faces for POSTER, as the paper did (default: the embedded detector)' })
        .option('pair-by', { type: 'string', choices: ['all', 'expression'], default: 'all', describe: 'Pair every image with every image, or only within <expression>/ folders of the same name' })
        .option('lpips-pairs', { type: 'number', describe: 'LPIPS pairs at most; more are sampled uniformly (default 1000)' })
        .option('seed', { type: 'number', describe: 'Seed of the LPIPS pair sample' })
        .option('face-models', faceModels)
        .example('$0 audit reference --generated out/images --reference emo135-eval --clip clip.onnx --dinov2 dinov2.onnx --lpips lpips.onnx --poster poster.onnx --out table1', 'All four metrics'),
    handler: async (args) => {
      // Loaded when the command runs: the evaluator and its models stay out of every other command.
      const { auditReference, auditReferenceServices } = await import('@geneava/pipeline/audit');
      await withSession(args, runtime, async (session, onProgress) => {
        const { out, result, outcome } = await auditReference(
          {
            cwd: io.cwd,
            generated: args.generated,
            reference: args.reference,
            out: args.out,
            pairBy: args['pair-by'] as ReferencePairing,
            ...(args.clip === undefined ? {} : { clip: args.clip }),
            ...(args.dinov2 === undefined ? {} : { dinov2: args.dinov2 }),
            ...(args.lpips === undefined ? {} : { lpips: args.lpips }),
            ...(args.poster === undefined ? {} : { poster: args.poster }),
            ...(args['lpips-pairs'] === undefined ? {} : { lpipsPairs: args['lpips-pairs'] }),
            ...(args.seed === undefined ? {} : { seed: args.seed }),
          },
          auditReferenceServices(session, {
            ...faceModelsOf(args),
            ...(args['poster-dataset'] === undefined ? {} : { posterDataset: args['poster-dataset'] as PosterDataset }),
            ...(args.retinaface === undefined ? {} : { retinaface: args.retinaface }),
            onProgress,
          }),
        );
        io.stdout.write(args.json ? `${JSON.stringify(result)}\n` : renderReference(result, out));
        runtime.setExitCode(exitCodeOf(outcome));
      });
    },
  };

  const balance: CommandModule<GlobalArgs, BalanceArgs> = {
    command: 'balance',
    describe: 'Counts per expression x gender x race x age group, and age/gender estimates against the labels',
    builder: (y) =>
      y
        .option('dataset', { type: 'string', describe: 'Dataset folder (its metadata.jsonl; kept rows when rows carry a status)' })
        .option('plan', { type: 'string', describe: 'Plan file (.jsonl, as `geneava plan` writes it)' })
        .option('estimates', { type: 'boolean', default: true, describe: "Check the labels against the face analyzer's age and gender (datasets with images); --no-estimates skips it" })
        .option('max-images', { type: 'number', describe: 'Check at most this many images, drawn at random' })
        .option('out', { alias: 'o', type: 'string', describe: 'Also write balance.json and cells.csv to this folder' })
        .option('expressions', { type: 'string', array: true, coerce: commaList, describe: 'Expressions the set is meant to cover (default: all 135 of the taxonomy); genders, races and age groups always span the taxonomy' })
        .option('face-models', faceModels)
        .example('$0 audit balance --dataset out', 'Balance of a built dataset')
        .example('$0 audit balance --plan plan.jsonl --expressions joy,anger', 'Balance of a plan made for two expressions'),
    handler: async (args) => {
      // Loaded when the command runs: the evaluator and its models stay out of every other command.
      const { auditBalance, auditBalanceServices } = await import('@geneava/pipeline/audit');
      await withSession(args, runtime, async (session, onProgress) => {
        const { report, outcome } = await auditBalance(
          {
            cwd: io.cwd,
            ...(args.dataset === undefined ? {} : { dataset: args.dataset }),
            ...(args.plan === undefined ? {} : { plan: args.plan }),
            estimates: args.estimates,
            ...(args['max-images'] === undefined ? {} : { maxImages: args['max-images'] }),
            ...(args.out === undefined ? {} : { out: args.out }),
            ...(args.expressions === undefined ? {} : { expressions: args.expressions }),
          },
          auditBalanceServices(session, { ...faceModelsOf(args), onProgress }),
        );
        io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : renderBalance(report, args.out === undefined ? undefined : resolve(io.cwd, args.out)));
        runtime.setExitCode(exitCodeOf(outcome));
      });
    },
  };

  return {
    command: 'audit <audit>',
    describe: 'Dataset audits: identity memorization, reference metrics (Table 1), demographic balance',
    builder: (y) => y.command(memorization).command(reference).command(balance).demandCommand(1, 'name an audit: memorization, reference, balance'),
    handler: () => undefined,
  };
}
