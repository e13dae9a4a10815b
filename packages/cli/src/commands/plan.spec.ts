import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../test-support/run.js';

describe('geneava plan', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-cli-plan-'));
  });

  it('writes 196 balanced items for two expressions', async () => {
    const result = await run(['plan', '--expressions', 'joy,anger', '--out', 'plan.jsonl'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Wrote 196 items (2 expressions, 98 per expression)');
    const lines = (await readFile(join(dir, 'plan.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(196);
    expect(lines.filter((l) => l.expression === 'joy')).toHaveLength(98);
    expect(lines[0]).toMatchObject({ id: 'joy-female-white-teen', family: 'joy', gender: 'female', race: 'white', ageGroup: 'teen' });
  });

  it('prints a JSON summary with --json and JSONL to stdout without --out', async () => {
    const summary = await run(['plan', '--expressions', 'joy', '--out', 'p.jsonl', '--json'], dir);
    expect(JSON.parse(summary.stdout)).toEqual({ out: join(dir, 'p.jsonl'), items: 98, expressions: 1, perExpression: 98 });
    const streamed = await run(['plan', '--expressions', 'joy', '--max-items', '3'], dir);
    expect(streamed.stdout.trim().split('\n')).toHaveLength(3);
  });

  it('takes plan settings from the config file, flags winning', async () => {
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plan: { expressions: ['joy'], races: ['indian'], baseSeed: 5 } }));
    const fromFile = await run(['plan', '--json', '--out', 'a.jsonl'], dir);
    expect(JSON.parse(fromFile.stdout).items).toBe(14);
    const overridden = await run(['plan', '--json', '--out', 'b.jsonl', '--races', 'indian,black'], dir);
    expect(JSON.parse(overridden.stdout).items).toBe(28);
  });

  it('fails with a usage exit code and one line for an unknown expression', async () => {
    const result = await run(['plan', '--expressions', 'joyy', '--out', 'x.jsonl'], dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toMatch(/^geneava: unknown expression: joyy/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a config typo as one error naming the key', async () => {
    await writeFile(join(dir, 'geneava.config.json'), JSON.stringify({ plna: {} }));
    const result = await run(['plan', '--out', 'x.jsonl'], dir);
    expect(result.code).toBe(64);
    expect(result.stderr).toBe(`geneava: ${join(dir, 'geneava.config.json')}: unknown key 'plna' (did you mean 'plan'?)\n`);
  });

  it('lists the 135 expressions', async () => {
    const result = await run(['plan', '--list-expressions', '--json'], dir);
    expect(JSON.parse(result.stdout)).toHaveLength(135);
  });
});

describe('geneava (top level)', () => {
  it('shows help listing the commands', async () => {
    const result = await run(['--help'], tmpdir());
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('geneava plan');
    expect(result.stdout).toContain('geneava plugins <action>');
    expect(result.stdout).toContain('geneava models <action>');
  });

  it('rejects an unknown command and an unknown flag as usage errors', async () => {
    expect((await run(['paln'], tmpdir())).code).toBe(64);
    const flag = await run(['plan', '--expresions', 'joy'], tmpdir());
    expect(flag.code).toBe(64);
    expect(flag.stderr).toMatch(/Unknown argument: expresions/);
  });

  it('prints errors as JSON with --json', async () => {
    const result = await run(['plan', '--races', 'martian', '--json'], tmpdir());
    expect(result.code).toBe(64);
    expect(JSON.parse(result.stdout)).toEqual({ error: { code: 'usage', message: expect.stringMatching(/^unknown race: martian/) } });
  });
});
