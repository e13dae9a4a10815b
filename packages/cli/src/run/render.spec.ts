import type { DatasetBuildResult, JournalReplay } from '@geneava/pipeline';
import { renderRunSummary, runSummaryJson } from './render.js';

function result(replay: JournalReplay): DatasetBuildResult {
  return {
    out: 'ds',
    counts: { items: 0, kept: 0, dropped: 0, failed: 0, failedPhotos: 0 },
    stages: { ran: 0, resumed: 0, failed: 0 },
    replay,
    staleTempFiles: 0,
    records: [],
    failedPhotos: [],
    files: { metadataJsonl: 'metadata.jsonl', metadataCsv: 'metadata.csv', card: 'README.md' },
    seconds: 0,
  };
}

describe('run summary: journal repairs', () => {
  it('says when a torn last journal entry was dropped', () => {
    const text = renderRunSummary(result({ entries: 3, truncatedTail: true, healedTail: false }));
    expect(text).toMatch(/journal: its last entry was cut short by an interrupted write; it was dropped/);
    expect(text).not.toMatch(/line ending/);
  });

  it('says when a last entry got its line ending back, and reports both in --json', () => {
    const replay = { entries: 3, truncatedTail: false, healedTail: true };
    expect(renderRunSummary(result(replay))).toMatch(/journal: its last entry had lost its line ending/);
    expect(runSummaryJson(result(replay))['resumed']).toMatchObject({ truncatedTail: false, healedTail: true });
  });

  it('says nothing about the journal when it was whole', () => {
    expect(renderRunSummary(result({ entries: 3, truncatedTail: false, healedTail: false }))).not.toMatch(/journal:/);
  });
});

describe('run summary: reference sets', () => {
  it('says how many reference files the memorization screen left out, and lists them in --json', () => {
    const problems = [{ set: 'celeb', file: 'broken.jpg', kind: 'unreadable' as const, reason: 'not a JPEG' }];
    const built = { ...result({ entries: 0, truncatedTail: false, healedTail: false }), referenceProblems: problems };
    expect(renderRunSummary(built)).toContain('reference sets: 1 file(s) not in the sets (unreadable, no face or not an image), listed in README.md');
    expect(runSummaryJson(built)['referenceProblems']).toEqual(problems);
    expect(renderRunSummary(result({ entries: 0, truncatedTail: false, healedTail: false }))).not.toMatch(/reference sets/);
  });
});
