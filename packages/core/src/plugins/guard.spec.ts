import { guardItem } from './guard.js';

describe('guardItem', () => {
  it('returns the value of work that succeeds', async () => {
    const outcome = await guardItem('a', 'stylizer classic', async () => 42);
    expect(outcome).toMatchObject({ id: 'a', ok: true, value: 42 });
  });

  it('turns a throw into a one-line reason naming who failed', async () => {
    const outcome = await guardItem('b', 'stylizer broken', async () => {
      throw new Error('bad tensor\nstack details');
    });
    expect(outcome).toMatchObject({ id: 'b', ok: false, reason: 'stylizer broken: bad tensor' });
  });
});
