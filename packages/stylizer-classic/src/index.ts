export { ClassicStylizer, CLASSIC_STYLIZER_INFO, stylizeClassic } from './classic-stylizer.js';
export {
  classicStylizerOptionsSchema,
  parseClassicStylizerOptions,
  type ClassicStylizerOptions,
  type ClassicStylizerOptionsInput,
} from './options.js';
export {
  bilateralFilter,
  bilateralKernel,
  bilateralPass,
  bilateralSweep,
  COLOUR_DISTANCE_STEPS,
  type BilateralKernel,
  type BilateralParams,
} from './bilateral.js';
export { quantizationTable, quantizeRgb, type QuantizeMode } from './quantize.js';
export { dilateOpacity, drawEdges, edgeOpacity } from './edges.js';
export { blendByWeight, FACE_ELLIPSE_FEATHER_END, FACE_ELLIPSE_SCALE, faceWeightMap } from './face-detail.js';
export { lumaOfPixel, lumaPlane } from './luminance.js';
export { VERSION } from './version.js';
export { default as classicStylizerPlugin } from './plugin.js';
