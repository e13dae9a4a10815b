import { hostConditions } from './resolve-entry.js';

describe('hostConditions', () => {
  it('reads --conditions and -C from the flags and NODE_OPTIONS, as Node does', () => {
    expect(hostConditions(['--conditions=development', '-C', 'edge', '--inspect'], '--max-old-space-size=4096 --conditions worker -C=fast')).toEqual([
      'development',
      'edge',
      'worker',
      'fast',
    ]);
    expect(hostConditions([], '')).toEqual([]);
  });
});
