/**
 * Everything a generation needs from an export folder, loaded in the order that fails cheapest first:
 * the folder check (`geneava models check sdxl`, reads no weights), settings files, tokenizers, the
 * LoRA (read and patched into the small UNet graph), and only then the four ONNX sessions, each
 * checked against its IO contract.
 */
import { join } from 'node:path';
import { isFile, type DevicePreference, type ExecutionDevice, type OnnxRuntime, type OnnxSession } from '@geneava/core';
import { checkSdxlFolder } from '../models/check-sdxl-folder.js';
import { SDXL_BASE_DIMS, SDXL_REFINER_DIMS, sdxlContracts, type SdxlDims, VAE_ENCODER_FILE, vaeEncoderContract } from '../models/contracts.js';
import { unetTimestepEvidence, type OptimumGeneration } from '../models/export-generation.js';
import { componentModelFile } from '../models/sdxl-layout.js';
import { applyLoraToUnetFile, type LoraReport } from '../lora/index.js';
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
  readonly lora?: SdxlLoraOptions;
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
  readonly lora?: LoraReport;
}

export async function loadSdxlModels(runtime: OnnxRuntime, dir: string, options: LoadSdxlModelsOptions = {}): Promise<SdxlModels> {
  const report = await checkSdxlFolder(dir, options.dims ? { dims: options.dims } : {});
  if (!report.ok) throw new SdxlFolderError(report);
  const settings = await readPipelineSettings(dir);
  const dims = options.dims ?? (settings.requiresAestheticsScore ? SDXL_REFINER_DIMS : SDXL_BASE_DIMS);
  const tokenizer = dims.refiner ? undefined : await ClipTokenizer.fromFolder(join(dir, 'tokenizer'));
  const tokenizer2 = await ClipTokenizer.fromFolder(join(dir, 'tokenizer_2'));
  const unetPath = join(dir, componentModelFile('unet'));
  const patched = options.lora
    ? await applyLoraToUnetFile(unetPath, options.lora.file, {
        scale: options.lora.scale ?? 1,
        ...(options.lora.adapterConfig ? { adapterConfig: options.lora.adapterConfig } : {}),
      })
    : undefined;

  const contracts = sdxlContracts(dims);
  const device = options.device ?? 'auto';
  const opened: OnnxSession[] = [];
  const open = async (component: 'text_encoder' | 'text_encoder_2' | 'vae_decoder') => {
    const path = join(dir, componentModelFile(component));
    const session = await runtime.createSession(path, { device, contract: contracts[component], label: path });
    opened.push(session);
    return session;
  };
  try {
    const textEncoder = dims.refiner ? undefined : await open('text_encoder');
    const textEncoder2 = await open('text_encoder_2');
    const unet = patched
      ? await runtime.createSession(patched.bytes, {
          device,
          contract: contracts.unet,
          label: `${unetPath} (with LoRA ${patched.report.file})`,
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
      ...(patched ? { lora: patched.report } : {}),
    };
  } catch (error) {
    await Promise.all(opened.map((session) => session.dispose()));
    throw error;
  }
}
