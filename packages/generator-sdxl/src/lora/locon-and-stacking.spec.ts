/**
 * LoCon (3×3 convolution LoRA) and several LoRAs on one graph, each checked against the graph with the
 * updates merged into its weights: the branch form must give the same outputs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxRuntime } from '@geneava/core/onnx';
import { OnnxGraphBuilder, writeSafetensors } from '@geneava/testing';
import { applyLorasToGraph, loraReport } from './apply-lora.js';
import { loadLoraAdapter } from './lora-adapter.js';

const runtime = new OnnxRuntime();
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'geneava-locon-'));
});
afterAll(async () => {
  await runtime.dispose();
  await rm(root, { recursive: true, force: true });
});

const wave = (n: number, phase: number, amplitude = 0.5) => Float32Array.from({ length: n }, (_, i) => amplitude * Math.sin(i * 0.7 + phase));

const [OUT, IN, K] = [2, 3, 3];
const CONV = 'down_blocks.0.resnets.0.conv1';
const PROJ = 'down_blocks.0.resnets.0.time_emb_proj';

/** A resnet-like graph: a 3×3 conv (pad 1) of x, plus a time-embedding Linear (Gemm, transB) of t. */
function graph(convWeight: Float32Array, projWeight: Float32Array): Uint8Array {
  const b = new OnnxGraphBuilder();
  const x = b.input('x', 'float', [1, IN, 4, 5]);
  const t = b.input('t', 'float', [1, 6]);
  const w = b.initializer(`${CONV}.weight`, 'float', [OUT, IN, K, K], convWeight);
  const bias = b.initializer(`${CONV}.bias`, 'float', [OUT], [0.25, -0.5]);
  const conv = b.op.conv(x, w, bias, { name: '/down_blocks.0/resnets.0/conv1/Conv', kernelShape: [K, K], pads: [1, 1, 1, 1] });
  const pw = b.initializer(`${PROJ}.weight`, 'float', [OUT, 6], projWeight);
  const proj = b.op.gemm(t, pw, undefined, { name: '/down_blocks.0/resnets.0/time_emb_proj/Gemm', transB: true });
  b.output(b.op.identity(conv, { output: 'y' }), 'float', [1, OUT, 4, 5]);
  b.output(b.op.identity(proj, { output: 'e' }), 'float', [1, OUT]);
  return b.toBytes();
}

const convWeight = wave(OUT * IN * K * K, 0.3);
const projWeight = wave(OUT * 6, 1.2);
const feeds = {
  x: { dtype: 'float32' as const, dims: [1, IN, 4, 5], data: wave(IN * 20, 2.1, 1) },
  t: { dtype: 'float32' as const, dims: [1, 6], data: wave(6, 0.9, 1) },
};

interface Factors {
  readonly convDown: Float32Array; // [r, IN, K, K]
  readonly convUp: Float32Array; // [OUT, r]
  readonly projDown: Float32Array; // [r, 6]
  readonly projUp: Float32Array; // [OUT, r]
  readonly rank: number;
  readonly alpha: number;
}

async function writeLocon(path: string, f: Factors): Promise<void> {
  const r = f.rank;
  await writeSafetensors(path, {
    'lora_unet_input_blocks_1_0_in_layers_2.lora_down.weight': { dtype: 'F32', shape: [r, IN, K, K], values: f.convDown },
    'lora_unet_input_blocks_1_0_in_layers_2.lora_up.weight': { dtype: 'F32', shape: [OUT, r, 1, 1], values: f.convUp },
    'lora_unet_input_blocks_1_0_in_layers_2.alpha': { dtype: 'F32', shape: [], values: [f.alpha] },
    'lora_unet_input_blocks_1_0_emb_layers_1.lora_down.weight': { dtype: 'F32', shape: [r, 6], values: f.projDown },
    'lora_unet_input_blocks_1_0_emb_layers_1.lora_up.weight': { dtype: 'F32', shape: [OUT, r], values: f.projUp },
    'lora_unet_input_blocks_1_0_emb_layers_1.alpha': { dtype: 'F32', shape: [], values: [f.alpha] },
  });
}

/** W + c·up@down for both layers (the conv's down flattened over [in, kh, kw]). */
function merge(conv: Float32Array, proj: Float32Array, f: Factors, scale: number): [Float32Array, Float32Array] {
  const c = (scale * f.alpha) / f.rank;
  const addProduct = (base: Float32Array, up: Float32Array, down: Float32Array, cols: number) =>
    base.map((value, index) => {
      const o = Math.floor(index / cols);
      const k = index % cols;
      let sum = 0;
      for (let r = 0; r < f.rank; r++) sum += up[o * f.rank + r]! * down[r * cols + k]!;
      return value + c * sum;
    });
  return [addProduct(conv, f.convUp, f.convDown, IN * K * K), addProduct(proj, f.projUp, f.projDown, 6)];
}

function factors(rank: number, alpha: number, phase: number): Factors {
  return { rank, alpha, convDown: wave(rank * IN * K * K, phase), convUp: wave(OUT * rank, phase + 1), projDown: wave(rank * 6, phase + 2), projUp: wave(OUT * rank, phase + 3) };
}

async function outputs(bytes: Uint8Array): Promise<number[]> {
  const session = await runtime.createSession(bytes, { device: 'cpu' });
  const out = await session.run(feeds);
  await session.dispose();
  return [...Array.from(out['y']!.data as Float32Array), ...Array.from(out['e']!.data as Float32Array)];
}

function expectSame(a: number[], b: number[]): void {
  expect(a).toHaveLength(b.length);
  expect(Math.max(...a.map((v, i) => Math.abs(v - b[i]!)))).toBeLessThan(1e-5);
}

describe('LoCon and resnet time-embedding LoRA', () => {
  it('a 3×3 conv LoRA and an emb_layers LoRA give the merged-weight outputs', async () => {
    const f = factors(2, 1, 0.1);
    const file = join(root, 'locon.safetensors');
    await writeLocon(file, f);
    const adapter = await loadLoraAdapter(file);
    expect(adapter.modules.map((m) => [m.module, m.kernel])).toEqual([
      [CONV, [3, 3]],
      [PROJ, [1, 1]],
    ]);
    const patch = applyLorasToGraph(graph(convWeight, projWeight), [{ adapter, scale: 0.75 }], 'unet', 'resnet.onnx');
    expect(patch.applied[0]).toEqual([CONV, PROJ]);
    const [mergedConv, mergedProj] = merge(convWeight, projWeight, f, 0.75);
    expectSame(await outputs(patch.bytes), await outputs(graph(mergedConv, mergedProj)));
  });

  it('several LoRAs with their own scales add up, as merging them one after the other does', async () => {
    const first = factors(2, 1, 0.1);
    const second = factors(3, 6, 2.5);
    await writeLocon(join(root, 'a.safetensors'), first);
    await writeLocon(join(root, 'b.safetensors'), second);
    const loras = [
      { adapter: await loadLoraAdapter(join(root, 'a.safetensors')), scale: 0.5 },
      { adapter: await loadLoraAdapter(join(root, 'b.safetensors')), scale: -1.25 },
    ];
    const patch = applyLorasToGraph(graph(convWeight, projWeight), loras, 'unet', 'resnet.onnx');
    const [conv1, proj1] = merge(convWeight, projWeight, first, 0.5);
    const [conv2, proj2] = merge(conv1, proj1, second, -1.25);
    expectSame(await outputs(patch.bytes), await outputs(graph(conv2, proj2)));
    const report = loraReport(loras[1]!, [['unet', patch.applied[1]!, patch.unmatched[1]!]]);
    expect(report).toMatchObject({ scale: -1.25, applied: [CONV, PROJ], unmatched: [] });
  });

  it('refuses LoCon factors whose kernel does not fit the layer', async () => {
    const f = { ...factors(1, 1, 0.4), convDown: wave(IN * 25, 0.2) };
    const file = join(root, 'five.safetensors');
    await writeSafetensors(file, {
      'lora_unet_input_blocks_1_0_in_layers_2.lora_down.weight': { dtype: 'F32', shape: [1, IN, 5, 5], values: f.convDown },
      'lora_unet_input_blocks_1_0_in_layers_2.lora_up.weight': { dtype: 'F32', shape: [OUT, 1, 1, 1], values: f.convUp },
    });
    const adapter = await loadLoraAdapter(file);
    expect(() => applyLorasToGraph(graph(convWeight, projWeight), [{ adapter, scale: 1 }], 'unet', 'resnet.onnx')).toThrow(
      /module down_blocks\.0\.resnets\.0\.conv1: LoRA factors are for a 5×5 convolution 3 → 2, the graph's \/down_blocks\.0\/resnets\.0\/conv1\/Conv is 3×3, 3 → 2/,
    );
  });
});
