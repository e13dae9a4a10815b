import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../test-support/run.js';

describe('geneava evaluate (usage)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-evaluate-'));
    await mkdir(join(dir, 'real'));
    await mkdir(join(dir, 'avatars'));
  });

  it('is listed in the help', async () => {
    const result = await run(['--help'], dir);
    expect(result.stdout).toContain('geneava evaluate');
  });

  it('requires --real, --avatars and --out', async () => {
    const result = await run(['evaluate', '--real', 'real'], dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toBe('geneava: Missing required arguments: avatars, out\n');
  });

  it('rejects a missing folder, a malformed threshold and a bad labels file with one line each', async () => {
    const missing = await run(['evaluate', '--real', 'nope', '--avatars', 'avatars', '--out', 'out'], dir);
    expect(missing.code).toBe(64);
    expect(missing.stderr).toBe(`geneava: --real: ${join(dir, 'nope')}: folder not found\n`);
    const threshold = await run(['evaluate', '--real', 'real', '--avatars', 'avatars', '--out', 'out', '--threshold', 'mobileface'], dir);
    expect(threshold.code).toBe(64);
    expect(threshold.stderr).toBe('geneava: --threshold: expected MODEL=COSINE (e.g. mobileface=0.5), got "mobileface"\n');
    const labels = await run(['evaluate', '--real', 'real', '--avatars', 'avatars', '--out', 'out', '--labels', 'l.csv', '--json'], dir);
    expect(labels.code).toBe(64);
    expect(JSON.parse(labels.stdout)).toEqual({ error: { code: 'usage', message: `--labels: ${join(dir, 'l.csv')}: labels file not found` } });
  });

  it('refuses a folder without images with the usage error every command gives (exit 64)', async () => {
    const result = await run(['evaluate', '--real', 'real', '--avatars', 'avatars', '--out', 'out', '--json'], dir);
    expect(result.code).toBe(64);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'usage', message: '--real real: no images found (images are .jpg .jpeg .png .webp .tif .tiff .gif .avif)' } });
  });
});
