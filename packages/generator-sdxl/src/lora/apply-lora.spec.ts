import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeModel,
  encodeModel,
  float16BitsToFloat32Array,
  float32ArrayToFloat16Bits,
  OnnxRuntime,
  type OnnxSession,
  type TensorFeed,
} from '@geneava/core/onnx';
import {
  buildSdxlFixture,
  float32ToBfloat16Bits,
  fixtureLoraModules,
  inlineExternalData,
  mergedMatMulWeight,
  OnnxGraphBuilder,
  writeLoraFile,
  writeSafetensors,
  type FixtureLinear,
  type FixtureLoraModule,
  type SdxlFixture,
  type WriteLoraOptions,
} from '@geneava/testing';
import { applyLoraToGraph, applyLoraToUnetFile } from './apply-lora.js';
import { loadLoraAdapter } from './lora-adapter.js';

const runtime = new OnnxRuntime();
let root: string;
let fixture: SdxlFixture;
let targets: FixtureLinear[];
let unetPath: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-lora-'));
  fixture = await buildSdxlFixture(join(root, 'sdxl'), { generation: 'new', precision: 'fp32' });
  targets = Object.values(fixture.weights.linears);
  unetPath = join(fixture.dir, 'unet', 'model.onnx');
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

/** Two batch entries with different conditioning, so every Linear sees non-trivial input. */
let feeds: Record<string, TensorFeed> | undefined;
function unetFeeds(): Record<string, TensorFeed> {
  const { latentHeight: h, latentWidth: w } = fixture.weights;
  const wave = (n: number, phase: number, amplitude: number) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin(i * 0.37 + phase);
    return out;
  };
  return (feeds ??= {
    sample: { dtype: 'float32', dims: [2, 4, h, w], data: wave(2 * 4 * h * w, 0.1, 1) },
    timestep: { dtype: 'float32', dims: [], data: Float32Array.of(601) },
    encoder_hidden_states: { dtype: 'float32', dims: [2, 77, 2048], data: wave(2 * 77 * 2048, 0.5, 0.6) },
    text_embeds: { dtype: 'float32', dims: [2, 1280], data: wave(2 * 1280, 1.1, 0.8) },
    time_ids: { dtype: 'float32', dims: [2, 6], data: Float32Array.from([24, 32, 0, 0, 24, 32, 1024, 1024, 16, 8, 1024, 1024]) },
  });
}

async function run(session: OnnxSession): Promise<Float32Array> {
  const out = await session.run(unetFeeds());
  return out['out_sample']!.data as Float32Array;
}

/** The fixture UNet with the given [in, out] weights merged in, loaded from memory. */
async function mergedSession(merged: ReadonlyMap<string, Float32Array>): Promise<OnnxSession> {
  const model = await inlineExternalData(decodeModel(new Uint8Array(await readFile(unetPath))), join(fixture.dir, 'unet'));
  const byName = new Map(targets.map((t) => [t.weightName, t.module]));
  const initializer = model.graph!.initializer.map((tensor) => {
    const module = byName.get(tensor.name ?? '');
    const values = module ? merged.get(module) : undefined;
    return values ? { ...tensor, rawData: new Uint8Array(values.buffer.slice(0)) } : tensor;
  });
  return runtime.createSession(encodeModel({ ...model, graph: { ...model.graph!, initializer } }), { device: 'cpu' });
}

function maxDifference(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - b[i]!)), 0);
}

/** The factors as the file stores them (F16/BF16 round them), so the oracle uses the same numbers. */
function storedAs(modules: FixtureLoraModule[], dtype: WriteLoraOptions['dtype']): FixtureLoraModule[] {
  const round = (values: Float32Array) =>
    dtype === 'F16'
      ? float16BitsToFloat32Array(float32ArrayToFloat16Bits(values))
      : dtype === 'BF16'
        ? Float32Array.from(values, (v) => new Float32Array(new Uint32Array([float32ToBfloat16Bits(v) << 16]).buffer)[0]!)
        : values;
  return modules.map((m) => ({ ...m, down: round(m.down), up: round(m.up) }));
}

const SCALE = 0.8;

describe.each<[string, WriteLoraOptions, number | undefined]>([
  ['diffusers (no alpha: alpha = rank)', { format: 'diffusers' }, undefined],
  ['diffusers attention processors', { format: 'diffusers-attn-processor', dtype: 'F16' }, undefined],
  ['PEFT, alpha in lora_adapter_metadata', { format: 'peft', alpha: 6 }, 6],
  ['PEFT, alpha in adapter_config.json', { format: 'peft', alpha: 1, peftAlphaIn: 'adapter_config' }, 1],
  ['kohya with SDXL input/middle/output block names', { format: 'kohya', alpha: 2 }, 2],
  ['kohya with diffusers block names, BF16', { format: 'kohya-diffusers-names', alpha: 8, dtype: 'BF16' }, 8],
])('LoRA format: %s', (name, options, alpha) => {
  it('the graph branch gives the merged-weight result W + scale·alpha/rank·up@down', async () => {
    const dir = join(root, name.replace(/\W+/g, '-'));
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'lora.safetensors');
    const modules = storedAs(fixtureLoraModules(targets, 4, 7), options.dtype);
    await writeLoraFile(file, modules, options);

    const patched = await applyLoraToUnetFile(unetPath, file, { scale: SCALE });
    expect(patched.report).toMatchObject({ file, scale: SCALE, unmatched: [], ignored: [] });
    expect([...patched.report.applied].sort()).toEqual(targets.map((t) => t.module).sort());
    const branched = await run(await runtime.createSession(patched.bytes, { device: 'cpu', externalDataDir: join(fixture.dir, 'unet') }));

    const merged = new Map(modules.map((m, i) => [m.module, mergedMatMulWeight(targets[i]!, m, SCALE, alpha ?? m.rank)]));
    const expected = await run(await mergedSession(merged));
    const base = await run(await runtime.createSession(unetPath, { device: 'cpu' }));
    // The LoRA moves the output by far more than the tolerance the branch is held to.
    expect(maxDifference(expected, base)).toBeGreaterThan(2e-3);
    expect(maxDifference(branched, expected)).toBeLessThan(1e-5);
  });
});

describe('LoRA patch reports', () => {
  it('lists modules that match no node, and applies only the UNet part to the UNet graph', async () => {
    const file = join(root, 'partial.safetensors');
    const [first] = fixtureLoraModules(targets, 2, 3);
    const stray = { ...first!, module: 'down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q' };
    await writeLoraFile(file, [first!, stray], { format: 'diffusers' });
    const adapter = await loadLoraAdapter(file);
    const patched = applyLoraToGraph(new Uint8Array(await readFile(unetPath)), adapter, 1, unetPath);
    expect(patched.report.applied).toEqual([first!.module]);
    expect(patched.report.unmatched).toEqual([
      {
        module: stray.module,
        keys: [`unet.${stray.module}.lora.down.weight`, `unet.${stray.module}.lora.up.weight`],
        reason: 'no node /down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul, /Gemm or /Conv in the graph',
      },
    ]);

    const withTextEncoder = join(root, 'with-te.safetensors');
    await writeSafetensors(withTextEncoder, {
      'lora_te1_text_model_encoder_layers_0_self_attn_q_proj.lora_down.weight': { dtype: 'F32', shape: [1, 2], values: [1, 2] },
      'lora_te1_text_model_encoder_layers_0_self_attn_q_proj.lora_up.weight': { dtype: 'F32', shape: [2, 1], values: [1, 2] },
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_down.weight': { dtype: 'F32', shape: [1, 2048], values: new Float32Array(2048) },
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_up.weight': { dtype: 'F32', shape: [4, 1], values: [1, 1, 1, 1] },
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.extra': { dtype: 'F32', shape: [1], values: [1] },
    });
    const report = (await applyLoraToUnetFile(unetPath, withTextEncoder)).report;
    expect(report.format).toBe('kohya');
    expect(report.applied).toEqual(['down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k']);
    expect(report.ignoredGroups).toEqual([{ reason: 'not a LoRA weight key of a known format', count: 1, examples: ['lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.extra'] }]);
  });

  it('reports a convolution (LoCon) module with no Conv node of its name as unmatched, and applies the Linear ones', async () => {
    const file = join(root, 'locon.safetensors');
    const [first] = fixtureLoraModules(targets, 2, 3);
    await writeSafetensors(file, {
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_down.weight': { dtype: 'F32', shape: [2, 2048], values: first!.down },
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_up.weight': { dtype: 'F32', shape: [4, 2], values: first!.up },
      'lora_unet_input_blocks_1_0_in_layers_2.lora_down.weight': { dtype: 'F32', shape: [2, 320, 3, 3], values: new Float32Array(2 * 320 * 9) },
      'lora_unet_input_blocks_1_0_in_layers_2.lora_up.weight': { dtype: 'F32', shape: [320, 2, 1, 1], values: new Float32Array(640) },
    });
    const { report } = await applyLoraToUnetFile(unetPath, file);
    expect(report.applied).toEqual([first!.module]);
    expect(report.unmatched.map((u) => [u.module, u.reason])).toEqual([['down_blocks.0.resnets.0.conv1', 'no node /down_blocks.0/resnets.0/conv1/MatMul, /Gemm or /Conv in the graph']]);
  });

  it('fails when no module matches, and when factors do not fit the layer', async () => {
    const file = join(root, 'nothing.safetensors');
    const [first] = fixtureLoraModules(targets, 2, 3);
    await writeLoraFile(file, [{ ...first!, module: 'up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v' }], { format: 'diffusers' });
    await expect(applyLoraToUnetFile(unetPath, file)).rejects.toThrow(/no unet module of .*nothing\.safetensors matches a node of the graph \(1 unmatched/);

    const wrong = join(root, 'wrong-size.safetensors');
    const [k] = fixtureLoraModules([{ ...targets[0]!, inFeatures: 100 }], 2, 3);
    await writeLoraFile(wrong, [k!], { format: 'diffusers' });
    await expect(applyLoraToUnetFile(unetPath, wrong)).rejects.toThrow(/LoRA factors are for a Linear 100 → 4, the graph's \/down_blocks\.1\/attentions\.0\/transformer_blocks\.0\/attn2\/to_k\/MatMul is 2048 → 4 \(a LoRA for another model\?\)/);
  });

  it('refuses a fused or partly fused graph, naming the fused layers', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', 'float', [1, 4]);
    const w = b.initializer('onnx::MatMul_1', 'float', [4, 4], new Float32Array(16));
    // One projection kept its name; the attention next to it was fused with packed q/k/v.
    const y = b.node('MatMul', [x, w], 1, { name: '/down_blocks.1/attentions.0/transformer_blocks.0/attn1/to_q/MatMul' })[0]!;
    const z = b.node('MultiHeadAttention', [y, y, y], 1, { name: '/down_blocks.1/attentions.0/transformer_blocks.0/attn1/Attention', domain: 'com.microsoft' })[0]!;
    b.output(z, 'float', [1, 4]);
    const file = join(root, 'any.safetensors');
    await writeLoraFile(file, fixtureLoraModules(targets.slice(0, 1), 2, 3), { format: 'diffusers' });
    const adapter = await loadLoraAdapter(file);
    expect(() => applyLoraToGraph(b.toBytes(), adapter, 1, 'unet/model.onnx')).toThrow(
      'unet/model.onnx: has fused layers (MultiHeadAttention: /down_blocks.1/attentions.0/transformer_blocks.0/attn1/Attention), as onnxruntime\'s transformer optimizer writes them with packed q/k/v; a LoRA on them cannot be applied, and applying it to the other layers only would be a partial LoRA. Use the plain Optimum export',
    );
  });

  it('refuses a DoRA instead of applying its low-rank factors alone', async () => {
    const file = join(root, 'dora.safetensors');
    await writeSafetensors(file, {
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_down.weight': { dtype: 'F32', shape: [1, 2048], values: new Float32Array(2048) },
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_up.weight': { dtype: 'F32', shape: [4, 1], values: [1, 1, 1, 1] },
      'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.dora_scale': { dtype: 'F32', shape: [1, 2048], values: new Float32Array(2048) },
    });
    await expect(loadLoraAdapter(file)).rejects.toThrow(
      `${file}: is a DoRA (1 magnitude tensor(s), e.g. 'lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.dora_scale'), which is not supported`,
    );
  });
});

describe('LoRA on other graph forms', () => {
  it('patches a Gemm (transB = 1, alpha 2) Linear and an fp16 UNet', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', 'float', ['batch', 3]);
    const weight = [1, 2, 3, 4, 5, 6]; // W [out 2, in 3]
    const w = b.initializer('time_embedding.linear_1.weight', 'float', [2, 3], weight);
    const y = b.op.gemm(x, w, undefined, { name: '/time_embedding/linear_1/Gemm', transB: true, alpha: 2 });
    b.output(b.op.identity(y, { output: 'y' }), 'float', ['batch', 2]);
    const file = join(root, 'gemm.safetensors');
    const lora = { module: 'time_embedding.linear_1', rank: 1, inFeatures: 3, outFeatures: 2, down: Float32Array.of(1, 0, -1), up: Float32Array.of(0.5, 2) };
    await writeLoraFile(file, [lora], { format: 'diffusers' });
    const patched = applyLoraToGraph(b.toBytes(), await loadLoraAdapter(file), 0.5, 'gemm.onnx');
    const session = await runtime.createSession(patched.bytes, { device: 'cpu' });
    const out = await session.run({ x: { dtype: 'float32', dims: [1, 3], data: Float32Array.of(1, 2, 3) } });
    // W' = W + 0.5·up@down = [[1.25, 2, 2.75], [5, 5, 5]]; y = 2·x·W'ᵀ = 2·[13.5, 30].
    expect(Array.from(out['y']!.data as Float32Array)).toEqual([27, 60]);

    const half = await buildSdxlFixture(join(root, 'sdxl-fp16'), { generation: 'old', precision: 'fp16' });
    const file16 = join(root, 'fp16.safetensors');
    await writeLoraFile(file16, fixtureLoraModules(Object.values(half.weights.linears), 4, 7), { format: 'kohya', alpha: 4 });
    const patched16 = await applyLoraToUnetFile(join(half.dir, 'unet', 'model.onnx'), file16);
    const halfModel = decodeModel(patched16.bytes);
    const added = halfModel.graph!.initializer.filter((t) => t.name?.includes('/lora/'));
    expect(added).toHaveLength(12);
    expect(new Set(added.map((t) => t.dataType))).toEqual(new Set([10]));
    const session16 = await runtime.createSession(patched16.bytes, { device: 'cpu', externalDataDir: join(half.dir, 'unet') });
    expect(session16.inputs.find((i) => i.name === 'sample')?.dtype).toBe('float16');
  });
});
