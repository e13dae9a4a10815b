// Runs the geneava CLI from its TypeScript source on the arguments after the first, then writes to the
// file named by the first argument the packages whose modules the process loaded (each loaded file's
// package is the nearest package.json with a name). Run it with the TypeScript loader and the source
// condition, as the tests resolve sibling packages; the CLI's own output goes to stdout and stderr.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';
import { startModuleTrace } from '@geneava/testing/module-trace';

const trace = startModuleTrace();

const [traceFile, ...argv] = process.argv.slice(2);
const { runCli } = await import(new URL('../../src/main.ts', import.meta.url).href);
const code = await runCli(argv);
const packages = trace.takePackages();
trace.stop();
writeFileSync(traceFile, `${JSON.stringify({ code, packages })}\n`);
process.exitCode = code;
