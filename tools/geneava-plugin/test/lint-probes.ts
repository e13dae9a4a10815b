import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { workspaceRoot } from '@nx/devkit';

/** A file ESLint is asked to lint as if it stood at `file`, and the one rule whose messages count. */
export interface Probe {
  file: string;
  code: string;
  /** Default: @nx/enforce-module-boundaries. */
  rule?: string;
}

/** Each probe's messages from its rule, linted with the workspace's own eslint.config.mjs (lint-imports.mjs). */
export function lintProbes(probes: readonly Probe[]): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'lint-imports.mjs')],
      { cwd: workspaceRoot, maxBuffer: 4 * 1024 * 1024, env: { ...process.env, NX_DAEMON: 'false' } },
      (error, stdout, stderr) => (error ? reject(new Error(`lint-imports.mjs failed: ${stderr || error.message}`)) : resolve(JSON.parse(stdout) as string[][])),
    );
    child.stdin?.end(JSON.stringify(probes));
  });
}
