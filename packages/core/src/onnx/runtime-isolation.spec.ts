import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// The device policy, contract checks and float16 boundary live in runtime.ts; a second importer of
// onnxruntime-node would bypass them. This test keeps that file the only one.
const packagesDir = join(__dirname, '..', '..', '..');
const allowed = join('core', 'src', 'onnx', 'runtime.ts');
const ORT_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]onnxruntime-(?:node|common|web)(?:\/[^'"]*)?['"]/m;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(?:[cm]?[jt]s|tsx)$/.test(entry.name) ? [path] : [];
  });
}

describe('onnxruntime isolation', () => {
  it('recognises the import forms it looks for', () => {
    const lib = 'onnxruntime-' + 'node';
    for (const line of [`import * as ort from '${lib}';`, `import { Tensor } from "${lib}";`, `const o = require('${lib}');`, `await import('${lib}')`, `import '${lib}';`]) {
      expect(ORT_IMPORT.test(line)).toBe(true);
    }
    expect(ORT_IMPORT.test(`// see ${lib} docs`)).toBe(false);
  });

  it('has runtime.ts as the only source file importing onnxruntime', () => {
    const packages = readdirSync(packagesDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    const offenders = packages
      .flatMap((pkg) => {
        const src = join(packagesDir, pkg.name, 'src');
        try {
          return sourceFiles(src);
        } catch {
          return [];
        }
      })
      .filter((file) => ORT_IMPORT.test(readFileSync(file, 'utf8')))
      .map((file) => relative(packagesDir, file).split(sep).join('/'));
    expect(offenders).toEqual([allowed.split(sep).join('/')]);
  });
});
