import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGeneavaContainer, openRunScope, type RunScope } from '@geneava/core/di';
import { parseConfig } from '@geneava/core/config';
import { PluginLoadError, PluginRegistry } from '@geneava/core/plugins';
import { silentLogger } from '@geneava/core/util';
import type { FaceAnalyzer } from '@geneava/core/contracts';
import { PreservationEvaluator } from '@geneava/evaluator';
import preservationEvaluatorPlugin from '@geneava/evaluator/plugin';
import { DEFAULT_EVALUATOR, resolveEvaluator } from './resolve-evaluator.js';
import { installThirdPartyEvaluator, registryWithThirdPartyEvaluator, THIRD_PARTY_EVALUATOR } from './test-support/evaluator-plugin.js';

/** A face analyzer that only records whether it was released. */
function sharedAnalyzer(): FaceAnalyzer & { disposed: number } {
  const analyzer = { info: { id: 'shared', version: '1', identityModels: ['mobileface'] }, disposed: 0, dispose: () => { analyzer.disposed += 1; } };
  return analyzer as unknown as FaceAnalyzer & { disposed: number };
}

describe('resolveEvaluator', () => {
  let root: string;
  let scope: RunScope;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'geneava-evaluator-'));
    scope = openRunScope(createGeneavaContainer({ config: parseConfig({}, 'test'), logger: silentLogger }));
  });
  afterEach(async () => {
    await scope.dispose();
    await rm(root, { recursive: true, force: true });
  });

  it('builds the evaluator plugin the config enables, with its configured options and the run\'s face analyzer', async () => {
    const { registry, log } = await registryWithThirdPartyEvaluator(root, { label: 'from config' });
    const analyzer = sharedAnalyzer();
    const { evaluator, plugin } = await resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu', faceAnalyzer: analyzer });
    expect(plugin.pkg.name).toBe(THIRD_PARTY_EVALUATOR);
    expect(evaluator.info.id).toBe('acme');
    expect(log.created).toEqual([{ options: { label: 'from config' }, faceAnalyzer: analyzer }]);
    // The run's scope owns the instance; the analyzer stays the run's to release.
    await scope.dispose();
    expect(log.disposed).toBe(1);
    expect(analyzer.disposed).toBe(0);
  });

  it('falls back to @geneava/evaluator\'s preservation evaluator when the config enables none, thresholds over the defaults', async () => {
    const registry = await PluginRegistry.open(parseConfig({ plugins: [] }, 'test'), { projectRoot: root });
    const analyzer = sharedAnalyzer();
    const { evaluator, plugin } = await resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu', faceAnalyzer: analyzer, thresholds: { mobileface: 0.42 } });
    expect(plugin.name).toBe(DEFAULT_EVALUATOR);
    expect(evaluator).toBeInstanceOf(PreservationEvaluator);
    expect((evaluator as PreservationEvaluator).analyzer).toBe(analyzer);
    expect((evaluator as PreservationEvaluator).thresholds['mobileface']).toMatchObject({ threshold: 0.42 });
  });

  it('reports a configured evaluator that failed to load instead of using the default in its place', async () => {
    await installThirdPartyEvaluator(root);
    const config = parseConfig({ plugins: [THIRD_PARTY_EVALUATOR] }, 'test');
    const registry = await PluginRegistry.open(config, { projectRoot: root, importer: async () => { throw new Error('broken build'); } });
    const failure = await resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PluginLoadError);
    expect((failure as Error).message).toContain(`${THIRD_PARTY_EVALUATOR}: loading entry "./plugin" threw: broken build`);
  });

  it('lays the caller\'s thresholds over the thresholds the config gives the preservation evaluator', async () => {
    const evaluatorPackage = join(__dirname, '..', '..', '..', 'evaluator');
    const config = parseConfig({ plugins: [{ package: evaluatorPackage, options: { thresholds: { mobileface: 0.3, arcface: 0.2 } } }] }, 'test');
    const registry = await PluginRegistry.open(config, { projectRoot: root, importer: async () => ({ default: preservationEvaluatorPlugin }) });
    const { evaluator } = await resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu', faceAnalyzer: sharedAnalyzer(), thresholds: { mobileface: 0.42 } });
    const thresholds = (evaluator as PreservationEvaluator).thresholds;
    expect([thresholds['mobileface']?.threshold, thresholds['arcface']?.threshold]).toEqual([0.42, 0.2]);
  });

  it('takes the evaluator named, over the configured one', async () => {
    const { registry, log } = await registryWithThirdPartyEvaluator(root);
    const { evaluator } = await resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu', faceAnalyzer: sharedAnalyzer(), name: DEFAULT_EVALUATOR });
    expect(evaluator).toBeInstanceOf(PreservationEvaluator);
    expect(log.created).toEqual([]);
    await expect(resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu', name: 'nonesuch' })).rejects.toThrow('unknown evaluator "nonesuch"');
  });

  it('reports an option the configured plugin rejects by the plugin\'s name and the key', async () => {
    const { registry } = await registryWithThirdPartyEvaluator(root, { label: 'x' });
    await expect(resolveEvaluator({ registry, scope, projectRoot: root, device: 'cpu', thresholds: { mobileface: 0.5 } })).rejects.toThrow(/acme.*options\.thresholds/);
  });
});
