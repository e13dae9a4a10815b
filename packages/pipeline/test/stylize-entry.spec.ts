/*
 * @geneava/pipeline/stylize is the entry point of a script or a CLI command that only stylizes: loading
 * it must not load the evaluator (nor compare or the audits, which need it) or BullMQ and its Redis
 * client. A child Node process imports the entry points by package name, as a consumer does, and
 * reports the packages each import loaded; /evaluate and /queue, imported after it, show that the
 * trace does see those packages when a job loads them.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const packageRoot = join(__dirname, '..');

interface ImportStep {
  readonly specifier: string;
  readonly exports: string[];
  readonly packages: string[];
}

async function traceImports(specifiers: string[]): Promise<ImportStep[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@geneava/source', '--import', '@swc-node/register/esm-register', join('test', 'support', 'import-trace.mjs'), ...specifiers],
    { cwd: packageRoot, env: { ...process.env, NODE_OPTIONS: '' }, maxBuffer: 16 * 1024 * 1024 },
  );
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{"specifier"'))
    .map((line) => JSON.parse(line) as ImportStep);
}

describe('the @geneava/pipeline/stylize entry point', () => {
  let stylize: ImportStep;
  let evaluate: ImportStep;
  let queue: ImportStep;
  beforeAll(async () => {
    [stylize, evaluate, queue] = await traceImports(['@geneava/pipeline/stylize', '@geneava/pipeline/evaluate', '@geneava/pipeline/queue']);
  }, 120_000);

  it('exports the stylize job', () => {
    expect(stylize.specifier).toBe('@geneava/pipeline/stylize');
    expect(stylize.exports).toEqual(expect.arrayContaining(['stylizeFolder', 'stylizeImages', 'stylizeServices', 'checkStylizeFolders']));
  });

  it('loads the stylizing packages but not the evaluator, BullMQ or ioredis', () => {
    expect(stylize.packages).toEqual(expect.arrayContaining(['@geneava/pipeline', '@geneava/core', '@geneava/stylizer-onnx']));
    expect(stylize.packages).not.toContain('@geneava/evaluator');
    expect(stylize.packages).not.toContain('bullmq');
    expect(stylize.packages).not.toContain('ioredis');
  });

  it('is told apart from the jobs that do load them (the trace sees the evaluator and BullMQ)', () => {
    expect(evaluate.packages).toContain('@geneava/evaluator');
    expect(queue.packages).toEqual(expect.arrayContaining(['bullmq', 'ioredis']));
  });
});
