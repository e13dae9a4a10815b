import { API_VERSIONS } from '@geneava/core/contracts';
import { defineStylizerPlugin } from '@geneava/core/plugins';
import { ClassicStylizer } from './classic-stylizer.js';
import { classicStylizerOptionsSchema, type ClassicStylizerOptions } from './options.js';
import { VERSION } from './version.js';

/** What the plugin loader finds at "@geneava/stylizer-classic/plugin". */
const classicStylizerPlugin = defineStylizerPlugin<ClassicStylizerOptions>({
  apiVersion: API_VERSIONS.stylizer,
  name: 'classic',
  version: VERSION,
  description:
    'Weights-free cartoon filter (bilateral smoothing, quantisation, dark edge lines); the embedded default stylizer.',
  optionsSchema: classicStylizerOptionsSchema,
  create: (context) => new ClassicStylizer(context.options),
});

export default classicStylizerPlugin;
