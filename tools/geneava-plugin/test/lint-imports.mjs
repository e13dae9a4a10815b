/*
 * Lints one-line probes as if they were files of the workspace's packages and prints, as JSON, the
 * messages each one gets from one rule (the probe's "rule", @nx/enforce-module-boundaries by default). It runs in its own process because ESLint loads the flat
 * config as an ES module, which jest's CommonJS sandbox cannot do.
 *
 * stdin: [{ "file": "packages/core/src/probe.ts", "code": "import '@geneava/testing';", "rule"?: "no-restricted-imports" }, ...]
 * stdout: [["A project tagged with ...", ...], ...] in the same order.
 */
import { createProjectGraphAsync, workspaceRoot } from '@nx/devkit';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import process from 'node:process';
import { text } from 'node:stream/consumers';

const probes = JSON.parse(await text(process.stdin));
// The rule reads the cached project graph; make sure it exists and has the current tags.
await createProjectGraphAsync({ exitOnError: true });
const eslint = new ESLint({ cwd: workspaceRoot });
const messages = [];
for (const probe of probes) {
  const [result] = await eslint.lintText(probe.code, { filePath: join(workspaceRoot, probe.file) });
  const rule = probe.rule ?? '@nx/enforce-module-boundaries';
  messages.push(result.messages.filter((m) => m.ruleId === rule).map((m) => m.message));
}
process.stdout.write(JSON.stringify(messages));
