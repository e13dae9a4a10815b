import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDatasetWithDefaults } from '@geneava/pipeline';
import { run } from '../test-support/run.js';

async function metadataLines(out: string): Promise<string[]> {
  return (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n');
}

describe('geneava run and @geneava/pipeline', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-run-library-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('build the same dataset from the same settings: the command is the library with flags', async () => {
    // A project config the command reads from its folder and the library is given by path.
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ run: { curation: { identity: { minCosine: { mobileface: 0.7 } } } } }));
    const cli = await run(['run', '--demo', '--max-items', '3', '--no-report', '--out', 'from-cli', '--quiet'], dir);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);

    const library = await buildDatasetWithDefaults({ demo: true, maxItems: 3, report: false, out: 'from-library', cwd: dir, config: 'geneava.config.json' });
    expect(library.outcome).toBe('ok');

    const fromCli = await metadataLines(join(dir, 'from-cli'));
    expect(fromCli).toHaveLength(3);
    // Every line alike: labels, provenance, filter, metrics, curation and the stage fingerprints.
    expect(await metadataLines(join(dir, 'from-library'))).toEqual(fromCli);
    expect(await readFile(join(dir, 'from-library', 'metadata.csv'), 'utf8')).toBe(await readFile(join(dir, 'from-cli', 'metadata.csv'), 'utf8'));
  }, 120_000);
});
