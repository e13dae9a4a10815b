/*
 * @geneava/core publishes its areas as subpath exports (@geneava/core/onnx, /image, ...) beside the
 * root barrel. These tests keep the two in step: each subpath points at the area's source for the
 * workspace and at the file tsc writes for consumers, resolves by package name, and holds the very
 * bindings the root exports; the root holds nothing that no subpath has, apart from the few names listed
 * below. (The dataset build left core for @geneava/pipeline; its folder format is ./dataset-format.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const coreDir = join(__dirname, '..');

interface ExportTarget {
  '@geneava/source': string;
  types: string;
  import: string;
  default: string;
}

const manifest = JSON.parse(readFileSync(join(coreDir, 'package.json'), 'utf8')) as { exports: Record<string, ExportTarget | string> };
const subpaths = Object.keys(manifest.exports)
  .filter((key) => key.startsWith('./') && key !== './package.json')
  .map((key) => key.slice(2));

/** Root exports that belong to no area: the zod instance plugins share, and core's own version. */
const ROOT_ONLY = ['z', 'CORE_VERSION'];

type Module = Record<string, unknown>;

function load(specifier: string): Module {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(specifier) as Module;
}

describe('@geneava/core subpath exports', () => {
  it('publishes the areas that the layers document', () => {
    expect(subpaths).toEqual(expect.arrayContaining(['contracts', 'geometry', 'image', 'onnx', 'plugins']));
  });

  it.each(subpaths)('./%s points at its source folder and at what tsc writes from it', (subpath) => {
    expect(manifest.exports[`./${subpath}`]).toEqual({
      '@geneava/source': `./src/${subpath}/index.ts`,
      types: `./dist/${subpath}/index.d.ts`,
      import: `./dist/${subpath}/index.js`,
      default: `./dist/${subpath}/index.js`,
    });
    expect(existsSync(join(coreDir, 'src', subpath, 'index.ts'))).toBe(true);
  });

  it.each(subpaths)('@geneava/core/%s resolves by name to the same bindings as the root', (subpath) => {
    const area = load(`@geneava/core/${subpath}`);
    const root = load('@geneava/core');
    expect(Object.keys(area).length).toBeGreaterThan(0);
    for (const name of Object.keys(area)) expect([name, root[name]]).toEqual([name, area[name]]);
  });

  it('leaves nothing reachable only through the root', () => {
    const root = load('@geneava/core');
    const inAreas = new Set(subpaths.flatMap((subpath) => Object.keys(load(`@geneava/core/${subpath}`))));
    const rootOnly = Object.keys(root).filter((name) => !inAreas.has(name));
    expect(rootOnly.sort()).toEqual([...ROOT_ONLY].sort());
  });
});
