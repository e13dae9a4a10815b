import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { transformFile } from '@swc/core';
import { acquireRunLock } from './run-lock.js';

/** The id of a process that has exited, so a lock naming it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function staleLock(pid: number, token = 'feedfacefeedface'): string {
  return `${JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', token })}\n`;
}

describe('acquireRunLock', () => {
  let dir: string;
  let lock: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-lock-'));
    lock = join(dir, 'lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names its owner from the moment the lock exists, and releases only its own lock', async () => {
    const release = await acquireRunLock(lock);
    const owner = JSON.parse(await readFile(lock, 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), token: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(Number.isNaN(Date.parse(owner.started))).toBe(false);
    expect(await readdir(dir)).toEqual(['lock']);
    await release();
    await expect(readFile(lock)).rejects.toThrow(/ENOENT/);
  });

  it('never takes over a live owner, this process included', async () => {
    const release = await acquireRunLock(lock);
    await expect(acquireRunLock(lock)).rejects.toThrow(new RegExp(`another run \\(process ${process.pid} on ${hostname()}, started .*\\) is building this dataset`));
    await release();
    await writeFile(lock, `${process.ppid}\n`);
    await expect(acquireRunLock(lock)).rejects.toThrow(`another run (process ${process.ppid}) is building this dataset`);
  });

  it('takes over a stale lock, in this format or the older bare pid', async () => {
    const pid = deadPid();
    for (const stale of [staleLock(pid), `${pid}\n`]) {
      await writeFile(lock, stale);
      const release = await acquireRunLock(lock);
      expect(JSON.parse(await readFile(lock, 'utf8')).pid).toBe(process.pid);
      await release();
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it('never judges a lock from another machine by a local pid, and says how to remove it', async () => {
    await writeFile(lock, JSON.stringify({ pid: deadPid(), host: 'render-node-7', started: '2026-01-01T00:00:00.000Z', token: 'aa' }));
    await expect(acquireRunLock(lock)).rejects.toThrow(/a run on another machine \(process \d+ on render-node-7, started 2026-01-01T00:00:00.000Z\) holds this dataset.*If that run has ended, delete .*lock$/);
  });

  it('refuses a lock file it cannot read, naming it', async () => {
    await writeFile(lock, 'hello');
    await expect(acquireRunLock(lock)).rejects.toThrow(`${lock}: not a dataset lock ("hello"); if no run is building this dataset, delete ${lock}`);
  });

  it('does not release a lock that is no longer its own', async () => {
    const release = await acquireRunLock(lock);
    await writeFile(lock, staleLock(process.ppid, 'another'));
    await release();
    expect(await readFile(lock, 'utf8')).toBe(staleLock(process.ppid, 'another'));
  });

  it('recovers from a takeover lock left by a killed process', async () => {
    await writeFile(lock, staleLock(deadPid()));
    await writeFile(`${lock}.takeover`, staleLock(deadPid(), 'guard'));
    const release = await acquireRunLock(lock);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('acquireRunLock across processes', () => {
  let dir: string;
  let children: Contender[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-lock-race-'));
    await compileLockModule(join(dir, 'lib'));
    await writeFile(join(dir, 'contender.cjs'), CONTENDER);
    children = await Promise.all(Array.from({ length: 6 }, () => contender(join(dir, 'contender.cjs'))));
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => c.stop()));
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a stale lock to exactly one of many racing processes, every time', async () => {
    const dead = deadPid();
    for (let round = 0; round < 8; round++) {
      const lock = join(dir, `round-${round}`, 'lock');
      await mkdir(dirname(lock), { recursive: true });
      await writeFile(lock, round % 2 === 0 ? staleLock(dead) : `${dead}\n`);
      // Every process is told at once; all outcomes are collected while the winner still holds the lock.
      const outcomes = await Promise.all(children.map((c) => c.ask({ lock })));
      const holders = outcomes.filter((o) => o.held);
      expect(holders).toHaveLength(1);
      for (const loser of outcomes.filter((o) => !o.held)) expect(loser.message).toMatch(/another run \(process \d+ on .*\) is building this dataset/);
      await Promise.all(children.filter((_, i) => outcomes[i]!.held).map((c) => c.ask({ release: true })));
      // Nothing is left behind: no pending, stale-aside or takeover files.
      expect(await readdir(dirname(lock))).toEqual([]);
    }
  });
});

/** A process that tries the lock when told, reports, and holds it until told to release it. */
const CONTENDER = `
const { acquireRunLock } = require('./lib/dataset/run-lock.js');
let release;
process.on('message', async (message) => {
  if (message.release) {
    await release();
    process.send({ released: true });
    return;
  }
  try {
    release = await acquireRunLock(message.lock);
    process.send({ held: true });
  } catch (error) {
    process.send({ held: false, message: error.message });
  }
});
process.send({ ready: true });
`;

interface Outcome {
  readonly held: boolean;
  readonly message?: string;
}

interface Contender {
  ask(message: { lock: string } | { release: true }): Promise<Outcome>;
  stop(): Promise<void>;
}

async function contender(script: string): Promise<Contender> {
  const child: ChildProcess = fork(script, [], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const reply = (): Promise<Outcome> => new Promise((resolveReply) => child.once('message', (m) => resolveReply(m as Outcome)));
  await reply();
  return {
    ask(message) {
      const answer = reply();
      child.send(message);
      return answer;
    },
    stop: () =>
      new Promise<void>((resolveExit) => {
        child.once('exit', () => resolveExit());
        child.kill();
      }),
  };
}

/**
 * Compiles the lock module and what it imports to CommonJS, for plain node processes to load. The lock
 * imports core's util subpath; the child gets the two core files it uses behind a small shim.
 */
async function compileLockModule(out: string): Promise<void> {
  // Core's TypeScript source in the workspace (a file path, not an import: the child loads plain CommonJS).
  const coreSrc = join(__dirname, '../../../core/src');
  const sources = [
    { from: join(__dirname, 'run-lock.ts'), to: 'dataset/run-lock.js' },
    { from: join(coreSrc, 'util/errors.ts'), to: 'core-util/errors.js' },
    { from: join(coreSrc, 'util/sync-folder.ts'), to: 'core-util/sync-folder.js' },
  ];
  for (const { from, to } of sources) {
    const target = join(out, to);
    const { code } = await transformFile(from, { swcrc: false, filename: target, jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } });
    // The lock's import of core's util subpath goes to the shim. Rewritten here rather than by swc's
    // `paths`, which computes the relative path from the source file, not from where the output goes.
    const shim = relative(dirname(target), join(out, 'core-util/index.js')).split(sep).join('/');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, code.replaceAll('require("@geneava/core/util")', `require(${JSON.stringify(shim.startsWith('.') ? shim : `./${shim}`)})`));
  }
  await writeFile(join(out, 'core-util/index.js'), "module.exports = { ...require('./errors.js'), ...require('./sync-folder.js') };\n");
}
