import { loadConfig, parseConfig, type LoadedConfig } from '@geneava/core/config';

/**
 * The config of a run or a job: loaded from a file (the given one, or the project's when present), or
 * checked from an object. It lives with the session, not with the dataset build, so that a job that
 * opens a session (stylize) does not load the build's modules to read its config.
 */
export async function loadRunConfig(config: string | Readonly<Record<string, unknown>> | undefined, cwd: string): Promise<LoadedConfig> {
  if (config === undefined || typeof config === 'string') return loadConfig({ cwd, ...(config !== undefined ? { file: config } : {}) });
  return { config: parseConfig(config, 'the config object'), projectRoot: cwd };
}
