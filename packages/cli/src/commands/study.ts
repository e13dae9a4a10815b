/**
 * `geneava study create | serve | export | raters`: the human evaluation of avatars (the paper's user
 * study). The work is in @geneava/study; this file parses flags and prints.
 */
import type { CommandModule } from 'yargs';
import { reasonOf } from '@geneava/core/util';
import type { ExportedStudy, StudyResults } from '@geneava/study';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { studyAddRatersHandler, studyCreateHandler, studyExportHandler, studyServeHandler } from '../handlers/study.js';
import { createProgressRenderer } from '../output/progress.js';
import { formatTable } from '../output/table.js';

interface CreateArgs extends GlobalArgs {
  from: string;
  out: string;
  'pairs-per-task': number;
  'raters-per-task': number;
  raters?: number;
  'pairs-per-cell': number;
  seed: number;
  'strength-question': boolean;
}
interface ServeArgs extends GlobalArgs {
  dir: string;
  port: number;
  host: string;
  'abandon-after'?: number;
}
interface DirArgs extends GlobalArgs {
  dir: string;
}
interface ExportArgs extends DirArgs {
  'annotate-source': boolean;
}
interface RatersArgs extends DirArgs {
  add: number;
}

/** Metrics whose correlation with people the terminal shows; results.json and report.html have them all. */
const HEADLINE_METRIC = /^(identity\.cosine|expression\.(top1_agree|prob_cosine|geometry_distance)$|stylization\.strength$|detection\.redetected$)/;
const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)}%` : '-');
const f2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '-');

/** The export for people: counts, then each question's approval per stylizer, agreement and calibration. */
export function renderStudyResults(exported: ExportedStudy): string {
  const results: StudyResults = exported.results;
  const { counts } = results;
  let text = `${counts.valid} valid task${counts.valid === 1 ? '' : 's'} of ${counts.completed} finished (${counts.failedAttention} failed the attention check and were discarded, ${counts.incomplete} unfinished), ${counts.ratings} answers on ${counts.pairs} pairs\n\n`;
  const rows = results.rates.filter((row) => row.groupKey === null);
  text += formatTable(
    ['QUESTION', 'STYLIZER', 'APPROVAL', '95% CI', 'N'],
    rows.map((row) => [row.question, row.stylizer ?? 'all', pct(row.rate), `${pct(row.ci95[0])}-${pct(row.ci95[1])}`, String(row.n)]),
  );
  text += `\nAgreement (Fleiss' kappa): ${results.agreement.map((row) => `${row.question} ${f2(row.kappa)} (${row.subjects} pairs)`).join(', ')}\n`;
  for (const fit of results.thresholds) {
    // With verdicts all one way, every cut on that side agrees: the threshold is a bound, not a fit.
    const oneSided = fit.different === 0 ? ' (people judged every pair the same person: a lower bound only)' : fit.same === 0 ? ' (people judged no pair the same person: an upper bound only)' : '';
    text += `Identity threshold that best agrees with people: ${fit.metric} >= ${fit.threshold.toFixed(3)} (${pct(fit.agreement)} of ${fit.n} pairs)${oneSided}\n`;
  }
  const correlations = results.correlations.filter((row) => row.n >= 3 && Number.isFinite(row.spearman) && HEADLINE_METRIC.test(row.metric));
  if (correlations.length > 0) {
    text += `\nPeople against the main metrics (every metric in the results):\n${formatTable(['QUESTION', 'METRIC', 'SPEARMAN', 'PEARSON', 'PAIRS'], correlations.map((row) => [row.question, row.metric, f2(row.spearman), f2(row.pearson), String(row.n)]))}`;
  }
  text += `\nReport: ${exported.files.html}\nResults: ${exported.files.json}\nAnswers: ${exported.files.csv}\n`;
  text += `People's identity verdicts for geneava calibrate identity --pairs: ${exported.files.identityPairs}\n`;
  if (exported.files.sourceReport) text += `Human results added to: ${exported.files.sourceReport}\n`;
  return text;
}

/** Resolves when the process is asked to stop (Ctrl-C or a service manager), with the signal's name. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolveStop) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function studyCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, GlobalArgs> {
  const { io } = runtime;
  const dir = { type: 'string', demandOption: true, describe: 'The study folder (from study create)' } as const;

  const create: CommandModule<GlobalArgs, CreateArgs> = {
    command: 'create',
    describe: 'Sample (photo, avatar) pairs from a run dataset or a compare folder into rating tasks with attention checks',
    builder: (y) =>
      y
        .option('from', { type: 'string', demandOption: true, describe: 'A geneava run dataset (metadata.jsonl) or a geneava compare output folder (comparison.json)' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'New folder for the study' })
        .option('pairs-per-task', { type: 'number', default: 15, describe: 'Pairs per task, the attention check included' })
        .option('raters-per-task', { type: 'number', default: 9, describe: 'Raters who judge each task' })
        .option('raters', { type: 'number', describe: 'Rater links to make (default: --raters-per-task)' })
        .option('pairs-per-cell', { type: 'number', default: 7, describe: 'Pairs per expression and stylizer' })
        .option('seed', { type: 'number', default: 1, describe: 'Seed of the sampling and the task order' })
        .option('strength-question', { type: 'boolean', default: false, describe: 'Also ask whether the avatar is a cartoon, not a photo' })
        .example('$0 study create --from dataset --out study --pairs-per-task 15 --raters-per-task 9', 'The paper\'s design'),
    handler: async (args) => {
      const ctx = await createCliContext(args, io);
      const progress = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      try {
        const created = await studyCreateHandler(
          {
            from: args.from,
            out: args.out,
            pairsPerTask: args['pairs-per-task'],
            ratersPerTask: args['raters-per-task'],
            pairsPerCell: args['pairs-per-cell'],
            seed: args.seed,
            strengthQuestion: args['strength-question'],
            ...(args.raters === undefined ? {} : { raters: args.raters }),
          },
          io.cwd,
          progress.onProgress,
        );
        progress.stop();
        if (ctx.json) io.stdout.write(`${JSON.stringify({ dir: created.dir, tasks: created.tasks, pairs: created.pairs, stylizers: created.stylizers, raters: created.raters.length })}\n`);
        else {
          const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
          io.stdout.write(
            `Study in ${created.dir}: ${count(created.tasks, 'task')}, ${count(created.pairs, 'pair')} (attention checks included), ${count(created.stylizers.length, 'stylizer')}, ${count(created.raters.length, 'rater link')}\nStart it with: geneava study serve --dir ${created.dir}\n`,
          );
        }
      } finally {
        progress.stop();
      }
    },
  };

  const serve: CommandModule<GlobalArgs, ServeArgs> = {
    command: 'serve',
    describe: 'Serve the rater page and print one link per rater; answers are saved in the study folder as they are given',
    builder: (y) =>
      y
        .option('dir', dir)
        .option('port', { type: 'number', default: 8080, describe: 'Port (0: any free one)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to listen on (0.0.0.0: reachable from phones on the same network)' })
        .option('abandon-after', { type: 'number', describe: 'Minutes after which an unfinished task is also given to another rater (default 60)' })
        .example('$0 study serve --dir study --host 0.0.0.0 --port 8080', 'Raters on the local network'),
    handler: async (args) => {
      // The server keeps running after a failed request; the person running it hears of each one.
      const { server, links } = await studyServeHandler(
        { dir: args.dir, host: args.host, port: args.port, ...(args['abandon-after'] === undefined ? {} : { abandonAfterMinutes: args['abandon-after'] }) },
        io.cwd, (error) => io.stderr.write(`geneava: study server: ${reasonOf(error)}\n`));
      if (args.json) io.stdout.write(`${JSON.stringify({ links })}\n`);
      else io.stdout.write(`Serving ${server.folder.study.tasks.length} tasks. Rater links (send each rater their own):\n${links.map((link) => `  ${link.rater}  ${link.url}`).join('\n')}\nStop with Ctrl-C; answers are already saved.\n`);
      await untilStopped();
      await server.close();
    },
  };

  const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
    command: 'export',
    describe: 'Approval rates with confidence intervals, attention-check discards, agreement, metric correlations and the identity threshold people agree with',
    builder: (y) =>
      y
        .option('dir', dir)
        .option('annotate-source', { type: 'boolean', default: true, describe: 'Add the human results to the report of the run or comparison the study came from (--no-annotate-source: leave it as it is)' }),
    handler: async (args) => {
      const exported = await studyExportHandler({ dir: args.dir, annotateSource: args['annotate-source'] }, io.cwd);
      const json = JSON.stringify({ ...exported.results, files: exported.files }, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
      io.stdout.write(args.json ? `${json}\n` : renderStudyResults(exported));
    },
  };

  const raters: CommandModule<GlobalArgs, RatersArgs> = {
    command: 'raters',
    describe: 'Add rater links to a study (restart the server to use them)',
    builder: (y) => y.option('dir', dir).option('add', { type: 'number', demandOption: true, describe: 'How many links to add' }),
    handler: async (args) => {
      const added = await studyAddRatersHandler({ dir: args.dir, add: args.add }, io.cwd);
      io.stdout.write(args.json ? `${JSON.stringify({ raters: added })}\n` : `${added.map((rater) => `${rater.id}  ${rater.token}`).join('\n')}\nLinks are http://HOST:PORT/rate/<token>; geneava study serve prints them in full.\n`);
    },
  };

  return {
    command: 'study <command>',
    describe: 'Human evaluation of avatars: create a rating study, serve it to raters, export the results',
    builder: (y) => y.command(create).command(serve).command(exportCommand).command(raters).demandCommand(1, 'name a study command: create, serve, export or raters'),
    handler: () => undefined,
  };
}
