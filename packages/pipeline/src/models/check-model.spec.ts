import type { ModelKindDefinition } from '@geneava/core/plugins';
import { checkModel } from './check-model.js';

/** A kind whose check passes for paths ending in "good". */
const kind: ModelKindDefinition = {
  kind: 'toy',
  description: 'test kind',
  check: async (path) => ({ kind: 'toy', path, ok: path.endsWith('good'), problems: path.endsWith('good') ? [] : [{ file: '.', message: 'not good' }] }),
};

describe('checkModel', () => {
  it('runs the kind\'s check on the path from cwd, and ends ok or in failure by the report', async () => {
    const good = await checkModel({ kinds: [kind], kind: 'toy', path: 'models/good', cwd: '/project' });
    expect(good).toEqual({ report: { kind: 'toy', path: '/project/models/good', ok: true, problems: [] }, outcome: 'ok' });
    const bad = await checkModel({ kinds: [kind], kind: 'toy', path: '/m/bad' });
    expect(bad.outcome).toBe('failure');
    await expect(checkModel({ kinds: [kind], kind: 'sdxl', path: 'x' })).rejects.toThrow('unknown model kind "sdxl" (known: toy)');
  });
});
