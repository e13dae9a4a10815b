// Runs the geneava CLI from its TypeScript source on the arguments after the first, then writes to the
// file named by the first argument the packages whose modules the process loaded (each loaded file's
// package is the nearest package.json with a name). Run it with the TypeScript loader and the source
// condition, as the tests resolve sibling packages; the CLI's own output goes to stdout and stderr.
import { readFileSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

const { port1, port2 } = new MessageChannel();
register('./module-trace-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });

const packageOfFolder = new Map();

/** The name in the nearest package.json above `folder` that has one (nested type-only package.json files have none). */
function packageOf(folder) {
  if (packageOfFolder.has(folder)) return packageOfFolder.get(folder);
  let name;
  try {
    name = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name;
  } catch {
    // No readable package.json here: look further up.
  }
  if (typeof name !== 'string') name = dirname(folder) === folder ? '(none)' : packageOf(dirname(folder));
  packageOfFolder.set(folder, name);
  return name;
}

const [traceFile, ...argv] = process.argv.slice(2);
const { runCli } = await import(new URL('../../src/main.ts', import.meta.url).href);
const code = await runCli(argv);
const packages = new Set();
for (let report; (report = receiveMessageOnPort(port1)); ) {
  const url = report.message;
  if (url.startsWith('file:')) packages.add(packageOf(dirname(fileURLToPath(url))));
}
port1.close();
writeFileSync(traceFile, `${JSON.stringify({ code, packages: [...packages].sort() })}\n`);
process.exitCode = code;
