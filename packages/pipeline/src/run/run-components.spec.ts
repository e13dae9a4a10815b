import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGeneavaContainer, openRunScope } from '@geneava/core/di';
import { parseConfig } from '@geneava/core/config';
import { silentLogger } from '@geneava/core/util';
import { PreservationEvaluator } from '@geneava/evaluator';
import { openPluginRegistry } from '../plugin-registry.js';
import { buildRunComponents } from './run-dataset.js';
import { resolveRunSettings } from './settings.js';

describe("a run's components, built in its run scope", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'geneava-run-components-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('share one face analyzer: the scope provides it, the evaluator plugin scores with it, and the scope releases it', async () => {
    const loaded = { config: parseConfig({}, 'test'), projectRoot: dir };
    const settings = resolveRunSettings(loaded.config, dir, { demo: true }, dir);
    const scope = openRunScope(createGeneavaContainer({ config: loaded.config, logger: silentLogger }));
    let released = false;
    try {
      const { components, inputs, failedStylizers } = await buildRunComponents(settings, { loaded, scope, cwd: dir, registry: await openPluginRegistry(loaded) });
      expect(failedStylizers).toEqual([]);
      expect(components.stylizers.map((s) => s.name)).toEqual(['classic']);
      expect(inputs.split?.photos).toHaveLength(6);
      expect(scope.faceAnalyzer()).toBe(components.analyzer);
      // The default evaluator is @geneava/evaluator's plugin, built on the run's analyzer, not a second copy.
      expect(components.evaluator).toBeInstanceOf(PreservationEvaluator);
      expect((components.evaluator as PreservationEvaluator).analyzer).toBe(components.analyzer);
      const dispose = components.analyzer.dispose?.bind(components.analyzer);
      (components.analyzer as { dispose?: () => Promise<void> }).dispose = async () => {
        released = true;
        await dispose?.();
      };
    } finally {
      await scope.dispose();
    }
    expect(released).toBe(true);
  }, 60_000);
});
