import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProgressEvent } from '@geneava/core/contracts';
import { buildSdxlFixture, type SdxlFixture } from '@geneava/testing';
import type { SdxlImageRequest } from './image-request.js';
import { SdxlPipeline, type SdxlOutcome } from './sdxl-pipeline.js';

let root: string;
let fixture: SdxlFixture;
let pipeline: SdxlPipeline;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-abort-'));
  fixture = await buildSdxlFixture(join(root, 'sdxl'), { generation: 'new', precision: 'fp16' });
  pipeline = await SdxlPipeline.load(fixture.dir, { device: 'cpu', hashModels: false });
});
afterAll(async () => {
  await pipeline.dispose();
  await rm(root, { recursive: true, force: true });
});

const request = (id: string): SdxlImageRequest => ({ id, prompt: 'a photo of a smiling woman', seed: 3, width: fixture.width, height: fixture.height, steps: 6, guidance: 5 });

describe('aborting a generation', () => {
  it('stops after the step during which the signal was aborted, keeping the images already yielded', async () => {
    const controller = new AbortController();
    const reason = new Error('stop, please');
    const events: ProgressEvent[] = [];
    const onProgress = (event: ProgressEvent) => {
      events.push(event);
      if (event.task === 'denoise' && event.item === 'second' && event.done === 2) controller.abort(reason);
    };
    const outcomes: SdxlOutcome[] = [];
    const run = async () => {
      for await (const outcome of pipeline.generate([request('first'), request('second'), request('third')], { signal: controller.signal, onProgress })) outcomes.push(outcome);
    };
    await expect(run()).rejects.toBe(reason);
    expect(outcomes.map((o) => `${o.request.id}:${o.status}`)).toEqual(['first:ok']);
    const steps = (item: string) => events.filter((e) => e.task === 'denoise' && e.item === item).map((e) => e.done);
    expect(steps('first')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(steps('second')).toEqual([1, 2]);
    expect(steps('third')).toEqual([]);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const events: ProgressEvent[] = [];
    const run = async () => {
      for await (const _ of pipeline.generate([request('only')], { signal: AbortSignal.abort(), onProgress: (e) => events.push(e) })) {
        // never reached
      }
    };
    await expect(run()).rejects.toThrow();
    expect(events).toEqual([]);
  });
});
