#!/usr/bin/env node
// `npm create geneava-stylizer NAME` / `npx create-geneava-stylizer NAME`: the command lives in dist/.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// import() takes a URL: a bare Windows path (C:\...) would be read as a URL scheme and fail.
const { main } = await import(pathToFileURL(join(root, 'dist', 'index.js')).href);
process.exitCode = main(process.argv.slice(2), {
  cwd: process.cwd(),
  templatesDir: join(root, 'templates'),
  // The scaffold depends on the core and testing releases this one was released with (changesets keeps
  // these devDependencies in step with the workspace).
  coreRange: `^${manifest.devDependencies['@geneava/core']}`,
  testingRange: `^${manifest.devDependencies['@geneava/testing']}`,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
