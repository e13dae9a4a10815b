import { isAbsolute, resolve } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { DEVICE_PREFERENCES } from '@geneava/core/onnx';
import { defineGeneratorPlugin } from '@geneava/core/plugins';
import { z } from '@geneava/core';
import { sdxlModelKind } from './models/model-kind.js';
import { SDXL_GENERATOR_VERSION, SdxlGenerator } from './pipeline/sdxl-generator.js';
import { SdxlPipeline } from './pipeline/sdxl-pipeline.js';

/** Options in the config file; paths are relative to the config file's folder. */
export const sdxlGeneratorOptionsSchema = z
  .object({
    /** The Optimum SDXL export folder. */
    models: z.string().min(1),
    /** A LoRA .safetensors (diffusers, PEFT or kohya keys), patched into the UNet graph. */
    lora: z.string().min(1).optional(),
    loraScale: z.number().finite().default(1),
    /** PEFT adapter_config.json to read alpha from (default: the one beside the LoRA, if any). */
    adapterConfig: z.string().min(1).optional(),
    /** Further LoRAs, each with its own scale, applied after `lora` (UNet and text-encoder keys). */
    loras: z
      .array(z.object({ file: z.string().min(1), scale: z.number().finite().default(1), adapterConfig: z.string().min(1).optional() }).strict())
      .default([]),
    /** Overrides the run's device for this generator. */
    device: z.enum(DEVICE_PREFERENCES as [string, ...string[]]).optional(),
    /** Images per UNet run. */
    batchSize: z.number().int().min(1).default(1),
    /** sha256 of the model graphs and LoRA in every image's provenance. */
    hashModels: z.boolean().default(true),
  })
  .strict();

export type SdxlGeneratorOptions = z.infer<typeof sdxlGeneratorOptionsSchema>;

const within = (root: string, path: string) => (isAbsolute(path) ? path : resolve(root, path));

/** What the plugin loader finds at "@geneava/generator-sdxl/plugin". */
const sdxlGeneratorPlugin = defineGeneratorPlugin<SdxlGeneratorOptions>({
  apiVersion: API_VERSIONS.generator,
  name: 'sdxl',
  version: SDXL_GENERATOR_VERSION,
  description: 'SDXL base 1.0 text-to-image (+ LoRA) on ONNX Runtime, from an Optimum export folder.',
  optionsSchema: sdxlGeneratorOptionsSchema,
  models: [sdxlModelKind],
  create: async ({ options, projectRoot, device, onnx, logger }) => {
    const pipeline = await SdxlPipeline.load(within(projectRoot, options.models), {
      runtime: onnx,
      device: (options.device as typeof device | undefined) ?? device,
      hashModels: options.hashModels,
      logger,
      ...(options.lora
        ? {
            lora: {
              file: within(projectRoot, options.lora),
              scale: options.loraScale,
              ...(options.adapterConfig ? { adapterConfig: within(projectRoot, options.adapterConfig) } : {}),
            },
          }
        : {}),
      loras: options.loras.map((lora) => ({
        file: within(projectRoot, lora.file),
        scale: lora.scale,
        ...(lora.adapterConfig ? { adapterConfig: within(projectRoot, lora.adapterConfig) } : {}),
      })),
    });
    return new SdxlGenerator(pipeline, { batchSize: options.batchSize });
  },
});

export default sdxlGeneratorPlugin;
