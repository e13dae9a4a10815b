import type { CommandModule } from 'yargs';
import type { ModelCheckReport, ModelKindDefinition, PluginRegistry } from '@geneava/core/plugins';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { formatTable } from '../output/table.js';

interface CheckArgs extends GlobalArgs {
  kind: string;
  path: string;
}

function renderReport(report: ModelCheckReport): string {
  const facts = Object.entries(report.facts ?? {}).map(([k, v]) => `  ${k}: ${v}\n`).join('');
  if (report.ok) return `ok: ${report.path} is a valid ${report.kind} model\n${facts}`;
  const problems = report.problems.map((p) => `  ${p.file}: ${p.message}\n`).join('');
  return `${report.path}: not a valid ${report.kind} model (${report.problems.length} problem${report.problems.length === 1 ? '' : 's'})\n${problems}${facts ? `facts:\n${facts}` : ''}`;
}

/** The model kinds `models` knows; their definitions come with the generator, stylizer and analysis packages, loaded only here. */
async function modelKinds(registry: PluginRegistry): Promise<ModelKindDefinition[]> {
  const { availableModelKinds } = await import('../model-kinds.js');
  return availableModelKinds(registry);
}

export function modelsCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, GlobalArgs> {
  const { io } = runtime;
  const check: CommandModule<GlobalArgs, CheckArgs> = {
    command: 'check <kind> <path>',
    describe: 'Check a model folder or file against its contract and report every problem at once',
    builder: (c) =>
      c
        .positional('kind', { type: 'string', demandOption: true, describe: 'Model kind (see `geneava models kinds`)' })
        .positional('path', { type: 'string', demandOption: true, describe: 'Model folder or file' }),
    handler: async (args) => {
      const ctx = await createCliContext(args, io);
      const kinds = await modelKinds(await ctx.plugins());
      const { checkModel } = await import('@geneava/pipeline/models');
      const { report, outcome } = await checkModel({ kinds, kind: args.kind, path: args.path, cwd: io.cwd });
      io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : renderReport(report));
      runtime.setExitCode(exitCodeOf(outcome));
    },
  };
  const kindsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
    command: 'kinds',
    describe: 'List the model kinds `models check` knows',
    handler: async (args) => {
      const ctx = await createCliContext(args, io);
      const kinds = await modelKinds(await ctx.plugins());
      io.stdout.write(
        args.json
          ? `${JSON.stringify(kinds.map((k) => ({ kind: k.kind, description: k.description })))}\n`
          : formatTable(['KIND', 'DESCRIPTION'], kinds.map((k) => [k.kind, k.description])),
      );
    },
  };
  return {
    command: 'models <action>',
    describe: 'Validate user-supplied model files before any heavy work',
    builder: (y) => y.command(check).command(kindsCommand).demandCommand(1, 'name an action: check, kinds'),
    handler: () => undefined,
  };
}
