import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImageAtomic } from '@geneava/core/image';
import type { RgbImage } from '@geneava/core/contracts';
import { readPairsCsv } from '@geneava/evaluator';
import { runCli } from '../main.js';
import { run } from '../test-support/run.js';

function picture(seed: number): RgbImage {
  const data = new Uint8Array(16 * 16 * 3).map((_, i) => (i * 7 + seed * 40) % 256);
  return { width: 16, height: 16, data };
}

/** A run dataset of four faces (two expressions) with one stylizer's avatars and an identity metric. */
async function writeDataset(dir: string): Promise<void> {
  const lines: string[] = [];
  for (const [index, [expression, gender]] of [['glee', 'female'], ['glee', 'male'], ['rage', 'female'], ['rage', 'male']].entries()) {
    const id = `${expression}-${index}`;
    await writeImageAtomic(join(dir, 'images', expression!, `${id}.png`), picture(index));
    await writeImageAtomic(join(dir, 'avatars', 'classic', expression!, `${id}.png`), picture(index + 10));
    lines.push(JSON.stringify({ id, expression, gender, image: `images/${expression}/${id}.png`, avatars: { classic: { status: 'ok', file: `avatars/classic/${expression}/${id}.png`, metrics: { 'identity.cosine[mobileface]': 0.4 + index / 10 } } } }));
  }
  await writeFile(join(dir, 'metadata.jsonl'), `${lines.join('\n')}\n`);
}

describe('geneava study', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-study-'));
    await writeDataset(join(dir, 'dataset'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('creates a study, serves it with one link per rater until stopped, and exports the answers given', async () => {
    const human = await run(['study', 'create', '--from', 'dataset', '--out', 'one', '--pairs-per-task', '5', '--raters-per-task', '1', '--pairs-per-cell', '1'], dir);
    expect(human.stdout).toContain(`Study in ${join(dir, 'one')}: 1 task, 3 pairs (attention checks included), 1 stylizer, 1 rater link\n`);
    const created = await run(['study', 'create', '--from', 'dataset', '--out', 'study', '--pairs-per-task', '3', '--raters-per-task', '1', '--raters', '2', '--pairs-per-cell', '2', '--json'], dir);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toEqual({ dir: join(dir, 'study'), tasks: 2, pairs: 6, stylizers: ['classic'], raters: 2 });

    let stdout = '';
    const serving = runCli(['study', 'serve', '--dir', 'study', '--port', '0'], {
      cwd: dir,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true, isTTY: false },
    });
    while (!stdout.includes('/rate/')) await new Promise((resolve) => setTimeout(resolve, 20));
    const links = [...stdout.matchAll(/(r\d+)\s+(http:\/\/127\.0\.0\.1:\d+\/rate\/[A-Za-z0-9_-]+)/g)];
    expect(links.map((link) => link[1])).toEqual(['r001', 'r002']);
    const page = await fetch(links[0]![2]!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Avatar study');
    // The first rater does their first task over HTTP: "same person" on the first rated pair only, and
    // "different" on the attention check (the API does not say which pair that is; key.json does).
    const origin = new URL(links[0]![2]!).origin;
    const headers = { authorization: `Bearer ${links[0]![2]!.split('/').pop()}`, 'content-type': 'application/json' };
    const key = JSON.parse(await readFile(join(dir, 'study', 'key.json'), 'utf8'));
    const { task } = (await (await fetch(`${origin}/api/state`, { headers })).json()) as { task: { id: string; pairs: { id: string }[] } };
    const rated = task.pairs.filter((pair) => key.pairs[pair.id].kind === 'rated').map((pair) => pair.id);
    for (const pair of task.pairs) {
      const answers = { identity: pair.id === rated[0], expression: true };
      const saved = await fetch(`${origin}/api/answers`, { method: 'POST', headers, body: JSON.stringify({ task: task.id, pair: pair.id, answers }) });
      expect(saved.status).toBe(200);
    }
    process.emit('SIGINT');
    expect(await serving).toBe(0);

    await writeFile(join(dir, 'dataset', 'report.html'), '<html><body><footer>run report</footer></body></html>');
    const exported = await run(['study', 'export', '--dir', 'study'], dir);
    expect(exported.stdout).toContain(`Human results added to: ${join(dir, 'dataset', 'report.html')}`);
    expect(await readFile(join(dir, 'dataset', 'report.html'), 'utf8')).toContain('<h2>Human study</h2>');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('1 valid task of 1 finished (0 failed the attention check and were discarded, 0 unfinished)');
    // People's identity verdicts feed `geneava calibrate identity --pairs` as they are.
    const humanPairs = await readPairsCsv(join(dir, 'study', 'identity-pairs.csv'));
    expect(humanPairs.pairs).toHaveLength(rated.length);
    const shown = JSON.parse(await readFile(join(dir, 'study', 'study.json'), 'utf8')).pairs.find((pair: { id: string }) => pair.id === rated[0]);
    expect(humanPairs.pairs.filter((pair) => pair.same)).toEqual([{ a: join(dir, 'study', 'images', shown.real), b: join(dir, 'study', 'images', shown.avatar), same: true }]);
    expect(humanPairs.images.every((image) => image.startsWith(join(dir, 'study', 'images')))).toBe(true);
    expect(exported.stdout).toContain(`Report: ${join(dir, 'study', 'report.html')}`);
    const json = JSON.parse((await run(['study', 'export', '--dir', 'study', '--json', '--no-annotate-source'], dir)).stdout);
    expect(json.files.sourceReport).toBeUndefined();
    expect(json.counts).toMatchObject({ tasks: 2, pairs: 4, raters: 2, valid: 1 });
    expect(json.files.json).toBe(join(dir, 'study', 'results.json'));

    const added = await run(['study', 'raters', '--dir', 'study', '--add', '1', '--json'], dir);
    expect(JSON.parse(added.stdout).raters.map((rater: { id: string }) => rater.id)).toEqual(['r003']);
  });

  it('reports a folder that is neither a dataset nor a comparison in one line, as a usage error', async () => {
    const result = await run(['study', 'create', '--from', 'nowhere', '--out', 'study'], dir);
    expect(result.code).toBe(64);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('neither a run dataset');
    const badWait = await run(['study', 'serve', '--dir', 'study', '--abandon-after', '0'], dir);
    expect(badWait.code).toBe(64);
    expect(badWait.stderr).toContain('--abandon-after must be a number of minutes above 0');
    const missing = await run(['study'], dir);
    expect(missing.code).toBe(64);
  });
});
