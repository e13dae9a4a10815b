import { configureImageDecoding } from '@geneava/core/image';
import { createGeneavaContainer, type DependencyContainer } from '@geneava/core/di';
import { loadConfig, type LoadedConfig } from '@geneava/core/config';
import type { Logger } from '@geneava/core/util';
import type { PluginRegistry } from '@geneava/core/plugins';
import type { PipelineSession } from '@geneava/pipeline/session';
import type { CliIo } from './output/io.js';
import { StderrLogger, type LogLevel } from './output/stderr-logger.js';

/** Options every command accepts. */
export interface GlobalArgs {
  readonly config?: string;
  readonly device?: string;
  readonly gpu?: number;
  readonly maxPixels?: number;
  readonly decodePixels?: number;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export interface CliContext {
  readonly io: CliIo;
  readonly json: boolean;
  readonly loaded: LoadedConfig;
  readonly logger: Logger;
  readonly container: DependencyContainer;
  /** The command's plugin registry, opened (the config's plugins loaded) at the first call. */
  plugins(): Promise<PluginRegistry>;
  /** A new pipeline session over this context (see cliSession). */
  openSession(): PipelineSession;
}

/**
 * Loads the config (flags override the file), and builds the logger and the application container.
 * `overrides` carries the command's own flags in config shape (e.g. { plan: { expressions } }).
 */
export async function createCliContext(args: GlobalArgs, io: CliIo, overrides: Record<string, unknown> = {}): Promise<CliContext> {
  const loaded = await loadConfig({
    cwd: io.cwd,
    file: args.config,
    overrides: { ...overrides, ...(args.device ? { device: args.device } : {}), ...(args.gpu !== undefined ? { gpu: args.gpu } : {}), image: { maxPixels: args.maxPixels, decodePixels: args.decodePixels } },
  });
  configureImageDecoding(loaded.config.image);
  const level: LogLevel = args.quiet ? 'error' : args.verbose ? 'debug' : (loaded.config.logLevel as LogLevel);
  const logger = new StderrLogger(io, level, Boolean(args.json));
  const container = createGeneavaContainer({ config: loaded.config, logger });
  // Loaded when a command runs, not when the CLI starts: the session module brings face analysis and
  // the ONNX runtime, which neither --help nor a usage error needs.
  const { createPipelineSession, openPluginRegistry } = await import('@geneava/pipeline/session');
  let registry: Promise<PluginRegistry> | undefined;
  const plugins = () => (registry ??= openPluginRegistry(loaded));
  const openSession = () => createPipelineSession({ cwd: io.cwd, loaded, container, logger, registry: plugins });
  return { io, json: Boolean(args.json), loaded, logger, container, plugins, openSession };
}

/** The pipeline session of a command: its config, container, logger and plugins; close() releases the models it opened. */
export function cliSession(ctx: CliContext): PipelineSession {
  return ctx.openSession();
}
