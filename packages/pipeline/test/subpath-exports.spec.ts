/*
 * @geneava/pipeline publishes each job as a subpath export (@geneava/pipeline/stylize, /compare, ...)
 * beside the root, which exports them all. These tests keep the two in step: each subpath points at its
 * folder's index for the workspace and at what tsc writes for consumers, resolves by package name to
 * the very bindings the root exports, and the root holds nothing that no subpath has.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const packageDir = join(__dirname, '..');

const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
const subpaths = Object.keys(manifest.exports)
  .filter((key) => key.startsWith('./') && key !== './package.json')
  .map((key) => key.slice(2));

type Module = Record<string, unknown>;

function load(specifier: string): Module {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(specifier) as Module;
}

describe('@geneava/pipeline subpath exports', () => {
  it('publishes a subpath per job', () => {
    expect(subpaths).toEqual(expect.arrayContaining(['audit', 'compare', 'dataset', 'evaluate', 'generate', 'queue', 'run', 'session', 'stylize']));
  });

  it.each(subpaths)('./%s points at its source folder and at what tsc writes from it', (subpath) => {
    expect(manifest.exports[`./${subpath}`]).toEqual({
      '@geneava/source': `./src/${subpath}/index.ts`,
      types: `./dist/${subpath}/index.d.ts`,
      import: `./dist/${subpath}/index.js`,
      default: `./dist/${subpath}/index.js`,
    });
    expect(existsSync(join(packageDir, 'src', subpath, 'index.ts'))).toBe(true);
  });

  it.each(subpaths)('@geneava/pipeline/%s resolves by name to the same bindings as the root', (subpath) => {
    const job = load(`@geneava/pipeline/${subpath}`);
    const root = load('@geneava/pipeline');
    expect(Object.keys(job).length).toBeGreaterThan(0);
    for (const name of Object.keys(job)) expect([name, root[name]]).toEqual([name, job[name]]);
  });

  it('leaves nothing reachable only through the root', () => {
    const root = load('@geneava/pipeline');
    const inJobs = new Set(subpaths.flatMap((subpath) => Object.keys(load(`@geneava/pipeline/${subpath}`))));
    expect(Object.keys(root).filter((name) => !inJobs.has(name))).toEqual([]);
  });
});
