import type { CommandModule } from 'yargs';
import type { SetMetric } from '@geneava/core/contracts';
import type { EvaluateResult } from '@geneava/pipeline/evaluate';
import { commaList, type CommandRuntime } from '../command-runtime.js';
import { cliSession, createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { createProgressRenderer } from '../output/progress.js';
import { formatTable } from '../output/table.js';
import { parseThresholds } from './threshold-flag.js';

interface EvaluateArgs extends GlobalArgs {
  real: string;
  avatars: string;
  out: string;
  labels?: string;
  placements?: string | false;
  threshold?: string[];
  'face-models'?: string;
  arcface?: string;
  resamples?: number;
}

const round = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : '-');

/** `featurePrefix`: the evaluator's prefix of per-feature geometry metrics, left out of the table. */
function renderHuman(result: EvaluateResult, featurePrefix: string): string {
  const { counts } = result.summary;
  const parts = [`${counts.failed} failed`, `${counts.unpaired} unpaired file${counts.unpaired === 1 ? '' : 's'}`];
  let text = `Evaluated ${counts.ok} of ${counts.pairs} pair${counts.pairs === 1 ? '' : 's'} (${parts.join(', ')}); report in ${result.out}\n`;
  // Overall sets only, without the per-feature geometry rows: summary.json and pairs.csv hold the rest.
  const overall = result.summary.sets.filter(
    (set: SetMetric) => Object.keys(set.group).length === 0 && !set.metric.startsWith(featurePrefix),
  );
  if (overall.length > 0) {
    text += `\n${formatTable(
      ['METRIC', 'MODEL', 'N', 'MEAN', '95% CI'],
      overall.map((set) => [set.metric, set.model ?? '-', String(set.n), round(set.mean), `[${round(set.ci95[0])}, ${round(set.ci95[1])}]`]),
    )}`;
  }
  for (const file of result.summary.unpaired) text += `unpaired: ${file.side} ${file.path}: ${file.reason}\n`;
  return text;
}

export function evaluateCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, EvaluateArgs> {
  const { io } = runtime;
  return {
    command: 'evaluate',
    describe: 'Score identity and expression preservation of avatars against their real photos (pairs by file name)',
    builder: (y) =>
      y
        .option('real', { type: 'string', demandOption: true, describe: 'Folder of real photos (searched recursively)' })
        .option('avatars', { type: 'string', demandOption: true, describe: 'Folder of avatars named like the real photos (any extension)' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Folder for pairs.jsonl, pairs.csv and summary.json' })
        .option('labels', { type: 'string', describe: 'CSV or JSONL with id, expression, gender, race, ageGroup (default: expression from <expression>/<file> folders)' })
        .option('placements', {
          type: 'string',
          describe: "stylize's placements.jsonl: the faces each avatar was made from and where they went (default: the avatars folder's own; --no-placements: none)",
        })
        .option('threshold', { type: 'string', array: true, coerce: commaList, describe: 'Identity threshold per model, MODEL=COSINE (e.g. mobileface=0.5)' })
        .option('face-models', { type: 'string', describe: 'Folder of the converted embedded face models (default: built on first use)' })
        .option('arcface', { type: 'string', describe: 'ArcFace ONNX file (InsightFace export) for an extra identity model' })
        .option('resamples', { type: 'number', describe: 'Bootstrap resamples per set metric (default 10000)' })
        .example('$0 evaluate --real images --avatars avatars/classic --out eval/classic', 'Score the classic stylizer'),
    handler: async (args) => {
      const thresholds = parseThresholds(args.threshold);
      // Loaded when the command runs: the evaluator and its models stay out of every other command.
      const [{ evaluateFolders, evaluateServices }, { PAIR_METRICS }] = await Promise.all([import('@geneava/pipeline/evaluate'), import('@geneava/evaluator')]);
      const ctx = await createCliContext(args, io);
      const progress = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      const session = cliSession(ctx);
      try {
        const result = await evaluateFolders(
          {
            cwd: io.cwd,
            real: args.real,
            avatars: args.avatars,
            out: args.out,
            thresholds,
            ...(args.labels === undefined ? {} : { labels: args.labels }),
            ...(args.placements === undefined ? {} : { placements: args.placements === false ? false : String(args.placements) }),
            ...(args.resamples === undefined ? {} : { resamples: args.resamples }),
          },
          await evaluateServices(session, {
            ...(args['face-models'] === undefined ? {} : { faceModels: args['face-models'] }),
            ...(args.arcface === undefined ? {} : { arcface: args.arcface }),
            onProgress: progress.onProgress,
          }),
        );
        progress.stop();
        io.stdout.write(args.json ? `${JSON.stringify({ ...result.summary, files: result.files })}\n` : renderHuman(result, PAIR_METRICS.expressionGeometryFeaturePrefix));
        runtime.setExitCode(exitCodeOf(result.outcome));
      } finally {
        progress.stop();
        await session.close();
      }
    },
  };
}
