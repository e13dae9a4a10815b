import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../test-support/run.js';

describe('--gpu', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-gpu-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is a common option that reaches the config (and is checked there)', async () => {
    expect(await run(['plan', '--expressions', 'joy', '--max-items', '1', '--gpu', '1'], dir)).toMatchObject({ code: 0, stderr: '' });
    const bad = await run(['plan', '--expressions', 'joy', '--max-items', '1', '--gpu', '-1'], dir);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/command-line options: 'gpu': .*>=0/);
  });
});
