import type { CommandModule } from 'yargs';
import { reasonOf } from '@geneava/core/util';
import type { StylizedFileRecord, StylizeFolderResult } from '@geneava/pipeline/stylize';
import type { CommandRuntime } from '../command-runtime.js';
import { cliSession, createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { createProgressRenderer } from '../output/progress.js';

interface StylizeArgs extends GlobalArgs {
  stylizer: string;
  models?: string;
  descriptor?: string;
  input: string;
  out: string;
  faces: boolean;
}

function fileLine(record: StylizedFileRecord): string {
  if (record.status === 'skipped') return `skipped  ${record.file}: ${record.reason}`;
  if (record.status === 'failed') return `failed   ${record.file}: ${record.reason}`;
  const faces =
    record.outcome === 'stylized'
      ? `, ${record.facesStylized} face${record.facesStylized === 1 ? '' : 's'}`
      : record.outcome === 'no-face' && record.facesDetected === 0
        ? ', no face detected'
        : '';
  const notes = record.notes?.length ? ` (${record.notes.join('; ')})` : '';
  return `ok       ${record.file} -> ${record.output} (${record.outcome}${faces})${notes}`;
}

function renderHuman(name: string, outDir: string, result: StylizeFolderResult): string {
  const { summary } = result;
  const outcomes = Object.entries(summary.outcomes)
    .filter(([, n]) => n > 0)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  const tail = [summary.failed > 0 ? `${summary.failed} failed` : '', summary.skipped > 0 ? `${summary.skipped} skipped` : ''].filter(Boolean).join(', ');
  const line = `${name}: ${summary.ok} of ${summary.images} image${summary.images === 1 ? '' : 's'} stylized into ${outDir} in ${summary.seconds} s${outcomes ? ` (${outcomes})` : ''}${tail ? `; ${tail}` : ''}`;
  return [...result.files.map(fileLine), line].join('\n') + '\n';
}

export function stylizeCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, StylizeArgs> {
  const { io } = runtime;
  return {
    command: 'stylize',
    describe: 'Turn a folder of photos into avatars with one stylizer (images found recursively, written as PNG)',
    builder: (y) =>
      y
        .option('stylizer', { alias: 's', type: 'string', default: 'classic', describe: 'An enabled stylizer plugin\'s name, or "onnx" with --descriptor' })
        .option('models', { type: 'string', describe: "Model folder, passed to the plugin as its \"models\" option" })
        .option('descriptor', { type: 'string', describe: 'Declarative ONNX stylizer (with --stylizer onnx): a shipped descriptor\'s name (e.g. animeganv2-face-paint-512-v2) or a descriptor .json; --models DIR holds its model file' })
        .option('input', { alias: 'i', type: 'string', demandOption: true, describe: 'Folder of photos (searched recursively; other files are skipped)' })
        .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Folder for the avatars: <out>/<relative path>.png' })
        .option('faces', {
          type: 'boolean',
          default: true,
          describe: 'Detect faces with the face analyzer and give them to the stylizer, as compare and run do (--no-faces: never)',
        })
        .example('$0 stylize --input photos --out avatars', 'Stylize with the built-in classic cartoon filter')
        .example('$0 stylize --stylizer onnx --descriptor styles/anime.json -i photos -o anime', 'Run a declarative ONNX stylizer'),
    handler: async (args) => {
      // Loaded when the command runs, so the rest of the CLI (and its help) does not load the stylize job.
      const { stylizeFolder, stylizeServices } = await import('@geneava/pipeline/stylize');
      const ctx = await createCliContext(args, io);
      const renderer = createProgressRenderer(io, { json: ctx.json, quiet: Boolean(args.quiet) });
      const session = cliSession(ctx);
      try {
        const result = await stylizeFolder(
          {
            input: args.input,
            out: args.out,
            cwd: io.cwd,
            stylizer: args.stylizer,
            ...(args.descriptor !== undefined ? { descriptor: args.descriptor } : {}),
            ...(args.models !== undefined ? { models: args.models } : {}),
            faces: args.faces,
          },
          stylizeServices(session, { onProgress: renderer.onProgress }),
        );
        renderer.stop();
        io.stdout.write(ctx.json ? `${JSON.stringify(result)}\n` : renderHuman(args.stylizer, result.out, result));
        runtime.setExitCode(exitCodeOf(result.outcome));
      } finally {
        renderer.stop();
        await session.close().catch((error: unknown) => ctx.logger.warn(reasonOf(error)));
      }
    },
  };
}
