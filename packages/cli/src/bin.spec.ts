import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

// Runs the real `geneava` binary on the compiled packages (the test target depends on the build),
// so what a user gets after `npm ci` is what is tested here.
const bin = resolve(__dirname, '../bin/geneava.js');
const exec = promisify(execFile);

async function geneava(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NODE_OPTIONS: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the geneava binary', () => {
  it('prints help', async () => {
    const result = await geneava(['--help'], tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/geneava plan\s+Write a balanced generation plan/);
  });

  it('writes a plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-bin-'));
    const result = await geneava(['plan', '--expressions', 'joy,anger', '--out', 'plan.jsonl'], dir);
    expect(result.code).toBe(0);
    expect((await readFile(join(dir, 'plan.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(196);
  });

  it('loads the default plugin from the built packages', async () => {
    const result = await geneava(['plugins', 'list', '--json'], resolve(__dirname, '../../..'));
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).enabled[0]).toMatchObject({ name: 'classic', status: 'ok' });
  });

  it('exits 64 on a usage error', async () => {
    const result = await geneava(['plan', '--age-groups', 'infant'], tmpdir());
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^geneava: unknown age group: infant/);
  });
});
