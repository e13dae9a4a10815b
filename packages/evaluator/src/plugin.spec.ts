import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_VERSIONS, type FaceAnalyzer } from '@geneava/core/contracts';
import { silentLogger } from '@geneava/core/util';
import type { OnnxRuntime } from '@geneava/core/onnx';
import { PRESERVATION_EVALUATOR_VERSION, PreservationEvaluator } from './metrics/preservation-evaluator.js';
import preservationEvaluatorPlugin from './plugin.js';

describe('preservation evaluator plugin definition', () => {
  it('declares the evaluator kind, API version, name and version', () => {
    expect(preservationEvaluatorPlugin.$$type).toBe('geneava/plugin');
    expect(preservationEvaluatorPlugin.kind).toBe('evaluator');
    expect(preservationEvaluatorPlugin.apiVersion).toBe(API_VERSIONS.evaluator);
    expect(preservationEvaluatorPlugin.name).toBe('preservation');
    expect(preservationEvaluatorPlugin.version).toBe(PRESERVATION_EVALUATOR_VERSION);
  });

  it('agrees with the package.json manifest', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      geneava?: { kind: string; apiVersion: number; entry: string };
      exports: Record<string, Record<string, string>>;
    };
    expect(manifest.geneava).toEqual({ kind: 'evaluator', apiVersion: preservationEvaluatorPlugin.apiVersion, entry: './plugin' });
    expect(manifest.exports['./plugin']?.['@geneava/source']).toBe('./src/plugin.ts');
  });

  it('validates options strictly', () => {
    const schema = preservationEvaluatorPlugin.optionsSchema!;
    expect(schema.parse({ thresholds: { mobileface: 0.45 } })).toEqual({ thresholds: { mobileface: 0.45 } });
    const unknown = schema.safeParse({ threshold: 0.4 });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toContain('threshold');
    expect(schema.safeParse({ thresholds: { arcface: 2 } }).success).toBe(false);
    expect(schema.safeParse({ minRedetectionIou: 0 }).success).toBe(false);
  });

  it('scores with the run\'s face analyzer when given one, loads no models, and leaves disposing it to the run', async () => {
    let disposed = 0;
    const analyzer = { info: { id: 'shared' }, dispose: () => { disposed += 1; } } as unknown as FaceAnalyzer;
    // Any use of the runtime would mean the plugin loads its own models.
    const onnx = new Proxy({}, { get: () => { throw new Error('the runtime must not be used'); } }) as OnnxRuntime;
    const evaluator = await preservationEvaluatorPlugin.create({
      options: { thresholds: { mobileface: 0.45 } },
      projectRoot: '/project',
      device: 'cpu',
      onnx,
      logger: silentLogger,
      faceAnalyzer: analyzer,
    });
    expect(evaluator).toBeInstanceOf(PreservationEvaluator);
    expect((evaluator as PreservationEvaluator).analyzer).toBe(analyzer);
    expect((evaluator as PreservationEvaluator).thresholds['mobileface']?.threshold).toBe(0.45);
    await evaluator.dispose?.();
    expect(disposed).toBe(0);
  });
});
