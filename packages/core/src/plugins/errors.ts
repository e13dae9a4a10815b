import { GeneavaError } from '../util/errors.js';

/** A plugin could not be loaded (not installed, bad manifest, wrong export, wrong kind or version). */
export class PluginLoadError extends GeneavaError {
  constructor(
    readonly plugin: string,
    reason: string,
    code = 'plugin-load',
  ) {
    super(`plugin ${plugin}: ${reason}`, code);
  }
}

/** The plugin was written against a contract version this core does not implement. */
export class UnsupportedPluginApiVersionError extends PluginLoadError {
  constructor(plugin: string, kind: string, declared: unknown, supported: number, coreVersion: string) {
    super(
      plugin,
      `declares ${kind} apiVersion ${JSON.stringify(declared)}, but @geneava/core ${coreVersion} supports ${kind} apiVersion ${supported}; install a release of the plugin built for apiVersion ${supported}, or a core that supports ${JSON.stringify(declared)}`,
      'plugin-api-version',
    );
  }
}

/** A plugin's options (from the config or the command line) do not pass its schema: a configuration error. */
export class PluginOptionsError extends PluginLoadError {
  constructor(plugin: string, problems: string) {
    super(plugin, `invalid options: ${problems}`, 'plugin-options');
  }
}
