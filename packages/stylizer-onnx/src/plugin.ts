import { resolve } from 'node:path';
import { API_VERSIONS, defineStylizerPlugin } from '@geneava/core';
import { createOnnxStylizer } from './create.js';
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
  create: (context) =>
    createOnnxStylizer({
      descriptor: resolve(context.projectRoot, context.options.descriptor),
      onnx: context.onnx,
      device: context.device,
    }),
});

export default onnxStylizerPlugin;
