import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime, readModelSignature, type TensorData } from '@geneava/core/onnx';
import { buildSdxlFixture, type SdxlFixture } from './build-sdxl-fixture.js';
import { expectedFixtureImage } from './expected-image.js';
import { conditioningOffset, expectedLatent, sdxlFixtureWeights, fixtureConditioning, layerCode, TEXT_ENCODER_HIDDEN, zeroConditioning, guidedOffset } from './fixture-weights.js';
import { alphasCumprod } from './noise-schedule.js';

const runtime = new OnnxRuntime();
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-sdxl-fixture-'));
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

const values = (tensor: TensorData | undefined) => Array.from(tensor!.data as Float32Array);
const ids77 = (first: number[], pad: number) => [...first, ...Array.from({ length: 77 - first.length }, () => pad)];

describe('the fixture sees a wrong hidden-state layer', () => {
  const weights = sdxlFixtureWeights(3, 4);
  const timeIds = [24, 32, 0, 0, 24, 32];
  const ids = ids77([49406, 320, 1125, 539, 320, 9200, 2308, 49407], 49407);
  const ids2 = ids77([49406, 320, 1125, 539, 320, 9200, 2308, 49407], 0);
  const image = (layers: Parameters<typeof fixtureConditioning>[3]) => {
    const cond = conditioningOffset(weights, fixtureConditioning(weights, ids, ids2, layers), timeIds);
    const uncond = conditioningOffset(weights, zeroConditioning(), timeIds);
    return expectedFixtureImage(weights, expectedLatent(weights, guidedOffset(uncond, cond, 5)));
  };
  const difference = (a: ReturnType<typeof image>, b: ReturnType<typeof image>) => Math.max(...a.data.map((v, i) => Math.abs(v - b.data[i]!)));

  it.each([
    ['text_encoder', { textEncoder: 10 }],
    ['text_encoder', { textEncoder: 12 }],
    ['text_encoder_2', { textEncoder2: 30 }],
    ['text_encoder_2', { textEncoder2: 32 }],
  ] as const)('%s %j instead of the penultimate layer changes the image', (_, layers) => {
    expect(difference(image({}), image(layers))).toBeGreaterThan(5);
  });
});

describe.each([
  ['old', 'fp32'],
  ['new', 'fp32'],
  ['new', 'fp16'],
] as const)('SDXL fixture (%s export, %s)', (generation, precision) => {
  let fixture: SdxlFixture;
  const tolerance = precision === 'fp16' ? 2e-3 : 1e-5;

  beforeAll(async () => {
    fixture = await buildSdxlFixture(join(root, `${generation}-${precision}`), { generation, precision });
  });

  it('declares the IO of its Optimum generation', async () => {
    const textEncoder = await readModelSignature(join(fixture.dir, 'text_encoder/model.onnx'));
    const unet = await readModelSignature(join(fixture.dir, 'unet/model.onnx'));
    expect(textEncoder.inputs[0]).toMatchObject({ name: 'input_ids', dtype: generation === 'old' ? 'int32' : 'int64' });
    expect(textEncoder.outputs.map((o) => o.name).slice(0, 4)).toEqual(['last_hidden_state', 'pooler_output', 'hidden_states.0', 'hidden_states.1']);
    const timestep = unet.inputs.find((i) => i.name === 'timestep');
    expect(timestep).toEqual(generation === 'old' ? { name: 'timestep', dtype: 'int64', dims: ['steps'] } : { name: 'timestep', dtype: precision === 'fp16' ? 'float16' : 'float32', dims: [] });
    expect(unet.externalDataFiles).toEqual(['model.onnx_data']);
    expect((await stat(join(fixture.dir, 'unet/model.onnx_data'))).size).toBeGreaterThan(1000);
    const index = JSON.parse(await readFile(join(fixture.dir, 'model_index.json'), 'utf8'));
    expect(index).toMatchObject({ _class_name: 'StableDiffusionXLPipeline', force_zeros_for_empty_prompt: true });
  });

  it('text encoders compute f(id)·u + c_i·d, and the mirror predicts them', async () => {
    const session = await runtime.createSession(join(fixture.dir, 'text_encoder/model.onnx'), { device: 'cpu' });
    const ids = ids77([49406, 100, 49407], 49407);
    const feed = generation === 'old' ? { dtype: 'int32' as const, dims: [1, 77], data: Int32Array.from(ids) } : { dtype: 'int64' as const, dims: [1, 77], data: ids };
    const out = await session.run({ input_ids: feed }, ['hidden_states.11', 'hidden_states.12']);
    const h11 = values(out['hidden_states.11']);
    const u = fixture.weights.textEncoder.u;
    // token 1 has id 100: f = 100 mod 97 = 3.
    const d = fixture.weights.textEncoder.layerDirection;
    expect(h11[TEXT_ENCODER_HIDDEN + 5]).toBeCloseTo(3 * u[5]! + layerCode(11) * d[5]!, 3);
    expect(values(out['hidden_states.12'])[0]).not.toBeCloseTo(h11[0]!, 3);
    const mirror = fixtureConditioning(fixture.weights, ids, ids77([49406, 49407], 0));
    const mean1 = h11.filter((_, i) => i % TEXT_ENCODER_HIDDEN === 1).reduce((a, b) => a + b, 0) / 77;
    expect(Math.abs(mean1 - mirror.hiddenMean[1]!)).toBeLessThan(tolerance);
  });

  it('text_encoder_2 hidden states follow the mirror layer by layer', async () => {
    const session = await runtime.createSession(join(fixture.dir, 'text_encoder_2/model.onnx'), { device: 'cpu' });
    const ids2 = ids77([49406, 300, 49407], 0);
    const out = await session.run({ input_ids: { dtype: 'int64', dims: [1, 77], data: ids2 } }, ['hidden_states.30', 'hidden_states.31']);
    for (const layer of [30, 31]) {
      const mirror = fixtureConditioning(fixture.weights, ids77([49406, 49407], 49407), ids2, { textEncoder2: layer });
      const state = values(out[`hidden_states.${layer}`]);
      const mean = state.filter((_, i) => i % 1280 === 7).reduce((a, b) => a + b, 0) / 77;
      expect(Math.abs(mean - mirror.hiddenMean[TEXT_ENCODER_HIDDEN + 7]!)).toBeLessThan(tolerance);
    }
  });

  it('the UNet is a perfect denoiser of x0 + m(conditioning)', async () => {
    const session = await runtime.createSession(join(fixture.dir, 'unet/model.onnx'), { device: 'cpu' });
    const { weights } = fixture;
    const t = 501;
    const ac = alphasCumprod()[t]!;
    const ids = ids77([49406, 49407], 49407);
    const ids2 = ids77([49406, 49407], 0);
    const conditioning = fixtureConditioning(weights, ids, ids2);
    const timeIds = [24, 32, 0, 0, 24, 32];
    const target = expectedLatent(weights, conditioningOffset(weights, conditioning, timeIds));
    const noise = Float32Array.from(target, (_, i) => Math.sin(i * 12.9898) * 1.5);
    const sample = Float32Array.from(target, (x0, i) => Math.sqrt(ac) * x0 + Math.sqrt(1 - ac) * noise[i]!);
    // Broadcast the token mean back over 77 tokens: the UNet only uses the mean.
    const hidden = new Float32Array(77 * 2048);
    for (let k = 0; k < 77; k++) hidden.set(conditioning.hiddenMean, k * 2048);
    const plane = [1, 4, weights.latentHeight, weights.latentWidth];
    const out = await session.run({
      sample: { dtype: 'float32', dims: plane, data: sample },
      timestep: generation === 'old' ? { dtype: 'int64', dims: [1], data: [t] } : { dtype: 'float32', dims: [], data: Float32Array.of(t) },
      encoder_hidden_states: { dtype: 'float32', dims: [1, 77, 2048], data: hidden },
      text_embeds: { dtype: 'float32', dims: [1, 1280], data: Float32Array.from(conditioning.pooled) },
      time_ids: { dtype: 'float32', dims: [1, 6], data: Float32Array.from(timeIds) },
    });
    const predicted = values(out['out_sample']);
    const worst = Math.max(...predicted.map((value, i) => Math.abs(value - noise[i]!)));
    expect(worst).toBeLessThan(precision === 'fp16' ? 5e-2 : 1e-3);
  });

  it('the VAE decoder output matches the expected image', async () => {
    const session = await runtime.createSession(join(fixture.dir, 'vae_decoder/model.onnx'), { device: 'cpu' });
    const { weights } = fixture;
    const latent = Float32Array.from(weights.x0, (x) => x / fixture.scalingFactor);
    const out = await session.run({ latent_sample: { dtype: 'float32', dims: [1, 4, weights.latentHeight, weights.latentWidth], data: latent } });
    const sample = out['sample']!;
    expect(sample.dims).toEqual([1, 3, fixture.height, fixture.width]);
    const expected = expectedFixtureImage(weights, weights.x0, fixture.scalingFactor);
    const decoded = values(sample);
    const plane = fixture.width * fixture.height;
    for (let i = 0; i < plane; i += 37) {
      for (let c = 0; c < 3; c++) {
        const pixel = Math.round(Math.min(1, Math.max(0, decoded[c * plane + i]! / 2 + 0.5)) * 255);
        expect(Math.abs(pixel - expected.data[i * 3 + c]!)).toBeLessThanOrEqual(precision === 'fp16' ? 1 : 0);
      }
    }
  });
});
