export { stylizerGenerator } from './generators/stylizer/generator.js';
export type { StylizerGeneratorSchema } from './generators/stylizer/schema.js';
export { normalizeOptions, type NormalizedStylizerOptions } from './generators/stylizer/normalize-options.js';
export {
  findCore,
  findTesting,
  findWorkspacePackage,
  CORE_PACKAGE_NAME,
  TESTING_PACKAGE_NAME,
  type PackageLocation,
} from './generators/stylizer/find-core.js';
