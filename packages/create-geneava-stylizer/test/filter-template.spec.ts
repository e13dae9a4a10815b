/**
 * The filter template as `npm create geneava-stylizer NAME` writes it: the files, a type check under the
 * package's own tsconfig (nodenext, strict), and its own tests and the conformance suite run here.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scaffold, typecheck } from './scaffold.js';

const { parent, created } = scaffold('ink-wash', 'filter');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('filter template', () => {
  it('writes a standalone package: manifest, configs, sources, tests and README', () => {
    expect(created.files).toEqual([
      '.gitignore',
      'README.md',
      'jest.config.js',
      'jest.setup.js',
      'package.json',
      'src/index.ts',
      'src/ink-wash.conformance.spec.ts',
      'src/ink-wash.stylizer.spec.ts',
      'src/ink-wash.stylizer.ts',
      'src/plugin.ts',
      'tsconfig.build.json',
      'tsconfig.json',
      'vitest.config.js',
    ]);
    const manifest = JSON.parse(readFileSync(join(created.dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'geneava-stylizer-ink-wash',
      type: 'module',
      geneava: { kind: 'stylizer', apiVersion: 1, entry: './plugin' },
      peerDependencies: { '@geneava/core': '^0.1.0' },
      devDependencies: { '@geneava/core': '^0.1.0', '@geneava/testing': '^0.1.0' },
    });
    expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['typescript', 'jest', '@swc/jest', 'vitest']));
    // The same tests under vitest: the conformance suite needs its jest-style globals turned on.
    expect(manifest.scripts['test:vitest']).toBe('vitest run');
    expect(readFileSync(join(created.dir, 'vitest.config.js'), 'utf8')).toMatch(/globals: true/);
    // Nothing of the monorepo leaks into a package of its own.
    for (const file of created.files) {
      const text = readFileSync(join(created.dir, file), 'utf8');
      expect(/tsconfig\.base|jest\.preset|@geneava\/source|"nx"|<%/.test(text) ? file : 'clean').toBe('clean');
    }
  });

  it('type-checks under module nodenext and strict against @geneava/core', () => {
    expect(typecheck(created.dir)).toEqual([]);
  }, 120_000);
});

// The generated package's own tests and conformance suite, declared here so that they run with this file.
/* eslint-disable @typescript-eslint/no-require-imports -- the generated files, written above */
require(join(created.dir, 'src', 'ink-wash.stylizer.spec.ts'));
require(join(created.dir, 'src', 'ink-wash.conformance.spec.ts'));
/* eslint-enable @typescript-eslint/no-require-imports */
