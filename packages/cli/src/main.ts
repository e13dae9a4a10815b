import yargs from 'yargs';
import { ConfigError } from '@geneava/core/config';
import { GeneavaError, UsageError, reasonOf } from '@geneava/core/util';
import { PluginOptionsError } from '@geneava/core/plugins';
import type { CommandRuntime } from './command-runtime.js';
import { auditCommand } from './commands/audit.js';
import { calibrateCommand } from './commands/calibrate.js';
import { compareCommand } from './commands/compare.js';
import { evaluateCommand } from './commands/evaluate.js';
import { generateCommand } from './commands/generate.js';
import { withGlobalOptions } from './commands/global-options.js';
import { modelsCommand } from './commands/models.js';
import { planCommand } from './commands/plan.js';
import { pluginsCommand } from './commands/plugins.js';
import { queueCommand } from './commands/queue.js';
import { runCommand } from './commands/run.js';
import { studyCommand } from './commands/study.js';
import { stylizeCommand } from './commands/stylize.js';
import { workerCommand } from './commands/worker.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './output/io.js';
import { CLI_VERSION } from './version.js';

function exitCodeFor(error: unknown): ExitCode {
  // A plugin's invalid options are a configuration error like any other: nothing was done.
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof PluginOptionsError) return EXIT.usage;
  return EXIT.failure;
}

function reportError(error: unknown, io: CliIo, json: boolean): void {
  const code = error instanceof GeneavaError ? error.code : 'error';
  if (json) io.stdout.write(`${JSON.stringify({ error: { code, message: reasonOf(error) } })}\n`);
  else io.stderr.write(`geneava: ${reasonOf(error)}\n`);
}

/** Runs the CLI on `argv` (without node and script) and returns the exit code; never calls process.exit. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode: ExitCode = EXIT.ok;
  const runtime: CommandRuntime = { io, setExitCode: (code) => { exitCode = code; } };
  const json = argv.includes('--json');
  const parser = withGlobalOptions(yargs([...argv]))
    .scriptName('geneava')
    .usage('$0 <command> [options]\n\nText to expressive faces to cartoon avatars,\nscored for identity and expression preservation.')
    .command(planCommand(runtime))
    .command(pluginsCommand(runtime))
    .command(stylizeCommand(runtime))
    .command(modelsCommand(runtime))
    .command(generateCommand(runtime))
    .command(evaluateCommand(runtime))
    .command(auditCommand(runtime))
    .command(calibrateCommand(runtime))
    .command(compareCommand(runtime))
    .command(runCommand(runtime))
    .command(studyCommand(runtime))
    .command(workerCommand(runtime))
    .command(queueCommand(runtime))
    .demandCommand(1, 'name a command (see geneava --help)')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(CLI_VERSION)
    .epilogue('Exit codes: 0 success, 1 failure, 2 partial failure, 64 usage or configuration error, 130 stopped by Ctrl-C, 143 stopped by SIGTERM.')
    .wrap(process.stdout.isTTY ? Math.min(120, process.stdout.columns ?? 120) : null)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  try {
    let output = '';
    await parser.parseAsync([...argv], {}, (_error, _argv, text) => {
      output = text;
    });
    if (output) io.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  } catch (error) {
    reportError(error, io, json);
    exitCode = exitCodeFor(error);
  }
  return exitCode;
}
