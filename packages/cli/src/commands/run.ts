import type { CommandModule } from 'yargs';
import { UsageError } from '@geneava/core/util';
import type { RunRequest, RunServices } from '@geneava/pipeline/run';
import { commaList, type CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf, signalExitCode } from '../exit-codes.js';
import { createProgressRenderer } from '../output/progress.js';
import { renderIdentitySetLines, renderRunSummary, runSummaryJson } from '../run/render.js';
import { watchInterrupts, type InterruptedError, type InterruptSignal } from './generate-interrupt.js';

/** What the user is told at the first SIGINT or SIGTERM during `geneava run`. */
export function runInterruptNotice(signal: InterruptSignal): string {
  return `${signal} received: stopping after the current step; finished work is kept, run the same command again to finish the dataset (send it again to quit at once)`;
}

interface RunArgs extends GlobalArgs {
  demo: boolean;
  source?: string;
  labels?: string;
  'split-faces'?: boolean;
  out?: string;
  'max-items'?: number;
  expressions?: string[];
  stylizers?: string[];
  report: boolean;
  queue?: string;
  'queue-name'?: string;
  'identity-sets'?: number;
  'identity-photos'?: string;
  'identity-strength'?: number;
  'expression-templates'?: string;
}

export function runCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, RunArgs> {
  const { io } = runtime;
  return {
    command: 'run',
    describe: 'Build an expressive-avatar dataset: faces -> filter -> stylize -> evaluate -> curate (resumable)',
    builder: (y) =>
      y
        .option('demo', { type: 'boolean', default: false, describe: 'Build from the six sample photos that ship with the CLI, one item per face' })
        .option('source', { type: 'string', describe: 'Folder of face photos instead of generating (labels from --labels or <expression>/<file> folders)' })
        .option('labels', { type: 'string', describe: 'CSV or JSONL with id, file, expression, gender, race, ageGroup for --source photos' })
        .option('split-faces', { type: 'boolean', describe: 'One item per detected face of each --source photo (group photos)' })
        .option('out', { alias: 'o', type: 'string', describe: 'Dataset folder (default: run.out, geneava-dataset; with --demo geneava-demo)' })
        .option('max-items', { type: 'number', describe: 'Build at most this many items' })
        .option('expressions', { type: 'string', array: true, coerce: commaList, describe: 'Only items with these expressions, comma-separated' })
        .option('stylizers', { type: 'string', array: true, coerce: commaList, describe: 'Stylizers to run, comma-separated (default: run.stylizers of the config, classic)' })
        .option('report', { type: 'boolean', default: true, describe: 'Write report.html (--no-report: skip it)' })
        .option('queue', { type: 'string', describe: 'Distribute the items over `geneava worker` processes through Redis: redis://HOST:PORT/N' })
        .option('queue-name', { type: 'string', describe: 'Queue name in that Redis (default geneava-items)' })
        .option('identity-sets', { type: 'number', describe: 'Build K identities x the --expressions: a neutral anchor per identity, then each expression by image-to-image from it' })
        .option('identity-photos', { type: 'string', describe: 'Folder of photos, one identity anchor each, instead of generated anchors (with --identity-sets K: the first K)' })
        .option('identity-strength', { type: 'number', describe: 'Image-to-image strength of identity-set members, in (0, 1] (default 0.6)' })
        .option('expression-templates', { type: 'string', describe: 'Folder of template images: the face analyzer reads the expressions of the identity sets from them' })
        .example('$0 run --demo', 'Build a small dataset from the sample photos, with its report')
        .example('$0 run --source photos --labels labels.csv', 'Build from your own photos')
        .example('$0 run --expressions joy,anger --max-items 20', 'Generate 20 items with the enabled generator')
        .example('$0 run --queue redis://10.0.0.5:6379/0', 'Build on the GPU machines running `geneava worker`')
        .example('$0 run --identity-sets 4 --expressions glee,rage,grief --identity-strength 0.6', '4 identities, each with 3 expressions')
        .epilogue(
          'Killed or interrupted? Run the same command again: finished work is kept, the rest is done.\n' +
            'metadata.jsonl, metadata.csv, README.md and report.html describe the items and stylizers the command selects; ' +
            'changed curation thresholds take effect on the next run without redoing any work.',
        ),
    handler: async (args) => {
      // Loaded when the command runs: the run's generator, stylizers and evaluator stay out of every other command.
      const { runDataset } = await import('@geneava/pipeline/run');
      const ctx = await createCliContext(args, io);
      const renderer = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      // SIGINT and SIGTERM alike: one notice, the build stops between steps and releases its lock, exit 130 or 143.
      const interrupts = watchInterrupts(
        (signal) => io.stderr.write(ctx.json ? `${JSON.stringify({ interrupt: { signal, message: runInterruptNotice(signal) } })}\n` : `geneava: ${runInterruptNotice(signal)}\n`),
        io.signals,
      );
      try {
        const request: RunRequest = {
          demo: args.demo,
          report: args.report,
          ...(args.source !== undefined ? { source: args.source } : {}),
          ...(args.labels !== undefined ? { labels: args.labels } : {}),
          ...(args['split-faces'] !== undefined ? { splitFaces: args['split-faces'] } : {}),
          ...(args.out !== undefined ? { out: args.out } : {}),
          ...(args['max-items'] !== undefined ? { maxItems: args['max-items'] } : {}),
          ...(args.expressions !== undefined ? { expressions: args.expressions } : {}),
          ...(args.stylizers !== undefined ? { stylizers: args.stylizers } : {}),
          ...(args['identity-sets'] !== undefined ? { identitySets: args['identity-sets'] } : {}),
          ...(args['identity-photos'] !== undefined ? { identityPhotos: args['identity-photos'] } : {}),
          ...(args['identity-strength'] !== undefined ? { identityStrength: args['identity-strength'] } : {}),
          ...(args['expression-templates'] !== undefined ? { expressionTemplates: args['expression-templates'] } : {}),
        };
        // Members start from their anchor's image in this folder, so anchors must be done first: one machine.
        if (args.queue !== undefined && (request.identitySets !== undefined || request.identityPhotos !== undefined)) {
          throw new UsageError('--queue does not build identity sets yet (members need their anchors made first); run them without --queue');
        }
        // With --queue the items run on workers; the folder, its journal and metadata stay this process's.
        // BullMQ and its Redis client are loaded only then.
        let build: RunServices['build'];
        if (args.queue !== undefined) {
          const { buildDatasetOnQueue, parseQueueUrl, queueRunSpec } = await import('@geneava/pipeline/queue');
          const queue = parseQueueUrl(args.queue, args['queue-name']);
          const spec = queueRunSpec(request, ctx.loaded, io.cwd);
          build = (options) => buildDatasetOnQueue({ ...options, queue, spec, onQueueError: (message) => ctx.logger.warn(`queue: ${message}`) });
        }
        const { result, outcome, failedStylizers, skipped, identitySets } = await runDataset(request, {
          loaded: ctx.loaded,
          container: ctx.container,
          logger: ctx.logger,
          cwd: io.cwd,
          registry: await ctx.plugins(),
          onProgress: renderer.onProgress,
          signal: interrupts.signal,
          ...(build ? { build } : {}),
        });
        renderer.stop();
        // A stylizer that could not run is named with its own error; the others' results stand (exit 2).
        if (!ctx.json) for (const failed of failedStylizers) io.stderr.write(`geneava: stylizer "${failed.name}" did not run: ${failed.reason}\n`);
        io.stdout.write(
          ctx.json
            ? `${JSON.stringify({ ...runSummaryJson(result), failedStylizers, skipped, ...(identitySets ? { identitySets: identitySets.views } : {}) })}\n`
            : renderRunSummary(result) + skipped.map(({ file, reason }) => `skipped: ${file}: ${reason}\n`).join('') + (identitySets ? renderIdentitySetLines(identitySets) : ''),
        );
        runtime.setExitCode(exitCodeOf(outcome));
      } catch (error) {
        if (!interrupts.signal.aborted) throw error;
        // The notice was the one message; the dataset's lock and the model sessions are released by now.
        runtime.setExitCode(signalExitCode((interrupts.signal.reason as InterruptedError).signalName));
      } finally {
        renderer.stop();
        interrupts.dispose();
      }
    },
  };
}
