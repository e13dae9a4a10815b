// Imports each module named on the command line in turn and prints, per import, one JSON line: the
// module's export names and the packages whose modules that import loaded that no earlier import had
// (each loaded file's package is the nearest package.json with a name). Run it with the TypeScript
// loader and the source condition, as the tests resolve sibling packages.
import process from 'node:process';
import { startModuleTrace } from '@geneava/testing/module-trace';

const trace = startModuleTrace();
const seen = new Set();
for (const specifier of process.argv.slice(2)) {
  const module = await import(specifier);
  const packages = trace.takePackages().filter((name) => !seen.has(name));
  for (const name of packages) seen.add(name);
  process.stdout.write(`${JSON.stringify({ specifier, exports: Object.keys(module).sort(), packages: [...packages].sort() })}\n`);
}
trace.stop();
