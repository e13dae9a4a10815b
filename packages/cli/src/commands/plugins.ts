import type { CommandModule } from 'yargs';
import type { CommandRuntime } from '../command-runtime.js';
import { createCliContext, type GlobalArgs } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { pluginsListHandler, type PluginsListResult } from '../handlers/plugins-list.js';
import { formatTable } from '../output/table.js';

function renderHuman(result: PluginsListResult): string {
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
          const result = pluginsListHandler(await ctx.plugins());
          io.stdout.write(args.json ? `${JSON.stringify(result)}\n` : renderHuman(result));
          const failed = result.enabled.filter((p) => p.status === 'failed').length;
          // Invalid options are a configuration error, as in every other command.
          const misconfigured = result.enabled.some((p) => p.invalidOptions);
          runtime.setExitCode(misconfigured ? EXIT.usage : failed === 0 ? EXIT.ok : failed < result.enabled.length ? EXIT.partial : EXIT.failure);
    },
  };
  return {
    command: 'plugins <action>',
    describe: 'Inspect plugins',
    builder: (y) => y.command(list).demandCommand(1, 'name an action: list'),
    handler: () => undefined,
  };
}
