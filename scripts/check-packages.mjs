#!/usr/bin/env node
// Packaging checks for every published package (not private), on the tarball npm would publish:
// publint (package.json fields, exports, files) and Are the Types Wrong (types resolve for every entry
// under node16 and bundlers; the packages are ESM only, which Node >= 20.19 also loads with require(),
// hence attw's "esm-only" profile). Needs built packages (dist/). Exits 1 naming every problem.
//   node scripts/check-packages.mjs [package-folder ...]
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folders of the workspace packages that get published. */
function publishedPackages() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const folders = [];
  for (const pattern of manifest.workspaces) {
    const parent = join(root, pattern.replace(/\/\*$/, ''));
    for (const name of readdirSync(parent).sort()) {
      const dir = join(parent, name);
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (!pkg.private) folders.push(dir);
      } catch {
        // Not a package folder.
      }
    }
  }
  return folders;
}

/** `npm pack` into a fresh folder; the tarball's path. */
function pack(dir, into) {
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', into], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return join(into, JSON.parse(out)[0].filename);
}

async function checkPackage(dir, scratch) {
  const problems = [];
  const tarball = pack(dir, scratch);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  // publint packs by itself: that way it also sees files the package names but does not publish.
  const { messages } = await publint({ pkgDir: dir, strict: true });
  for (const message of messages) problems.push(`publint ${message.type}: ${formatMessage(message, pkg) ?? message.code}`);
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    problems.push(`attw:\n${String(error.stdout || error.message).trim()}`);
  }
  return problems;
}

async function main() {
  const requested = process.argv.slice(2).map((dir) => resolve(dir));
  const folders = requested.length > 0 ? requested : publishedPackages();
  const scratch = mkdtempSync(join(tmpdir(), 'geneava-check-packages-'));
  let failed = 0;
  try {
    for (const dir of folders) {
      const problems = await checkPackage(dir, scratch);
      const name = relative(root, dir);
      if (problems.length === 0) {
        console.log(`ok ${name}`);
      } else {
        failed += 1;
        console.log(`FAIL ${name}\n${problems.map((p) => `  ${p.replace(/\n/g, '\n  ')}`).join('\n')}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failed > 0) {
    console.error(`check-packages: ${failed} of ${folders.length} packages have packaging problems (above)`);
    process.exitCode = 1;
  } else {
    console.log(`check-packages: ${folders.length} packages pass publint and attw`);
  }
}

await main();
