import { ItemJournal } from './item-journal.js';
import { itemJobId } from './job-data.js';

describe('ItemJournal', () => {
  it('records new entries after the seeded ones even when this clock is behind', async () => {
    const future = Date.now() + 60_000;
    const journal = new ItemJournal([{ id: 'a', stage: 'faces', status: 'done', at: future }]);
    const image = await journal.append({ id: 'a', stage: 'image', status: 'done' });
    const faces = await journal.append({ id: 'a', stage: 'faces', status: 'done' });
    expect(image.at).toBeGreaterThan(future);
    expect(faces.at).toBeGreaterThan(image.at);
    expect(journal.get('a', 'faces')).toBe(faces);
    expect(journal.added).toEqual([image, faces]);
  });
});

describe('itemJobId', () => {
  const item = { id: 'joy:01', expression: 'joy', labels: {} } as never;
  it('is the same for the same run, item, image fingerprint and state, and never holds ":" nor only digits', () => {
    const id = itemJobId('run1', item, 'fp', []);
    expect(itemJobId('run1', item, 'fp', [])).toBe(id);
    expect(id).toMatch(/^i[0-9a-z]+$/);
  });
  it('changes with the run, the image fingerprint and the recorded state', () => {
    const id = itemJobId('run1', item, 'fp', []);
    expect(itemJobId('run2', item, 'fp', [])).not.toBe(id);
    expect(itemJobId('run1', item, 'fp2', [])).not.toBe(id);
    expect(itemJobId('run1', item, 'fp', [{ id: 'joy:01', stage: 'image', status: 'done', at: 1 }])).not.toBe(id);
  });
});
