import { createProgressRenderer } from './progress.js';

function sink(isTTY = false) {
  const out = { stdout: '', stderr: '' };
  const io = {
    cwd: '/',
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t), isTTY },
  };
  return { io, out };
}

describe('progress renderer', () => {
  it('prints plain lines, throttled, always the last one and every failure', () => {
    const { io, out } = sink();
    const progress = createProgressRenderer(io, { json: false, quiet: false, plainEveryMs: 60_000 });
    progress.onProgress({ task: 'stylize', done: 1, total: 3, item: 'a', status: 'ok' });
    progress.onProgress({ task: 'stylize', done: 2, total: 3, item: 'b', status: 'failed', message: 'bad file' });
    progress.onProgress({ task: 'stylize', done: 3, total: 3, item: 'c', status: 'ok' });
    expect(out.stderr).toBe('stylize: 1/3\nfailed: b: bad file\nstylize: 3/3\n');
    expect(out.stdout).toBe('');
  });

  it('writes JSON lines on stderr with --json', () => {
    const { io, out } = sink();
    createProgressRenderer(io, { json: true, quiet: false }).onProgress({ task: 't', done: 1, total: 2 });
    expect(JSON.parse(out.stderr)).toEqual({ progress: { task: 't', done: 1, total: 2 } });
    expect(out.stdout).toBe('');
  });

  it('prints nothing with --quiet', () => {
    const { io, out } = sink(true);
    createProgressRenderer(io, { json: false, quiet: true }).onProgress({ task: 't', done: 1, status: 'failed' });
    expect(out.stderr).toBe('');
  });

  it('draws bars on a TTY', () => {
    const { io, out } = sink(true);
    const progress = createProgressRenderer(io, { json: false, quiet: false });
    progress.onProgress({ task: 'evaluate', done: 1, total: 2, item: 'x.png' });
    progress.stop();
    expect(out.stderr).toContain('evaluate');
    expect(out.stderr).toContain('1/2');
  });
});
