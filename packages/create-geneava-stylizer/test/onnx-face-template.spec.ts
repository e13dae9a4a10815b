/**
 * The onnx-face template as `npm create geneava-stylizer NAME --template onnx-face` writes it: a type
 * check under the package's own tsconfig (nodenext, strict), and its own tests (a fixture model built with
 * @geneava/testing's graph builder) and the conformance suite run here.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scaffold, typecheck } from './scaffold.js';

const { parent, created } = scaffold('sketch-face', 'onnx-face');
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('onnx-face template', () => {
  it('writes the model contract, its models check kind, the stylizer, the plugin, the fixture model and the tests', () => {
    expect(created.files.filter((file) => file.startsWith('src/'))).toEqual([
      'src/index.ts',
      'src/plugin.ts',
      'src/sketch-face.conformance.spec.ts',
      'src/sketch-face.contract.ts',
      'src/sketch-face.model-kind.ts',
      'src/sketch-face.stylizer.spec.ts',
      'src/sketch-face.stylizer.ts',
      'src/test-support/fixture-model.ts',
    ]);
    const build = JSON.parse(readFileSync(join(created.dir, 'tsconfig.build.json'), 'utf8'));
    // The fixture builder imports @geneava/testing, a devDependency: it must stay out of dist/.
    expect(build.exclude).toContain('src/test-support/**');
    expect(readFileSync(join(created.dir, 'README.md'), 'utf8')).toContain('geneava models check sketch-face');
  });

  it('type-checks under module nodenext and strict against @geneava/core', () => {
    expect(typecheck(created.dir)).toEqual([]);
  }, 120_000);
});

/* eslint-disable @typescript-eslint/no-require-imports -- the generated files, written above */
require(join(created.dir, 'src', 'sketch-face.stylizer.spec.ts'));
require(join(created.dir, 'src', 'sketch-face.conformance.spec.ts'));
/* eslint-enable @typescript-eslint/no-require-imports */
