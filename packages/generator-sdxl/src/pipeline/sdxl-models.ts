/**
 * Everything a generation needs from an export folder, loaded in the order that fails cheapest first:
 * the folder check (`geneava models check sdxl`, reads no weights), settings files, tokenizers, the
 * LoRA (read and patched into the small UNet graph), and only then the four ONNX sessions, each
 * checked against its IO contract.
 */
import { join } from 'node:path';
import { isFile } from '@geneava/core/model-check';
import type { DevicePreference, ExecutionDevice, OnnxRuntime, OnnxSession } from '@geneava/core/onnx';
import { checkSdxlFolder } from '../models/check-sdxl-folder.js';
import { SDXL_BASE_DIMS, SDXL_REFINER_DIMS, sdxlContracts, type SdxlDims, VAE_ENCODER_FILE, vaeEncoderContract } from '../models/contracts.js';
import { unetTimestepEvidence, type OptimumGeneration } from '../models/export-generation.js';
import { componentModelFile } from '../models/sdxl-layout.js';
import { applyLorasToGraph, loadLoraAdapter, LoraPatchError, loraReport, readGraph, type LoraReport, type LoraTarget, type ScaledLora } from '../lora/index.js';
import { ClipTokenizer } from '../tokenizer/index.js';
import { SdxlFolderError } from './errors.js';
import { LazySession } from './lazy-session.js';
import { modelPrecisionLabel } from './model-info.js';
import { readPipelineSettings, type PipelineSettings } from './pipeline-settings.js';

export interface SdxlLoraOptions {
  /** A .safetensors LoRA in diffusers, PEFT or kohya key format. */
  readonly file: string;
  /** The user's LoRA strength (diffusers' cross_attention_kwargs scale); default 1. */
  readonly scale?: number;
  /** PEFT adapter_config.json to take alpha from; default: the one beside the file, if any. */
  readonly adapterConfig?: string;
}

export interface LoadSdxlModelsOptions {
  readonly device?: DevicePreference;
  /** One LoRA (same as `loras: [lora]`). */
  readonly lora?: SdxlLoraOptions;
  /** Several LoRAs, each with its own scale, applied in this order. */
  readonly loras?: readonly SdxlLoraOptions[];
  /** Architecture sizes to expect; SDXL base 1.0, or the refiner when model_index.json says so. */
  readonly dims?: SdxlDims;
}

export interface SdxlModels {
  readonly dir: string;
  readonly settings: PipelineSettings;
  /** Absent in the refiner, which conditions on text_encoder_2 alone. */
  readonly tokenizer: ClipTokenizer | undefined;
  readonly tokenizer2: ClipTokenizer;
  readonly textEncoder: OnnxSession | undefined;
  readonly textEncoder2: OnnxSession;
  readonly unet: OnnxSession;
  readonly vaeDecoder: OnnxSession;
  /** vae_encoder/, opened by the first image-to-image request; undefined when the folder has none. */
  readonly vaeEncoder: LazySession | undefined;
  readonly dims: SdxlDims;
  readonly generation: OptimumGeneration | 'unknown';
  /** "fp32" / "fp16" of the text encoders and UNet, and of the VAE decoder. */
  readonly precision: string;
  readonly vaePrecision: string;
  readonly device: ExecutionDevice;
  /** The first LoRA's report (when there is one). */
  readonly lora?: LoraReport;
  /** Every LoRA's report, in the order they were applied. */
  readonly loras: readonly LoraReport[];
}

/** The graphs of the folder with the LoRAs patched in, by model, and a report per LoRA. */
async function patchWithLoras(dir: string, specs: readonly SdxlLoraOptions[], refiner: boolean): Promise<{ graphs: Map<LoraTarget, Uint8Array>; reports: LoraReport[] }> {
  const loras: ScaledLora[] = [];
  for (const spec of specs) {
    const adapter = await loadLoraAdapter(spec.file, spec.adapterConfig ? { adapterConfig: spec.adapterConfig } : {});
    loras.push({ adapter, scale: spec.scale ?? 1 });
  }
  const graphs = new Map<LoraTarget, Uint8Array>();
  const patches = loras.map(() => [] as Array<[LoraTarget, string[], { module: string; keys: readonly string[]; reason: string }[]]>);
  for (const target of ['unet', 'text_encoder', 'text_encoder_2'] as const) {
    const using = loras.filter((l) => l.adapter.modules.some((m) => m.target === target));
    if (using.length === 0) continue;
    if (target === 'text_encoder' && refiner) {
      // The refiner has no text_encoder: its modules are reported, not applied.
      loras.forEach((l, i) => {
        const modules = l.adapter.modules.filter((m) => m.target === target);
        patches[i]!.push([target, [], modules.map((m) => ({ module: m.module, keys: m.keys, reason: 'this folder (the refiner) has no text_encoder' }))]);
      });
      continue;
    }
    const file = join(dir, componentModelFile(target));
    const patch = applyLorasToGraph(await readGraph(file), loras, target, file);
    graphs.set(target, patch.bytes);
    loras.forEach((_, i) => patches[i]!.push([target, [...patch.applied[i]!], [...patch.unmatched[i]!]]));
  }
  const reports = loras.map((lora, i) => loraReport(lora, patches[i]!));
  reports.forEach((report, i) => {
    if (report.applied.length === 0) throw new LoraPatchError(report.file, `none of its ${loras[i]!.adapter.modules.length} module(s) matches a layer of ${dir}`);
  });
  return { graphs, reports };
}

export async function loadSdxlModels(runtime: OnnxRuntime, dir: string, options: LoadSdxlModelsOptions = {}): Promise<SdxlModels> {
  const report = await checkSdxlFolder(dir, options.dims ? { dims: options.dims } : {});
  if (!report.ok) throw new SdxlFolderError(report);
  const settings = await readPipelineSettings(dir);
  const dims = options.dims ?? (settings.requiresAestheticsScore ? SDXL_REFINER_DIMS : SDXL_BASE_DIMS);
  const tokenizer = dims.refiner ? undefined : await ClipTokenizer.fromFolder(join(dir, 'tokenizer'));
  const tokenizer2 = await ClipTokenizer.fromFolder(join(dir, 'tokenizer_2'));
  const unetPath = join(dir, componentModelFile('unet'));
  const specs = [...(options.lora ? [options.lora] : []), ...(options.loras ?? [])];
  const { graphs, reports } = specs.length > 0 ? await patchWithLoras(dir, specs, dims.refiner === true) : { graphs: new Map<LoraTarget, Uint8Array>(), reports: [] };
  const loraNames = reports.map((r) => r.file).join(', ');

  const contracts = sdxlContracts(dims);
  const device = options.device ?? 'auto';
  const opened: OnnxSession[] = [];
  const open = async (component: 'text_encoder' | 'text_encoder_2' | 'vae_decoder') => {
    const path = join(dir, componentModelFile(component));
    const patchedGraph = component === 'vae_decoder' ? undefined : graphs.get(component);
    const session = patchedGraph
      ? await runtime.createSession(patchedGraph, { device, contract: contracts[component], label: `${path} (with LoRA ${loraNames})`, externalDataDir: join(dir, component) })
      : await runtime.createSession(path, { device, contract: contracts[component], label: path });
    opened.push(session);
    return session;
  };
  try {
    const textEncoder = dims.refiner ? undefined : await open('text_encoder');
    const textEncoder2 = await open('text_encoder_2');
    const patchedUnet = graphs.get('unet');
    const unet = patchedUnet
      ? await runtime.createSession(patchedUnet, {
          device,
          contract: contracts.unet,
          label: `${unetPath} (with LoRA ${loraNames})`,
          externalDataDir: join(dir, 'unet'),
        })
      : await runtime.createSession(unetPath, { device, contract: contracts.unet, label: unetPath });
    opened.push(unet);
    const vaeDecoder = await open('vae_decoder');
    const vaeEncoderPath = join(dir, VAE_ENCODER_FILE);
    const vaeEncoder = (await isFile(vaeEncoderPath))
      ? new LazySession(runtime, vaeEncoderPath, { device, contract: vaeEncoderContract(dims), label: vaeEncoderPath })
      : undefined;
    const generation = unetTimestepEvidence(componentModelFile('unet'), unet)?.generation ?? 'unknown';
    return {
      dir,
      settings,
      tokenizer,
      tokenizer2,
      textEncoder,
      textEncoder2,
      unet,
      vaeDecoder,
      vaeEncoder,
      dims,
      generation,
      precision: modelPrecisionLabel(unet),
      vaePrecision: modelPrecisionLabel(vaeDecoder),
      device: unet.device,
      ...(reports[0] ? { lora: reports[0] } : {}),
      loras: reports,
    };
  } catch (error) {
    await Promise.all(opened.map((session) => session.dispose()));
    throw error;
  }
}
