import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@geneava/core/config';
import { PluginRegistry } from '@geneava/core/plugins';
import { listPlugins } from './list-plugins.js';

/** A stylizer package whose schema takes only `level` (CommonJS, read by Node's import()). */
async function writeStylizer(root: string, name: string, body?: string): Promise<void> {
  const dir = join(root, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', exports: { './plugin': './plugin.js' }, geneava: { kind: 'stylizer', apiVersion: 1, entry: './plugin' } }));
  const schema = `{ safeParse: (raw) => Object.keys(raw).every((key) => key === 'level') ? { success: true, data: raw } : { success: false, error: { issues: [{ code: 'unrecognized_keys', keys: Object.keys(raw).filter((key) => key !== 'level'), path: [] }] } } }`;
  await writeFile(join(dir, 'plugin.js'), body ?? `module.exports = { $$type: 'geneava/plugin', kind: 'stylizer', apiVersion: 1, name: '${name}', optionsSchema: ${schema}, create() { return { apiVersion: 1 }; } };`);
}

describe('listPlugins', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-list-plugins-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const list = async (plugins: unknown[]) => listPlugins(await PluginRegistry.open(parseConfig({ plugins }, 'test'), { projectRoot: root }));

  it('ends ok when every enabled plugin loads, partial when some fail, in failure when all do', async () => {
    await writeStylizer(root, 'fine');
    await writeStylizer(root, 'broken', 'throw new Error("no");');
    expect((await list(['fine'])).outcome).toBe('ok');
    const some = await list(['fine', 'broken']);
    expect(some.enabled.map((row) => [row.package, row.status])).toEqual([['fine', 'ok'], ['broken', 'failed']]);
    expect(some.outcome).toBe('partial');
    expect((await list(['broken'])).outcome).toBe('failure');
  });

  it('calls options the schema refuses a usage error', async () => {
    await writeStylizer(root, 'fine');
    const result = await list([{ package: 'fine', options: { colour: 'red' } }]);
    expect(result.enabled[0]).toMatchObject({ status: 'failed', invalidOptions: true });
    expect(result.outcome).toBe('usage');
  });
});
