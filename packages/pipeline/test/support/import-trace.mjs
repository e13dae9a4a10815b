// Imports each module named on the command line in turn and prints, per import, one JSON line: the
// module's export names and the packages whose modules that import loaded that no earlier import had
// (each loaded file's package is the nearest package.json with a name). Run it with the TypeScript
// loader and the source condition, as the tests resolve sibling packages.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
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

const seen = new Set();
for (const specifier of process.argv.slice(2)) {
  const module = await import(specifier);
  const packages = new Set();
  for (let report; (report = receiveMessageOnPort(port1)); ) {
    const url = report.message;
    if (!url.startsWith('file:')) continue;
    const name = packageOf(dirname(fileURLToPath(url)));
    if (!seen.has(name)) packages.add(name);
  }
  for (const name of packages) seen.add(name);
  process.stdout.write(`${JSON.stringify({ specifier, exports: Object.keys(module).sort(), packages: [...packages].sort() })}\n`);
}
port1.close();
