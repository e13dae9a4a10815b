#!/usr/bin/env node
// The packages as a new user gets them: every published package is packed, the tarballs are installed
// into a fresh project outside the workspace (no links), and the project uses them the documented ways:
// the CLI (--help, run --demo), the library from ESM and from CommonJS (a dataset built from a script with
// @geneava/pipeline's buildDatasetWithDefaults among them), a TypeScript typecheck with
// module nodenext, and third-party stylizer plugins (the one docs/plugins.md builds, and one written by
// create-geneava-stylizer) in `geneava plugins list` and `geneava compare`, and both create-geneava-stylizer
// templates' own typecheck and `npm test` (jest in ESM mode, conformance suite included), and the filter
// template's `npm run test:vitest` (the same tests under vitest).
// Needs built packages (dist/) and the npm registry for third-party dependencies. Exits 1 on the first
// failing step, naming it; the temporary project is removed either way (--keep keeps it).
//   node scripts/consumer-test.mjs [--keep]
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function publishedPackages() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const folders = [];
  for (const pattern of manifest.workspaces) {
    const parent = join(root, pattern.replace(/\/\*$/, ''));
    for (const name of readdirSync(parent).sort()) {
      const file = join(parent, name, 'package.json');
      if (!existsSync(file)) continue;
      if (!JSON.parse(readFileSync(file, 'utf8')).private) folders.push(join(parent, name));
    }
  }
  return folders;
}

/** Runs a command in `cwd`, echoing its name; throws with its output when it fails. */
function step(name, command, args, cwd, env = {}) {
  const started = Date.now();
  try {
    const out = execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return out;
  } catch (error) {
    throw new Error(`${name} failed (exit ${error.status}):\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
  }
}

/** The docs' TypeScript blocks that name their file (`// src/...`), and its package.json block. */
function docsPlugin() {
  const markdown = readFileSync(join(root, 'docs', 'plugins.md'), 'utf8');
  const ts = [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  const files = ts.map((code) => ({ path: /^\/\/ (src\/\S+\.ts)\n/.exec(code)?.[1], code })).filter((f) => f.path && !f.path.includes('.test.'));
  const pkg = JSON.parse(/```json\n([\s\S]*?)```/.exec(markdown)[1]);
  return { files, pkg };
}

const ESM_SCRIPT = `import { buildPlan, decodeImage } from '@geneava/core';
import { ClassicStylizer } from '@geneava/stylizer-classic';
const [item] = buildPlan({ expressions: ['joy'], maxItems: 1 });
const image = await decodeImage(process.argv[2]);
const { outcome } = await new ClassicStylizer({}).stylize({ image });
console.log(item.expression, outcome, image.width > 0);
`;

// A small demo dataset built from a script with the CLI's defaults: no CLI, no config file.
const PIPELINE_SCRIPT = `import { existsSync } from 'node:fs';
import { buildDatasetWithDefaults } from '@geneava/pipeline';
const tasks = new Set();
const { outcome, result } = await buildDatasetWithDefaults({ demo: true, maxItems: 2, report: false, out: 'library-demo', onProgress: (e) => tasks.add(e.task) });
const avatars = result.records.filter((r) => r.avatars.classic?.status === 'ok' && existsSync('library-demo/' + r.avatars.classic.file)).length;
console.log(outcome, result.counts.items, avatars, tasks.has('stylize:classic'), existsSync('library-demo/metadata.jsonl'));
`;

const CJS_SCRIPT = `const { buildPlan, EXPRESSION_LIST } = require('@geneava/core');
console.log(EXPRESSION_LIST.length, buildPlan({ expressions: ['joy'], maxItems: 2 }).length);
`;

const TS_SOURCE = `import { buildPlan, type FaceAnalyzer, type PlanItem, type Stylizer } from '@geneava/core';
import { EmbeddedFaceAnalyzer } from '@geneava/face-analysis';
import { ClassicStylizer } from '@geneava/stylizer-classic';
import { createOnnxStylizer, shippedDescriptorNames } from '@geneava/stylizer-onnx';
import { describeStylizerConformance } from '@geneava/testing';
const items: PlanItem[] = buildPlan({ maxItems: 1 });
const stylizer: Stylizer = new ClassicStylizer({});
// The default analyzer satisfies core's contract as a consumer's compiler sees both packages.
const createAnalyzer: (options: Parameters<typeof EmbeddedFaceAnalyzer.create>[0]) => Promise<FaceAnalyzer> = EmbeddedFaceAnalyzer.create;
export const used = [items, stylizer, createAnalyzer, createOnnxStylizer, shippedDescriptorNames, describeStylizerConformance] as const;
`;

function main() {
  const keep = process.argv.includes('--keep');
  const work = mkdtempSync(join(tmpdir(), 'geneava-consumer-'));
  const started = Date.now();
  try {
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    for (const dir of publishedPackages()) {
      execFileSync('npm', ['pack', '--pack-destination', tarballs], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    }
    console.log(`ok   packed ${readdirSync(tarballs).length} packages`);

    const app = join(work, 'app');
    mkdirSync(app);
    // The documented CPU-only setting (npm 11); the CLI README gives it as the first thing to try offline.
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, allowScripts: { 'onnxruntime-node': false } }, null, 2));
    const specs = readdirSync(tarballs).map((file) => join(tarballs, file));
    step('npm install of the tarballs', 'npm', ['install', '--no-audit', '--no-fund', ...specs], app, { ONNXRUNTIME_NODE_INSTALL: '' });
    const geneava = join(app, 'node_modules', '.bin', 'geneava');

    const help = step('geneava --help', geneava, ['--help'], app);
    if (!help.includes('geneava run')) throw new Error(`geneava --help does not list the run command:\n${help}`);
    step('geneava run --demo', geneava, ['run', '--demo', '--quiet'], app);
    if (!existsSync(join(app, 'geneava-demo', 'report.html'))) throw new Error('geneava run --demo wrote no geneava-demo/report.html');

    // The demo photos ship in @geneava/pipeline (a dependency of the CLI).
    const photo = join(app, 'node_modules', '@geneava', 'pipeline', 'demo', 'sample1.jpg');
    writeFileSync(join(app, 'esm.mjs'), ESM_SCRIPT);
    const esm = step('ESM script', process.execPath, ['esm.mjs', photo], app).trim();
    if (esm !== 'joy whole-image true') throw new Error(`ESM script printed "${esm}"`);
    writeFileSync(join(app, 'pipeline.mjs'), PIPELINE_SCRIPT);
    const built = step('dataset from a script (@geneava/pipeline)', process.execPath, ['pipeline.mjs'], app).trim();
    if (built !== 'ok 2 2 true true') throw new Error(`the @geneava/pipeline script printed "${built}"`);
    writeFileSync(join(app, 'cjs.cjs'), CJS_SCRIPT);
    const cjs = step('CommonJS script', process.execPath, ['cjs.cjs'], app).trim();
    if (cjs !== '135 2') throw new Error(`CommonJS script printed "${cjs}"`);

    writeFileSync(join(app, 'check.ts'), TS_SOURCE);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['check.ts'] }, null, 2));
    step('TypeScript typecheck (nodenext)', process.execPath, [tsc, '-p', 'tsconfig.json'], app);

    // A third-party plugin package, exactly as docs/plugins.md writes it, built and installed from a tarball.
    const plugin = join(work, 'geneava-stylizer-pop-art');
    const { files, pkg } = docsPlugin();
    for (const file of files) {
      mkdirSync(dirname(join(plugin, file.path)), { recursive: true });
      writeFileSync(join(plugin, file.path), file.code);
    }
    writeFileSync(join(plugin, 'src', 'index.ts'), "export { PopArtStylizer } from './pop-art.js';\n");
    writeFileSync(join(plugin, 'package.json'), JSON.stringify({ ...pkg, version: '1.0.0', files: ['dist'] }, null, 2));
    writeFileSync(join(plugin, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, declaration: true, outDir: 'dist', rootDir: 'src', skipLibCheck: true, types: [] }, include: ['src'] }, null, 2));
    // It compiles against the installed packages: the app's node_modules, linked next to it.
    execFileSync('ln', ['-s', join(app, 'node_modules'), join(plugin, 'node_modules')]);
    step('plugin build (tsc)', process.execPath, [tsc, '-p', 'tsconfig.json'], plugin);
    rmSync(join(plugin, 'node_modules'));
    execFileSync('npm', ['pack', '--pack-destination', tarballs], { cwd: plugin, stdio: ['ignore', 'ignore', 'pipe'] });
    step('npm install of the plugin', 'npm', ['install', '--no-audit', '--no-fund', join(tarballs, 'geneava-stylizer-pop-art-1.0.0.tgz')], app, { ONNXRUNTIME_NODE_INSTALL: '' });
    const listed = step('geneava plugins list', geneava, ['plugins', 'list'], app);
    if (!listed.includes('pop-art')) throw new Error(`geneava plugins list does not show pop-art:\n${listed}`);
    step('geneava compare with the plugin', geneava, ['compare', '--stylizers', 'classic,pop-art', '--input', dirname(photo), '--out', 'compare', '--quiet', '--resamples', '200', '--max-images', '2'], app);
    if (!existsSync(join(app, 'compare', 'report.html'))) throw new Error('geneava compare wrote no compare/report.html');

    // A plugin package as `npm create geneava-stylizer` writes it, from the packed create-geneava-stylizer
    // (installed with the other tarballs), built against the installed packages and installed from its tarball.
    const created = join(work, 'geneava-stylizer-ink-wash');
    step('create-geneava-stylizer ink-wash', join(app, 'node_modules', '.bin', 'create-geneava-stylizer'), ['ink-wash', '--dir', created], work);
    // Its build needs Node's types, as any TypeScript project has them; the rest comes from the app.
    step('npm install @types/node', 'npm', ['install', '--no-audit', '--no-fund', '--save-dev', '@types/node@^20.19.0'], app, { ONNXRUNTIME_NODE_INSTALL: '' });
    execFileSync('ln', ['-s', join(app, 'node_modules'), join(created, 'node_modules')]);
    step('created plugin build (tsc -p tsconfig.build.json)', process.execPath, [tsc, '-p', 'tsconfig.build.json'], created);
    rmSync(join(created, 'node_modules'));
    // Built above; prepack would run the build again with a tsc the plugin folder does not have.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tarballs], { cwd: created, stdio: ['ignore', 'ignore', 'pipe'] });
    step('npm install of the created plugin', 'npm', ['install', '--no-audit', '--no-fund', join(tarballs, 'geneava-stylizer-ink-wash-0.1.0.tgz')], app, { ONNXRUNTIME_NODE_INSTALL: '' });
    const listedCreated = step('geneava plugins list (created plugin)', geneava, ['plugins', 'list'], app);
    if (!listedCreated.includes('ink-wash')) throw new Error(`geneava plugins list does not show ink-wash:\n${listedCreated}`);
    step('geneava compare with the created plugin', geneava, ['compare', '--stylizers', 'classic,ink-wash', '--input', dirname(photo), '--out', 'compare-created', '--quiet', '--resamples', '200', '--max-images', '2'], app);
    if (!existsSync(join(app, 'compare-created', 'report.html'))) throw new Error('geneava compare wrote no compare-created/report.html');

    // The created packages' own tests as their README runs them (jest in ESM mode with @swc/jest, against
    // the installed @geneava/core and @geneava/testing), for both templates; onnx-face builds its fixture model.
    // vitest at the range the created package.json pins, so the two cannot drift apart.
    const vitestRange = JSON.parse(readFileSync(join(created, 'package.json'), 'utf8')).devDependencies.vitest;
    step('npm install of the test runners', 'npm', ['install', '--no-audit', '--no-fund', '--save-dev', 'jest@^30.2.0', '@swc/jest@^0.2.39', '@swc/core@^1.16.0', '@types/jest@^30.0.0', `vitest@${vitestRange}`], app, { ONNXRUNTIME_NODE_INSTALL: '' });
    const faceCreated = join(work, 'geneava-stylizer-sketch-face');
    step('create-geneava-stylizer sketch-face --template onnx-face', join(app, 'node_modules', '.bin', 'create-geneava-stylizer'), ['sketch-face', '--template', 'onnx-face', '--dir', faceCreated], work);
    for (const dir of [created, faceCreated]) {
      execFileSync('ln', ['-s', join(app, 'node_modules'), join(dir, 'node_modules')]);
      step(`${dir.split(/[\\/]/).pop()}: tsc --noEmit (nodenext, strict, tests included)`, process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], dir);
      // Exits non-zero on a failing test and when it finds none.
      step(`${dir.split(/[\\/]/).pop()}: npm test (jest, ESM)`, process.execPath, ['--experimental-vm-modules', join(dir, 'node_modules', 'jest', 'bin', 'jest.js'), '--ci'], dir);
      // The filter package's tests and conformance suite again under vitest (its test:vitest script).
      if (dir === created) step(`${dir.split(/[\\/]/).pop()}: npm run test:vitest`, 'npm', ['run', 'test:vitest'], dir, { CI: 'true' });
      rmSync(join(dir, 'node_modules'));
    }
    console.log(`consumer test passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    console.error(`consumer test: ${error.message}`);
    process.exitCode = 1;
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

main();
