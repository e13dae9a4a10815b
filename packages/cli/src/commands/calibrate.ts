/**
 * `geneava calibrate identity`: fits an identity model's same/different threshold on labelled pairs by
 * maximum information gain (the GenEAva paper's method) and prints or writes it with its basis. The
 * work is in the evaluator library and @geneava/pipeline's calibrateIdentity; this file parses flags and
 * prints the result (text, or JSON with --json).
 */
import type { CommandModule } from 'yargs';
import type { IdentityThresholdRecord } from '@geneava/evaluator';
import type { CalibrationIdentityModel } from '@geneava/pipeline/calibrate';
import type { CommandRuntime } from '../command-runtime.js';
import { cliSession, createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { createProgressRenderer } from '../output/progress.js';
import { CALIBRATION_IDENTITY_CHOICES } from './flag-choices.js';

interface IdentityArgs extends GlobalArgs {
  people?: string;
  pairs?: string;
  identity: string;
  arcface?: string;
  out?: string;
  'max-different-pairs'?: number;
  resamples?: number;
  seed?: number;
  description?: string;
  'face-models'?: string;
}

const f3 = (value: number) => value.toFixed(3);
const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

export function renderCalibration(record: IdentityThresholdRecord, out: string | undefined): string {
  const d = record.data;
  let text = `${record.model}: same identity when cosine >= ${f3(record.threshold)} (95% bootstrap interval ${f3(record.thresholdInterval95[0])} to ${f3(record.thresholdInterval95[1])})\n`;
  text += `fitted by maximum information gain: ${record.informationGainBits.toFixed(3)} of ${record.entropyBits.toFixed(3)} bits; `;
  text += `false accepts ${pct(record.falseAcceptRate)} of ${record.differentPairs} different-person pairs, false rejects ${pct(record.falseRejectRate)} of ${record.samePairs} same-person pairs\n`;
  text += `scores: same ${f3(record.scores.same.min)}..${f3(record.scores.same.max)} (mean ${f3(record.scores.same.mean)}), different ${f3(record.scores.different.min)}..${f3(record.scores.different.max)} (mean ${f3(record.scores.different.mean)})\n`;
  text += `data: ${d.path} (${d.kind}${d.people !== undefined ? `, ${d.people} people` : ''}, ${d.images} images`;
  text += `${d.imagesWithoutFace.length ? `, ${d.imagesWithoutFace.length} without a face` : ''}${d.unreadable.length ? `, ${d.unreadable.length} unreadable` : ''}${d.skippedPairs ? `, ${d.skippedPairs} pairs skipped` : ''})\n`;
  for (const caveat of record.caveats) text += `caveat: ${caveat}\n`;
  if (out) text += `record written to ${out}\n`;
  return text;
}

export function calibrateCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, GlobalArgs> {
  const { io } = runtime;
  const identity: CommandModule<GlobalArgs, IdentityArgs> = {
    command: 'identity',
    describe: "Fit an identity model's same/different cosine threshold on labelled pairs (maximum information gain)",
    builder: (y) =>
      y
        .option('people', { type: 'string', describe: 'Folder with one subfolder of images per person' })
        .option('pairs', { type: 'string', describe: 'CSV of pairs: a,b,same (paths relative to the CSV; same = 1/0)' })
        .option('identity', { type: 'string', choices: [...CALIBRATION_IDENTITY_CHOICES], default: 'mobileface', describe: 'Identity model' })
        .option('arcface', { type: 'string', describe: 'ArcFace ONNX file (InsightFace export), for --identity arcface' })
        .option('out', { alias: 'o', type: 'string', describe: 'Write the threshold and its basis to this JSON file' })
        .option('max-different-pairs', { type: 'number', describe: 'With --people: different-person pairs at most, sampled (default 20000)' })
        .option('resamples', { type: 'number', describe: 'Bootstrap resamples for the threshold interval (default 200)' })
        .option('seed', { type: 'number', describe: 'Seed of the pair sample and the bootstrap' })
        .option('description', { type: 'string', describe: 'What the pairs are, recorded in the basis (e.g. "photos against classic avatars")' })
        .option('face-models', { type: 'string', describe: 'Folder of the converted embedded face models (default: built on first use)' })
        .example('$0 calibrate identity --people faces/ --out mobileface-threshold.json', 'Fit on a folder per person')
        .example('$0 calibrate identity --pairs pairs.csv --identity arcface --arcface w600k_r50.onnx', 'Fit ArcFace on a CSV of pairs'),
    handler: async (args) => {
      // Loaded when the command runs: the evaluator and its models stay out of every other command.
      const { calibrateIdentity, calibrateIdentityServices } = await import('@geneava/pipeline/calibrate');
      const ctx = await createCliContext(args, io);
      const progress = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      const session = cliSession(ctx);
      try {
        const result = await calibrateIdentity(
          {
            cwd: io.cwd,
            ...(args.people === undefined ? {} : { people: args.people }),
            ...(args.pairs === undefined ? {} : { pairs: args.pairs }),
            identity: args.identity as CalibrationIdentityModel,
            ...(args.arcface === undefined ? {} : { arcface: args.arcface }),
            ...(args.out === undefined ? {} : { out: args.out }),
            ...(args['max-different-pairs'] === undefined ? {} : { maxDifferentPairs: args['max-different-pairs'] }),
            ...(args.resamples === undefined ? {} : { resamples: args.resamples }),
            ...(args.seed === undefined ? {} : { seed: args.seed }),
            ...(args.description === undefined ? {} : { description: args.description }),
          },
          calibrateIdentityServices(session, { ...(args['face-models'] === undefined ? {} : { faceModels: args['face-models'] }), onProgress: progress.onProgress }),
        );
        io.stdout.write(args.json ? `${JSON.stringify({ ...result.record, ...(result.out ? { file: result.out } : {}) })}\n` : renderCalibration(result.record, result.out));
        runtime.setExitCode(exitCodeOf(result.outcome));
      } finally {
        progress.stop();
        await session.close();
      }
    },
  };
  return {
    command: 'calibrate <what>',
    describe: 'Calibrate decision thresholds on labelled data (identity)',
    builder: (y) => y.command(identity).demandCommand(1, 'name what to calibrate: identity'),
    handler: () => undefined,
  };
}
