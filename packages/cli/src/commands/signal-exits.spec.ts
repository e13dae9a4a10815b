import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRgbImage, encodeImage } from '@geneava/core/image';
import { buildSdxlFixture } from '@geneava/testing';
import { runCli } from '../main.js';
import type { InterruptSignal, SignalTarget } from './generate-interrupt.js';
import { runInterruptNotice } from './run.js';

/** A process stand-in whose signals the test sends; a second signal would kill, and is recorded instead. */
class FakeProcess extends EventEmitter implements SignalTarget {
  readonly pid = 4242;
  readonly killed: InterruptSignal[] = [];
  kill(_pid: number, signal: InterruptSignal): boolean {
    this.killed.push(signal);
    return true;
  }
}

/** Runs the CLI in process; `signal` is sent once, at the first progress line (of `task`, when given). */
async function runWith(args: string[], cwd: string, signal?: InterruptSignal, task?: string) {
  const target = new FakeProcess();
  let stdout = '';
  let stderr = '';
  let sent = false;
  const code = await runCli(args, {
    cwd,
    signals: target,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: {
      isTTY: false,
      write: (text: string) => {
        stderr += text;
        if (signal && !sent && text.startsWith('{"progress"') && (task === undefined || text.includes(`"task":"${task}"`))) {
          sent = true;
          target.emit(signal);
        }
      },
    },
  });
  return { code, stdout, stderr, listeners: target.listenerCount('SIGINT') + target.listenerCount('SIGTERM'), killed: target.killed };
}

describe('geneava run, interrupted', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-run-interrupt-'));
    await mkdir(join(dir, 'photos'));
    for (let k = 0; k < 4; k++) await writeFile(join(dir, 'photos', `p${k}.png`), await encodeImage(createRgbImage(64, 64, [20 * k, 90, 140]), 'png'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('stops at %s with one notice, releases the lock and exits %d; the same command then finishes', async (signal, exitCode) => {
    const args = ['run', '--source', 'photos', '--out', 'data', '--no-report', '--json'];
    const stopped = await runWith(args, dir, signal);
    expect(stopped.code).toBe(exitCode);
    const interrupts = stopped.stderr.split('\n').filter((line) => line.includes('"interrupt"'));
    expect(interrupts).toEqual([JSON.stringify({ interrupt: { signal, message: runInterruptNotice(signal) } })]);
    expect(stopped.stderr).not.toMatch(/"error"/);
    expect(stopped.stdout).toBe('');
    expect(stopped.listeners).toBe(0);
    expect(stopped.killed).toEqual([]);
    expect(existsSync(join(dir, 'data', '.geneava', 'lock'))).toBe(false);

    const finished = await runWith(args, dir);
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout).counts).toMatchObject({ items: 4, failed: 0 });
    expect((await readFile(join(dir, 'data', 'metadata.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(4);
  }, 60_000);
});

describe('geneava generate, interrupted', () => {
  it('exits 143 at SIGTERM, like run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-cli-generate-interrupt-'));
    try {
      const fixture = await buildSdxlFixture(join(dir, 'sdxl'), { generation: 'new', precision: 'fp32' });
      const args = ['generate', '--models', fixture.dir, '--prompt', 'a face', '--size', '32x24', '--steps', '3', '--count', '4', '--out', 'out', '--device', 'cpu', '--json'];
      const stopped = await runWith(args, dir, 'SIGTERM', 'denoise');
      expect(stopped.code).toBe(143);
      const summary = JSON.parse(stopped.stdout) as { exitCode: number; interrupted: { reason: string; notGenerated: string[] } };
      expect(summary.exitCode).toBe(143);
      expect(summary.interrupted.reason).toBe('interrupted by SIGTERM');
      expect(summary.interrupted.notGenerated.length).toBeGreaterThan(0);
      expect(stopped.listeners).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
