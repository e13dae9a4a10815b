import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@geneava/core/config';
import { UsageError } from '@geneava/core/util';
import type { MetadataRecord } from '@geneava/core/dataset-format';
import type { ProgressEvent } from '@geneava/core/contracts';
import { buildDatasetWithDefaults } from './build-dataset-with-defaults.js';

/** Files below a folder, relative, with forward slashes. */
async function filesBelow(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(folder.length + 1).split('\\').join('/')).sort();
}

describe('buildDatasetWithDefaults (a script, no CLI)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-library-run-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds a dataset from the demo photos with the defaults, reporting progress and returning its outcome', async () => {
    const events: ProgressEvent[] = [];
    const outcome = await buildDatasetWithDefaults({ demo: true, maxItems: 3, report: false, cwd: dir, onProgress: (event) => events.push(event) });

    // No config file in the folder: the defaults, with the demo's own output folder.
    expect(outcome.outcome).toBe('ok');
    expect(outcome.settings.stylizers).toEqual(['classic']);
    expect(outcome.result.out).toBe(join(dir, 'geneava-demo'));
    expect(outcome.result.counts).toMatchObject({ items: 3, failed: 0 });
    expect(outcome.failedStylizers).toEqual([]);

    const out = outcome.result.out;
    const files = await filesBelow(out);
    expect(files.filter((f) => f.startsWith('images/'))).toHaveLength(3);
    expect(files.filter((f) => f.startsWith('avatars/classic/'))).toHaveLength(3);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'metadata.csv', 'metadata.jsonl']));
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    const records = (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as MetadataRecord);
    expect(records.map((r) => r.id)).toEqual(outcome.result.records.map((r) => r.id));
    for (const record of records) {
      expect(record.source?.file).toMatch(/^sample\d\.jpg$/);
      expect(record.avatars['classic']).toMatchObject({ status: 'ok' });
      // The evaluator plugin scored each pair on the embedded face models.
      expect(record.avatars['classic']!.metrics!['identity.cosine[mobileface]']).toEqual(expect.any(Number));
    }
    expect(await readFile(join(out, 'README.md'), 'utf8')).toContain('# GenEAva demo dataset');
    // Progress came through the callback, per stage.
    expect(events.some((e) => e.task === 'stylize:classic' && e.status === 'ok')).toBe(true);
  }, 120_000);

  it('takes a config object, checked as the config file is, and a path to a config file', async () => {
    await expect(buildDatasetWithDefaults({ demo: true, cwd: dir, config: { run: { stylizer: ['classic'] } } })).rejects.toThrow(ConfigError);
    await expect(buildDatasetWithDefaults({ demo: true, cwd: dir, config: { run: { stylizer: ['classic'] } } })).rejects.toThrow(
      "the config object: unknown key 'run.stylizer' (did you mean 'run.stylizers'?)",
    );
    await writeFile(join(dir, 'custom.json'), JSON.stringify({ run: { stylizers: ['no/such'] } }));
    await expect(buildDatasetWithDefaults({ demo: true, cwd: dir, config: 'custom.json' })).rejects.toThrow(UsageError);
    await expect(buildDatasetWithDefaults({ demo: true, cwd: dir, config: 'custom.json' })).rejects.toThrow('stylizer name "no/such" cannot name a folder');
    // Mistakes are found before anything is written.
    expect(await readdir(dir)).toEqual(['custom.json']);
  });
});
