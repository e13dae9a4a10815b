import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// CommonJS under the test runner; the benchmark runs as an ES module from the package folder.
const packageRoot = typeof __dirname === 'string' ? join(__dirname, '..', '..') : process.cwd();

/** One test worker process and the events it printed. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly events: Record<string, unknown>[];
  /** Resolves once the worker has printed an event of this type. */
  waitFor(type: string, match?: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** Starts worker-process.ts under Node with the TypeScript source loader (as sibling packages are resolved in tests). */
export function startWorkerProcess(url: string, queue: string, options: Record<string, unknown> = {}): WorkerProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@geneava/source', '--import', '@swc-node/register/esm-register', join('test', 'support', 'worker-process.ts'), url, queue, JSON.stringify(options)],
    { cwd: packageRoot, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const events: Record<string, unknown>[] = [];
  const waiters: { type: string; match: (event: Record<string, unknown>) => boolean; resolve: (event: Record<string, unknown>) => void }[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const event = JSON.parse(line) as Record<string, unknown>;
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.type === event['type'] && waiter.match(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    events,
    waitFor: (type, match = () => true) =>
      new Promise((resolve, reject) => {
        const seen = events.find((event) => event['type'] === type && match(event));
        if (seen) return resolve(seen);
        waiters.push({ type, match, resolve });
        void exited.then(() => reject(new Error(`the worker exited before "${type}": ${stderr.slice(-800)}`)));
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
