import type { CommandModule } from 'yargs';
import { reasonOf } from '@geneava/core/util';
import type { ComparisonModel, formatMetricValue, formatRank } from '@geneava/evaluator';
import type { CompareResult } from '@geneava/pipeline/compare';
import { commaList, type CommandRuntime } from '../command-runtime.js';
import { cliSession, createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { createProgressRenderer } from '../output/progress.js';
import { formatTable } from '../output/table.js';
import { unsharedItemLines } from '../output/unshared-items.js';
import { parseThresholds } from './threshold-flag.js';

interface CompareArgs extends GlobalArgs {
  stylizers?: string[];
  input: string;
  out: string;
  labels?: string;
  threshold?: string[];
  'face-models'?: string;
  arcface?: string;
  resamples?: number;
  seed?: number;
  worst?: number;
  sample?: number;
  'max-images'?: number;
}

/** The evaluator's formatting of ranks and metric values, loaded with the evaluator when the command runs. */
interface LeaderboardFormat {
  readonly formatRank: typeof formatRank;
  readonly formatMetricValue: typeof formatMetricValue;
}

/** The leaderboard on the headline metrics, as a plain-text table. */
function leaderboardTable(model: ComparisonModel, { formatRank, formatMetricValue }: LeaderboardFormat): string {
  const metrics = model.metrics.filter((metric) => metric.headline);
  const header = ['RANK', 'STYLIZER', 'SCORE', 'SCORED', ...metrics.map((metric) => metric.shortLabel.toUpperCase())];
  const rows = model.leaderboard.map((row) => [
    // The place as the data support it ("1–2"), or "not stylized" for a stylizer that is not ranked.
    formatRank(row),
    row.stylizer,
    Number.isFinite(row.score) ? row.score.toFixed(2) : '-',
    `${row.ok}/${row.attempted}`,
    ...metrics.map((metric) => formatMetricValue(row.metrics[metric.key]?.mean, metric)),
  ]);
  return formatTable(header, rows);
}

function renderHuman(result: CompareResult, format: LeaderboardFormat): string {
  const { counts, stylizers } = result.model;
  const problems = [`${counts.failedPairs} failed pair${counts.failedPairs === 1 ? '' : 's'}`, `${counts.skipped} skipped photo${counts.skipped === 1 ? '' : 's'}`];
  let text = `Compared ${stylizers.length} stylizer${stylizers.length === 1 ? '' : 's'} on ${counts.compared} of ${counts.items} photo${counts.items === 1 ? '' : 's'} (${problems.join(', ')})\n\n`;
  text += leaderboardTable(result.model, format);
  for (const skipped of result.model.skipped) text += `skipped: ${skipped.id}: ${skipped.reason}\n`;
  for (const failure of result.model.failures) text += `failed: ${failure.stylizer} on ${failure.id}: ${failure.reason}\n`;
  text += unsharedItemLines(result.model);
  text += `\nReport: ${result.files.html}\nData: ${result.files.json}, ${result.files.csv}\nAvatars: ${result.avatarsDir}\n`;
  return text;
}

export function compareCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, CompareArgs> {
  const { io } = runtime;
  return {
    command: 'compare',
    describe: 'Run several stylizers on the same photos and rank them on identity and expression preservation, with paired statistics and an HTML report',
    builder: (y) =>
      y
        .option('stylizers', {
          alias: 's',
          type: 'string',
          array: true,
          demandOption: true,
          coerce: commaList,
          describe: 'Stylizers to compare: enabled plugin names (NAME or NAME:MODELS_DIR) and declarative ONNX ones (onnx:DESCRIPTOR.json), comma-separated',
        })
        .option('input', { alias: 'i', type: 'string', demandOption: true, describe: 'Folder of photos (searched recursively)' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Folder for avatars/, comparison.json, comparison.csv and report.html' })
        .option('labels', { type: 'string', describe: 'CSV or JSONL with id, expression, gender, race, ageGroup (default: expression from <expression>/<file> folders)' })
        .option('threshold', { type: 'string', array: true, coerce: commaList, describe: 'Identity threshold per model, MODEL=COSINE (e.g. mobileface=0.5)' })
        .option('face-models', { type: 'string', describe: 'Folder of the converted embedded face models (default: built on first use)' })
        .option('arcface', { type: 'string', describe: 'ArcFace ONNX file (InsightFace export) for an extra identity model' })
        .option('resamples', { type: 'number', describe: 'Bootstrap and Monte Carlo resamples per interval and test (default 10000)' })
        .option('seed', { type: 'number', describe: 'Seed of the resampling, for reproducible intervals (default fixed)' })
        .option('worst', { type: 'number', describe: 'Worst cases shown per stylizer in the report (default 4)' })
        .option('sample', { type: 'number', describe: 'Photos in the report\'s sample grid (default 8)' })
        .option('max-images', { type: 'number', describe: 'Compare on the first N photos only (in path order)' })
        .example('$0 compare --stylizers classic,onnx:styles/anime.json --input photos --out compare', 'Classic against a declarative ONNX stylizer')
        .example('$0 compare -s classic,dctnet:models/dctnet -i photos -o compare --labels labels.csv', 'With expression and demographic breakdowns'),
    handler: async (args) => {
      const thresholds = parseThresholds(args.threshold);
      // Loaded when the command runs: the evaluator and its models stay out of every other command.
      const [{ compareServices, compareStylizers }, evaluator] = await Promise.all([import('@geneava/pipeline/compare'), import('@geneava/evaluator')]);
      const ctx = await createCliContext(args, io);
      const progress = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      const session = cliSession(ctx);
      try {
        const result = await compareStylizers(
          {
            cwd: io.cwd,
            stylizers: args.stylizers ?? [],
            input: args.input,
            out: args.out,
            thresholds,
            ...(args.labels === undefined ? {} : { labels: args.labels }),
            ...(args.resamples === undefined ? {} : { resamples: args.resamples }),
            ...(args.seed === undefined ? {} : { seed: args.seed }),
            ...(args.worst === undefined ? {} : { worst: args.worst }),
            ...(args.sample === undefined ? {} : { sample: args.sample }),
            ...(args['max-images'] === undefined ? {} : { maxImages: args['max-images'] }),
          },
          await compareServices(session, {
            ...(args['face-models'] === undefined ? {} : { faceModels: args['face-models'] }),
            ...(args.arcface === undefined ? {} : { arcface: args.arcface }),
            onProgress: progress.onProgress,
          }),
        );
        progress.stop();
        io.stdout.write(ctx.json ? `${JSON.stringify({ ...evaluator.comparisonJson(result.model), files: result.files, avatars: result.avatarsDir })}\n` : renderHuman(result, evaluator));
        runtime.setExitCode(exitCodeOf(result.outcome));
      } finally {
        progress.stop();
        await session.close().catch((error: unknown) => ctx.logger.warn(reasonOf(error)));
      }
    },
  };
}
