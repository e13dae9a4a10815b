import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJsonObject } from './folder-files.js';
import { readOnnxFile } from './onnx-file.js';
import { CheckReportBuilder } from './report-builder.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'geneava-checks-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readJsonObject', () => {
  it('returns the object of a JSON file', async () => {
    await writeFile(join(dir, 'good.json'), '{"_class_name": "X", "n": 2}');
    expect(await readJsonObject(join(dir, 'good.json'))).toEqual({ ok: true, value: { _class_name: 'X', n: 2 } });
  });

  it('says why a file is not a usable JSON object', async () => {
    await writeFile(join(dir, 'list.json'), '[1, 2]');
    await writeFile(join(dir, 'broken.json'), '{"a": ');
    expect(await readJsonObject(join(dir, 'list.json'))).toEqual({ ok: false, message: 'does not hold a JSON object' });
    expect(await readJsonObject(join(dir, 'absent.json'))).toEqual({ ok: false, message: 'missing' });
    const broken = await readJsonObject(join(dir, 'broken.json'));
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/^is not valid JSON \(/);
  });
});

describe('CheckReportBuilder and readOnnxFile', () => {
  it('collects every problem and is ok only without problems', async () => {
    const report = new CheckReportBuilder('demo', dir);
    expect(report.build()).toEqual({ kind: 'demo', path: dir, ok: true, problems: [], facts: {} });

    await writeFile(join(dir, 'empty.onnx'), new Uint8Array(0));
    expect(await readOnnxFile(dir, 'missing.onnx', 'demo net', report)).toBeUndefined();
    expect(await readOnnxFile(dir, 'empty.onnx', 'demo net', report)).toBeUndefined();
    report.fact('variant', 'x');
    expect(report.build()).toEqual({
      kind: 'demo',
      path: dir,
      ok: false,
      problems: [
        { file: 'missing.onnx', message: 'missing (the demo net model)' },
        { file: 'empty.onnx', message: 'empty file, expected an ONNX model' },
      ],
      facts: { variant: 'x' },
    });
  });
});
