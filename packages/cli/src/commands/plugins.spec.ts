import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../test-support/run.js';

const workspaceRoot = resolve(__dirname, '../../../..');

async function writePlugin(dir: string, apiVersion: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'geneava-stylizer-future', version: '2.0.0', type: 'module', exports: { './plugin': './plugin.js' }, geneava: { kind: 'stylizer', apiVersion, entry: './plugin' } }),
  );
  await writeFile(
    join(dir, 'plugin.js'),
    `export default { $$type: 'geneava/plugin', kind: 'stylizer', apiVersion: ${apiVersion}, name: 'future', version: '2.0.0', create() { return {}; } };`,
  );
}

describe('geneava plugins list', () => {
  it('loads the embedded default stylizer from the workspace', async () => {
    const result = await run(['plugins', 'list', '--json'], workspaceRoot);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout);
    expect(listed.enabled).toEqual([
      { package: '@geneava/stylizer-classic', name: 'classic', kind: 'stylizer', version: '0.1.0', status: 'ok' },
    ]);
  });

  it('gives one clear error for a plugin that declares a wrong apiVersion, and keeps the others', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-cli-plugins-'));
    await writePlugin(join(dir, 'future-style'), 2);
    await writePlugin(join(dir, 'node_modules', 'geneava-stylizer-unlisted'), 1);
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plugins: ['./future-style'] }));
    const result = await run(['plugins', 'list'], dir);
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((line) => line.startsWith('error: '));
    expect(errors).toEqual([
      'error: plugin geneava-stylizer-future: declares stylizer apiVersion 2, but @geneava/core 0.1.0 supports stylizer apiVersion 1; install a release of the plugin built for apiVersion 1, or a core that supports 2',
    ]);
    expect(result.stdout).toContain('Installed but not enabled');
  });

  it('reports partial failure when some enabled plugins load', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'geneava-cli-plugins-'));
    await writePlugin(join(dir, 'future-style'), 2);
    await writePlugin(join(dir, 'good-style'), 1);
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plugins: ['./future-style', { package: './good-style', name: 'good' }] }));
    const result = await run(['plugins', 'list', '--json'], dir);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).enabled.map((p: { status: string }) => p.status)).toEqual(['failed', 'ok']);
  });

  it('reports invalid options from the config as a configuration error (exit 64)', async () => {
    // Inside the workspace, so the classic plugin is found installed as in a project.
    await mkdir(join(workspaceRoot, 'tmp'), { recursive: true });
    const dir = await mkdtemp(join(workspaceRoot, 'tmp', 'cli-plugins-options-'));
    try {
      await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plugins: [{ package: '@geneava/stylizer-classic', options: { strenght: 2 } }] }));
      const result = await run(['plugins', 'list', '--json'], dir);
      expect(result.code).toBe(64);
      expect(JSON.parse(result.stdout).enabled).toEqual([
        { package: '@geneava/stylizer-classic', name: 'classic', kind: 'stylizer', version: '0.1.0', status: 'failed', reason: 'plugin classic: invalid options: unknown key(s) options.strenght', invalidOptions: true },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
