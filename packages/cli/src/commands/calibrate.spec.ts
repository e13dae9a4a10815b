import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../test-support/run.js';

describe('geneava calibrate identity (usage)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-calibrate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is a CLI command with usage errors on exit code 64', async () => {
    expect((await run(['calibrate', '--help'], dir)).stdout).toContain('geneava calibrate identity');
    const neither = await run(['calibrate', 'identity'], dir);
    expect(neither.code).toBe(64);
    expect(neither.stderr).toBe('geneava: give exactly one of --people DIR and --pairs FILE\n');
    const bad = await run(['calibrate', 'identity', '--pairs', 'none.csv', '--json'], dir);
    expect(JSON.parse(bad.stdout)).toEqual({ error: { code: 'usage', message: `--pairs: ${join(dir, 'none.csv')}: pairs file not found` } });
  });
});
