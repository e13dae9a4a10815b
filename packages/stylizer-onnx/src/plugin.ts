import { resolve } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { defineStylizerPlugin } from '@geneava/core/plugins';
import { createOnnxStylizer } from './create.js';
import { findDescriptor } from './descriptor/find-descriptor.js';
import { onnxStylizerModelKind } from './model-kind.js';
import { onnxStylizerOptionsSchema, type OnnxStylizerOptions } from './options.js';
import { VERSION } from './version.js';

/** What the plugin loader finds at "@geneava/stylizer-onnx/plugin". */
const onnxStylizerPlugin = defineStylizerPlugin<OnnxStylizerOptions>({
  apiVersion: API_VERSIONS.stylizer,
  name: 'onnx',
  version: VERSION,
  description: 'Runs an image-to-image ONNX export described by a JSON descriptor (AnimeGANv2, Photo2Cartoon, White-box Cartoonization...).',
  optionsSchema: onnxStylizerOptionsSchema,
  models: [onnxStylizerModelKind],
  create: (context) => {
    const found = findDescriptor(context.options.descriptor, context.projectRoot);
    const models = context.options.models;
    const modelsDir = models !== undefined ? resolve(context.projectRoot, models) : found.shipped ? context.projectRoot : undefined;
    return createOnnxStylizer({
      descriptor: found.file,
      ...(modelsDir !== undefined ? { modelsDir } : {}),
      onnx: context.onnx,
      device: context.device,
    });
  },
});

export default onnxStylizerPlugin;
