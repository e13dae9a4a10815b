import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main, type MainIo } from '../src/index.js';

const templatesDir = resolve(__dirname, '..', 'templates');
let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'create-stylizer-main-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: MainIo = { cwd, templatesDir, coreRange: '^0.3.1', testingRange: '^0.2.0', out: (text) => (out += text), err: (text) => (err += text) };
  const code = main(argv, io);
  return { code, out, err };
}

describe('create-geneava-stylizer command', () => {
  it('writes ./geneava-stylizer-NAME with the filter template and the given version ranges by default', () => {
    const result = run('pop-art');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('Created geneava-stylizer-pop-art (filter template)');
    const manifest = JSON.parse(readFileSync(join(cwd, 'geneava-stylizer-pop-art', 'package.json'), 'utf8'));
    expect(manifest.peerDependencies).toEqual({ '@geneava/core': '^0.3.1' });
    expect(manifest.devDependencies).toMatchObject({ '@geneava/core': '^0.3.1', '@geneava/testing': '^0.2.0' });
  });

  it('takes --template, --dir, --scope and --description', () => {
    const result = run('sketch', '--template', 'onnx-face', '--dir', 'plugins/sketch', '--scope', '@my-org', '--description', `Pencil "sketch" it's`);
    expect(result.code).toBe(0);
    const dir = join(cwd, 'plugins', 'sketch');
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({ name: '@my-org/geneava-stylizer-sketch', description: `Pencil "sketch" it's` });
    expect(readFileSync(join(dir, 'src', 'plugin.ts'), 'utf8')).toContain(`description: 'Pencil "sketch" it\\'s',`);
    expect(readdirSync(join(dir, 'src'))).toContain('sketch.model-kind.ts');
  });

  it('prints the usage for --help', () => {
    const result = run('--help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('--template     filter (weights-free, default) or onnx-face');
  });

  it.each([
    [[], 'give exactly one style NAME (got 0)'],
    [['a', 'b'], 'give exactly one style NAME (got 2)'],
    [['ink', '--colour'], "Unknown option '--colour'"],
  ])('exits 64 with the usage for %j', (argv, message) => {
    const result = run(...argv);
    expect(result.code).toBe(64);
    expect(result.err).toContain(message);
    expect(result.err).toContain('Usage:');
  });

  it.each([
    [['PopArt'], 'name "PopArt" is not kebab-case'],
    [['stylizer-ink'], 'give the style name alone (e.g. "ink")'],
    [['ink', '--template', 'gan'], 'unknown template "gan"; choose one of filter, onnx-face'],
    [['ink', '--scope', 'org'], 'scope "org" is not an npm scope'],
  ])('exits 1 with one line for %j and writes nothing', (argv, message) => {
    const result = run(...argv);
    expect(result.code).toBe(1);
    expect(result.err).toContain(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a folder that is not empty and leaves it as it was', () => {
    mkdirSync(join(cwd, 'geneava-stylizer-ink'));
    writeFileSync(join(cwd, 'geneava-stylizer-ink', 'mine.txt'), 'mine');
    const result = run('ink');
    expect(result.code).toBe(1);
    expect(result.err).toContain('already exists and is not empty');
    expect(readdirSync(join(cwd, 'geneava-stylizer-ink'))).toEqual(['mine.txt']);
  });
});
