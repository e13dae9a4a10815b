import type { CommandModule } from 'yargs';
import type { PluginsListResult } from '@geneava/pipeline/plugins';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { exitCodeOf } from '../exit-codes.js';
import { formatTable } from '../output/table.js';

function renderHuman(result: Omit<PluginsListResult, 'outcome'>): string {
  let text = 'Enabled plugins (from the config):\n';
  text += result.enabled.length === 0
    ? '  (none)\n'
    : formatTable(
        ['NAME', 'KIND', 'VERSION', 'PACKAGE', 'STATUS'],
        result.enabled.map((p) => [p.name ?? '-', p.kind ?? '-', p.version ?? '-', p.package, p.status]),
      );
  for (const failed of result.enabled.filter((p) => p.status === 'failed')) text += `error: ${failed.reason}\n`;
  if (result.installed.length > 0) {
    text += '\nInstalled but not enabled (add to "plugins" in geneava.config.json to use):\n';
    text += formatTable(
      ['PACKAGE', 'KIND', 'VERSION', 'STATUS'],
      result.installed.map((p) => [p.name, p.manifest?.kind ?? '-', p.version ?? '-', p.problem ? `unusable: ${p.problem}` : 'ok']),
    );
  }
  return text;
}

export function pluginsCommand(runtime: CommandRuntime): CommandModule<GlobalArgs, GlobalArgs> {
  const { io } = runtime;
  const list: CommandModule<GlobalArgs, GlobalArgs> = {
    command: 'list',
    describe: 'Load the enabled plugins and list them, with installed ones that are not enabled',
    handler: async (args) => {
          const ctx = await createCliContext(args, io);
          const { listPlugins } = await import('@geneava/pipeline/plugins');
          const { outcome, ...result } = listPlugins(await ctx.plugins());
          io.stdout.write(args.json ? `${JSON.stringify(result)}\n` : renderHuman(result));
          runtime.setExitCode(exitCodeOf(outcome));
    },
  };
  return {
    command: 'plugins <action>',
    describe: 'Inspect plugins',
    builder: (y) => y.command(list).demandCommand(1, 'name an action: list'),
    handler: () => undefined,
  };
}
