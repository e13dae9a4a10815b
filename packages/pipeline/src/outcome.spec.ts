import { worseOutcome } from './outcome.js';

describe('worseOutcome', () => {
  it('keeps the worse of two outcomes whichever comes first', () => {
    expect(worseOutcome('ok', 'partial')).toBe('partial');
    expect(worseOutcome('partial', 'ok')).toBe('partial');
    expect(worseOutcome('failure', 'partial')).toBe('failure');
    expect(worseOutcome('usage', 'failure')).toBe('usage');
    expect(worseOutcome('ok', 'ok')).toBe('ok');
  });
});
