/*
 * A command loads its heavy dependencies only when it runs: `geneava stylize` needs no evaluator, no
 * BullMQ or Redis client and no study server, and `geneava --help` needs none of them either. Each case
 * runs the CLI from its source in a child Node process whose module hooks record every file it loads,
 * and reads back the packages of those files. The compare and queue cases show that the trace does see
 * the evaluator and BullMQ when a command that uses them runs (each stops at its bad input, after
 * loading them).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { samplePhotosDir } from '../src/test-support/sample-photos.js';

const packageRoot = resolve(__dirname, '..');
// Inside the workspace (its git-ignored tmp/ folder), so the default config finds the installed
// @geneava/stylizer-classic plugin the way a project with it in node_modules does.
const workspaceRoot = resolve(packageRoot, '..', '..');
const HEAVY = ['@geneava/evaluator', 'bullmq', 'ioredis', 'fastify', 'better-sqlite3', '@geneava/study'];

interface CliTrace {
  readonly code: number;
  readonly packages: string[];
}

let dir: string;

/** Runs `geneava <argv>` in `dir` and returns its exit code and the packages it loaded. */
async function traceCli(name: string, argv: string[]): Promise<CliTrace> {
  const traceFile = join(dir, `${name}.trace.json`);
  await promisify(execFile)(
    process.execPath,
    ['--conditions=@geneava/source', '--import', '@swc-node/register/esm-register', join(packageRoot, 'test', 'support', 'cli-trace.mjs'), traceFile, ...argv],
    {
      cwd: dir,
      // The TypeScript loader reads the CLI's compiler options (it looks for a tsconfig.json in the cwd otherwise).
      env: { ...process.env, NODE_OPTIONS: '', SWC_NODE_PROJECT: join(packageRoot, 'tsconfig.lib.json') },
      maxBuffer: 16 * 1024 * 1024,
    },
  ).catch((error: unknown) => {
    // A non-zero exit is a result here (the control cases stop at bad input); the trace file says so.
    // (No instanceof: the child process's error comes from outside the test's realm.)
    if (typeof (error as { code?: unknown }).code !== 'number') throw error;
  });
  return JSON.parse(await readFile(traceFile, 'utf8')) as CliTrace;
}

describe('commands load their heavy dependencies only when they run', () => {
  let help: CliTrace;
  let stylize: CliTrace;
  let compare: CliTrace;
  let queue: CliTrace;

  beforeAll(async () => {
    await mkdir(join(workspaceRoot, 'tmp'), { recursive: true });
    dir = await mkdtemp(join(workspaceRoot, 'tmp', 'cli-lazy-'));
    await mkdir(join(dir, 'photos'));
    const photo = (await readdir(samplePhotosDir())).filter((file) => file.endsWith('.jpg')).sort()[0]!;
    await copyFile(join(samplePhotosDir(), photo), join(dir, 'photos', photo));
    help = await traceCli('help', ['--help']);
    stylize = await traceCli('stylize', ['stylize', '--input', 'photos', '--out', 'avatars', '--quiet']);
    compare = await traceCli('compare', ['compare', '--stylizers', 'classic', '--input', 'no-such-folder', '--out', 'compare', '--quiet']);
    queue = await traceCli('queue', ['queue', 'status', '--queue', 'not-a-redis-url']);
  }, 240_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('geneava --help loads none of the evaluator, BullMQ, ioredis or the study server', () => {
    expect(help.code).toBe(0);
    expect(help.packages).toEqual(expect.arrayContaining(['@geneava/cli', 'yargs']));
    for (const name of HEAVY) expect(help.packages).not.toContain(name);
  });

  it('geneava stylize stylizes the folder without loading them', async () => {
    expect(stylize.code).toBe(0);
    expect(await readdir(join(dir, 'avatars'))).toEqual(expect.arrayContaining([expect.stringMatching(/\.png$/)]));
    expect(stylize.packages).toEqual(expect.arrayContaining(['@geneava/pipeline', '@geneava/stylizer-classic', '@geneava/face-analysis']));
    for (const name of HEAVY) expect(stylize.packages).not.toContain(name);
  });

  it('is told apart from the commands that do load them (the trace sees the evaluator and BullMQ)', () => {
    expect(compare.code).not.toBe(0);
    expect(compare.packages).toContain('@geneava/evaluator');
    expect(queue.code).not.toBe(0);
    expect(queue.packages).toEqual(expect.arrayContaining(['bullmq', 'ioredis']));
  });
});
