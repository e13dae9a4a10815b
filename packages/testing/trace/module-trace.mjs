// Which packages a process loads: start the trace before importing anything to be traced, then ask
// which packages the modules loaded since the last question belong to. A test runs a script that uses
// it in a child process, to prove an entry point does not load a heavy dependency (an evaluator, a
// queue client, a server) that its job does not need.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';

/** The name in the nearest package.json above `folder` that has one (nested type-only package.json files have none). */
function packageOf(folder, cache) {
  if (cache.has(folder)) return cache.get(folder);
  let name;
  try {
    name = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).name;
  } catch {
    // No readable package.json here: look further up.
  }
  if (typeof name !== 'string') name = dirname(folder) === folder ? '(none)' : packageOf(dirname(folder), cache);
  cache.set(folder, name);
  return name;
}

/** Registers the hooks; every module Node loads from then on is reported. */
export function startModuleTrace() {
  const { port1, port2 } = new MessageChannel();
  register('./module-trace-hooks.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
  const cache = new Map();
  return {
    takePackages() {
      const packages = new Set();
      for (let report; (report = receiveMessageOnPort(port1)); ) {
        const url = report.message;
        if (url.startsWith('file:')) packages.add(packageOf(dirname(fileURLToPath(url)), cache));
      }
      return [...packages].sort();
    },
    stop() {
      port1.close();
    },
  };
}
