export { stylizerGenerator } from './generators/stylizer/generator.js';
export type { StylizerGeneratorSchema } from './generators/stylizer/schema.js';
export { normalizeOptions, type NormalizedStylizerOptions } from './generators/stylizer/normalize-options.js';
export { findCore, CORE_PACKAGE_NAME, type CoreLocation } from './generators/stylizer/find-core.js';
