import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSIONS, type GeneratedFace, type GenerationRequest, type Generator } from '@geneava/core/contracts';
import { createRgbImage } from '@geneava/core/image';
import { MemoryLogger } from '@geneava/core/util';
import { readPngText } from './generate-output.js';
import { GeneratedRecords } from './generate-records.js';
import { writeGeneratedFaces, type GenerationJob } from './write-generated-faces.js';

/** Makes a flat image per request, reports the ids in `fail` as failed, and stops (throws) when aborted. */
function fakeGenerator(fail: readonly string[], abort?: { after: string; controller: AbortController }): Generator {
  return {
    apiVersion: API_VERSIONS.generator,
    info: { id: 'fake', version: '1' },
    async *generate(requests: readonly GenerationRequest[], options = {}): AsyncIterable<GeneratedFace> {
      for (const request of requests) {
        options.signal?.throwIfAborted();
        const id = request.item.id;
        if (fail.includes(id)) yield { status: 'failed', request, reason: `${id}: the UNet diverged` };
        else yield { status: 'ok', request, image: createRgbImage(8, 8, [request.seed, 0, 0]), provenance: { scheduler: 'euler', denoiseMs: 5 }, ...(id === 'c' ? { warnings: ['prompt truncated'] } : {}) };
        if (abort?.after === id) abort.controller.abort(new Error('stopped by the user'));
      }
    },
  };
}

const job = (id: string, seed: number): GenerationJob => ({
  request: { item: { id, expression: 'joy' }, prompt: `photo ${id}`, seed, width: 8, height: 8, steps: 1, guidance: 1, scheduler: 'euler' },
  image: join('images', 'joy', `${id}.png`),
  labels: { expression: 'joy' },
  fingerprint: `f-${id}`,
});

describe('writeGeneratedFaces', () => {
  let out: string;
  beforeEach(async () => {
    out = await mkdtemp(join(tmpdir(), 'geneava-write-generated-'));
  });
  afterEach(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('writes each face with status ok (PNG, then record), fails the ones reported failed, and goes on', async () => {
    const { records } = await GeneratedRecords.open(join(out, 'metadata.jsonl'));
    const logger = new MemoryLogger();
    const { items, interruption } = await writeGeneratedFaces(fakeGenerator(['b']), [job('a', 1), job('b', 2), job('c', 3)], { out, records, logger });
    expect(interruption).toBeUndefined();
    expect(items).toEqual([
      { id: 'a', status: 'ok', image: 'images/joy/a.png' },
      { id: 'b', status: 'failed', error: 'b: the UNet diverged' },
      { id: 'c', status: 'ok', image: 'images/joy/c.png' },
    ]);
    expect(existsSync(join(out, 'images', 'joy', 'b.png'))).toBe(false);
    const lines = (await readFile(join(out, 'metadata.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { id: string; fingerprint: string });
    expect(lines.map((line) => [line.id, line.fingerprint])).toEqual([['a', 'f-a'], ['c', 'f-c']]);
    // The timing stays out of the PNG's record.
    const text = readPngText(await readFile(join(out, 'images', 'joy', 'a.png')));
    expect(JSON.parse(text['geneava']!)).toMatchObject({ id: 'a', seed: 1, provenance: { scheduler: 'euler' } });
    expect(JSON.parse(text['geneava']!).provenance).not.toHaveProperty('denoiseMs');
    expect(logger.entries).toContainEqual({ level: 'warn', message: 'c: prompt truncated', fields: undefined });
  });

  it('returns what was written and the reason when the run is aborted', async () => {
    const { records } = await GeneratedRecords.open(join(out, 'metadata.jsonl'));
    const controller = new AbortController();
    const { items, interruption } = await writeGeneratedFaces(fakeGenerator([], { after: 'a', controller }), [job('a', 1), job('b', 2)], { out, records, signal: controller.signal });
    expect(items.map((item) => item.id)).toEqual(['a']);
    expect((interruption as Error).message).toBe('stopped by the user');
  });
});
