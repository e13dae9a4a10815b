import { unsharedItemLines } from './unshared-items.js';

describe('unsharedItemLines', () => {
  it('names the photos left out of the summaries and who lacks them', () => {
    const counts = { items: 3, compared: 3, skipped: 0, pairs: 6, failedPairs: 1, shared: 1 };
    expect(unsharedItemLines({ counts, unshared: [{ id: 'joy/b', missing: ['toonify'] }, { id: 'c', missing: ['a', 'b'] }] })).toBe(
      'summaries over the 1 photo every stylizer was scored on; left out:\n  joy/b (not scored by toonify)\n  c (not scored by a, b)\n',
    );
    expect(unsharedItemLines({ counts, unshared: [] })).toBe('');
  });
});
