import { resolve } from 'node:path';
import { API_VERSIONS } from '@geneava/core/contracts';
import { defineStylizerPlugin } from '@geneava/core/plugins';
import { createDctnetStylizer } from './create-dctnet-stylizer.js';
import { DctnetFolderError } from './errors.js';
import { checkDctnetFolder } from './models/check-dctnet-folder.js';
import { dctnetModelKind } from './models/model-kind.js';
import { dctnetStylizerOptionsSchema, type DctnetStylizerPluginOptions } from './options.js';
import { VERSION } from './version.js';

/** What the plugin loader finds at "@geneava/stylizer-dctnet/plugin". */
const dctnetStylizerPlugin = defineStylizerPlugin<DctnetStylizerPluginOptions>({
  apiVersion: API_VERSIONS.stylizer,
  name: 'dctnet',
  version: VERSION,
  description: 'DCT-Net portrait stylization (anime, 3d, handdrawn, sketch, artstyle...) from its graphs converted to ONNX.',
  optionsSchema: dctnetStylizerOptionsSchema,
  models: [dctnetModelKind],
  async create(context) {
    const models = resolve(context.projectRoot, context.options.models);
    // The folder check reads signatures only, so a wrong folder is reported whole before any session opens.
    const report = await checkDctnetFolder(models);
    if (!report.ok) throw new DctnetFolderError(report);
    return createDctnetStylizer({
      models,
      onnx: context.onnx,
      device: context.device,
      maxShortSide: context.options.maxShortSide,
      ...(context.options.style === undefined ? {} : { style: context.options.style }),
    });
  },
});

export default dctnetStylizerPlugin;
