import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeImage } from '@geneava/core/image';
import { buildSdxlFixture, type SdxlFixture } from '@geneava/testing';
import { InterruptedError, interruptNotice, watchInterrupts, type InterruptSignal, type SignalTarget } from './generate-interrupt.js';

/** A process stand-in: emits signals on demand and records kill() calls. */
class FakeProcess extends EventEmitter implements SignalTarget {
  readonly pid = 4242;
  readonly killed: [number, InterruptSignal][] = [];
  kill(pid: number, signal: InterruptSignal): boolean {
    this.killed.push([pid, signal]);
    return true;
  }
}

describe('watchInterrupts', () => {
  it('aborts at the first signal and tells the user once', () => {
    const target = new FakeProcess();
    const notices: InterruptSignal[] = [];
    const watch = watchInterrupts((signal) => notices.push(signal), target);
    expect(watch.signal.aborted).toBe(false);
    target.emit('SIGTERM');
    expect(watch.signal.aborted).toBe(true);
    expect(watch.signal.reason).toBeInstanceOf(InterruptedError);
    expect((watch.signal.reason as InterruptedError).message).toBe('interrupted by SIGTERM');
    expect(notices).toEqual(['SIGTERM']);
    expect(target.killed).toEqual([]);
    watch.dispose();
  });

  it('quits at once on a second signal: stops watching and re-sends the signal to the process', () => {
    const target = new FakeProcess();
    watchInterrupts(() => undefined, target);
    target.emit('SIGINT');
    target.emit('SIGINT');
    expect(target.killed).toEqual([[4242, 'SIGINT']]);
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
  });

  it('gives the signals back when disposed', () => {
    const target = new FakeProcess();
    const watch = watchInterrupts(() => undefined, target);
    expect(target.listenerCount('SIGINT')).toBe(1);
    expect(target.listenerCount('SIGTERM')).toBe(1);
    watch.dispose();
    expect(target.listenerCount('SIGINT') + target.listenerCount('SIGTERM')).toBe(0);
  });
});

// The real binary on the compiled packages (the test target depends on the build), stopped by a real signal.
const bin = resolve(__dirname, '../../bin/geneava.js');
const posixIt = process.platform === 'win32' ? it.skip : it;

let root: string;
let fixture: SdxlFixture;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-cli-interrupt-'));
  // 256x256 images and many steps: each image takes a while, so a signal lands in the middle of one.
  fixture = await buildSdxlFixture(join(root, 'sdxl'), { generation: 'new', precision: 'fp32', latentHeight: 32, latentWidth: 32 });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Spawned {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly stderr: () => string;
  kill(signal: InterruptSignal): void;
}

function geneava(args: string[], cwd: string): Spawned {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code, signal, stdout, stderr }));
  });
  return { exited, stderr: () => stderr, kill: (signal) => child.kill(signal) };
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 10));
  }
}

const metadataLines = async (path: string): Promise<Record<string, unknown>[]> => {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
};

interface ProgressLine {
  readonly progress?: { task: string; done: number; total: number; item: string };
  readonly interrupt?: { signal: string; message: string };
}

const stderrJson = (stderr: string): ProgressLine[] =>
  stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as ProgressLine);

describe('geneava generate, interrupted', () => {
  const args = (out: string) => ['generate', '--models', fixture.dir, '--prompt', 'a photo of a smiling woman', '--size', '256', '--steps', '900', '--count', '20', '--out', out, '--device', 'cpu'];

  posixIt('stops after the current step at SIGINT, keeps the images written, leaves nothing half-done and exits 130', async () => {
    const cwd = await mkdtemp(join(root, 'sigint-'));
    const metadata = join(cwd, 'out', 'metadata.jsonl');
    const run = geneava([...args('out'), '--json'], cwd);
    await until(async () => (await metadataLines(metadata)).length >= 1, 'the first image');
    run.kill('SIGINT');
    const result = await run.exited;

    expect(result.code).toBe(130);
    const summary = JSON.parse(result.stdout) as { items: { id: string; status: string; image: string }[]; interrupted: { reason: string; notGenerated: string[] }; exitCode: number };
    const written = summary.items.map((item) => item.id);
    expect(summary.items.every((item) => item.status === 'ok')).toBe(true);
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.length).toBeLessThan(20);
    expect(summary.interrupted).toEqual({ reason: 'interrupted by SIGINT', notGenerated: Array.from({ length: 20 }, (_, i) => `prompt-${i}`).slice(written.length) });
    expect(summary.exitCode).toBe(130);

    // Exactly the images that have their record, whole; no temporary file left behind.
    const records = await metadataLines(metadata);
    expect(records.map((r) => r['id'])).toEqual(written);
    expect((await readdir(join(cwd, 'out', 'images'))).sort()).toEqual(written.map((id) => `${id}.png`));
    for (const id of written) {
      const image = await decodeImage(join(cwd, 'out', 'images', `${id}.png`));
      expect([image.width, image.height]).toEqual([256, 256]);
    }

    const lines = stderrJson(result.stderr);
    expect(lines.filter((line) => line.interrupt)).toEqual([{ interrupt: { signal: 'SIGINT', message: interruptNotice('SIGINT') } }]);
    // The image being denoised when the signal came (if the signal did not land between two images) stopped
    // part-way: its last step event is not its last step. The pipeline's abort test pins the exact step.
    const stoppedId = summary.interrupted.notGenerated[0]!;
    const steps = lines.filter((line) => line.progress?.task === 'denoise' && line.progress.item === stoppedId).map((line) => line.progress!.done);
    expect(Math.max(0, ...steps)).toBeLessThan(900);
  }, 60_000);

  posixIt('exits 143 with a clear message when SIGTERM comes before any image is written', async () => {
    const cwd = await mkdtemp(join(root, 'sigterm-'));
    const run = geneava(args('out'), cwd);
    await until(async () => /denoise: \d+\/900/.test(run.stderr()), 'the first denoising step');
    run.kill('SIGTERM');
    const result = await run.exited;

    expect(result.code).toBe(143);
    expect(result.stderr).toContain(`geneava: ${interruptNotice('SIGTERM')}\n`);
    expect(result.stdout).toBe(`Interrupted by SIGTERM: generated 0 of 20 images in ${join(cwd, 'out')}; records in metadata.jsonl; 20 not generated\n`);
    await expect(stat(join(cwd, 'out', 'metadata.jsonl'))).rejects.toThrow();
    expect(await readdir(join(cwd, 'out', 'images')).catch(() => [])).toEqual([]);
  }, 60_000);
});
