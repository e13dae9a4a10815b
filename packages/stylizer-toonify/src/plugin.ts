import { resolve } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { defineStylizerPlugin } from '@geneava/core/plugins';
import { createToonifyStylizer } from './create-toonify-stylizer.js';
import { ToonifyModelsError } from './errors.js';
import { checkToonify } from './models/check-toonify.js';
import { toonifyModelKind } from './models/model-kind.js';
import { toonifyStylizerOptionsSchema, type ToonifyStylizerPluginOptions } from './options.js';
import { VERSION } from './version.js';

/** What the plugin loader finds at "@geneava/stylizer-toonify/plugin". */
const toonifyStylizerPlugin = defineStylizerPlugin<ToonifyStylizerPluginOptions>({
  apiVersion: API_VERSIONS.stylizer,
  name: 'toonify',
  version: VERSION,
  description: 'Toonify (pSp or ReStyle encoder-decoder exported to ONNX) on FFHQ-aligned faces, as an avatar or pasted back into the photo.',
  optionsSchema: toonifyStylizerOptionsSchema,
  models: [toonifyModelKind],
  async create(context) {
    const { options } = context;
    const models = resolve(context.projectRoot, options.models);
    // The check reads signatures and .npy headers only, so a wrong model is reported whole before any session opens.
    const report = await checkToonify(models);
    if (!report.ok) throw new ToonifyModelsError(report);
    return createToonifyStylizer({
      models,
      onnx: context.onnx,
      device: context.device,
      iterations: options.iterations,
      pasteBack: options.pasteBack,
      padding: options.padding,
      featherShape: options.featherShape,
      ...(options.outputSize === undefined ? {} : { outputSize: options.outputSize }),
    });
  },
});

export default toonifyStylizerPlugin;
