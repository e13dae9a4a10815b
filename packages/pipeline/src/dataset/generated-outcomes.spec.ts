import type { GeneratedFace, GenerationRequest } from '@geneava/core/contracts';
import { buildPlan } from '@geneava/core/plan';
import { generatedOutcomes, generationRequest, type GenerationSettings } from './image-provider.js';
import { itemFromPlan } from './item.js';
import { FakeGenerator } from './test-support/fakes.js';

const settings: GenerationSettings = { width: 40, height: 32, steps: 1, guidance: 1, scheduler: 'x', batch: 4 };

/** The fake generator, except that it throws at `throwAt` (as generators did before the per-image status). */
class ThrowingGenerator extends FakeGenerator {
  constructor(private readonly throwAt: string, failIds: ReadonlySet<string>) {
    super({}, failIds);
  }
  override async *generate(requests: readonly GenerationRequest[]): AsyncIterable<GeneratedFace> {
    for await (const face of super.generate(requests)) {
      if (face.request.item.id === this.throwAt) throw new Error('the old generator gave up');
      yield face;
    }
  }
}

describe('generatedOutcomes', () => {
  it('fails the item whose image has status failed, and the item a generator threw at, and makes the rest', async () => {
    const items = buildPlan({ expressions: ['joy', 'anger'], genders: ['female', 'male'], races: ['white'], ageGroups: ['20s'] }).map(itemFromPlan);
    const ids = items.map((item) => item.id);
    const generator = new ThrowingGenerator(ids[2]!, new Set([ids[1]!]));
    const outcomes = [];
    for await (const outcome of generatedOutcomes(generator, items, (item) => generationRequest(item, settings))) outcomes.push(outcome);
    expect(outcomes.map((outcome) => [outcome.id, outcome.ok, outcome.ok ? undefined : outcome.reason])).toEqual([
      [ids[0], true, undefined],
      [ids[1], false, `generator fake-generator: the fake UNet diverged on ${ids[1]}`],
      [ids[2], false, 'generator fake-generator: the old generator gave up'],
      [ids[3], true, undefined],
    ]);
  });
});
