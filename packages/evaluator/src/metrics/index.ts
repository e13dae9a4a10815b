export { attributeMetrics } from './attributes.js';
export { calibrateIdentityThreshold, type ThresholdCalibration } from './calibrate.js';
export { NoRealFaceError } from './errors.js';
export { expressionEmbeddingMetrics, expressionMetrics, topClass } from './expression.js';
export {
  DEFAULT_GEOMETRY_SCALE,
  GEOMETRY_WEIGHTS,
  geometryScale,
  standardizedGeometryDistance,
  type GeometryFeatureScale,
  type GeometryScale,
} from './geometry/geometry-scale.js';
export { bestOverlapIndex, boxArea, boxIou, largestFaceIndex, scaleFace } from './face-selection.js';
export { identityMetrics } from './identity.js';
export { landmarkNme, type LandmarkNmeOptions } from './landmarks.js';
export { PAIR_METRIC_NAMES, PAIR_METRICS, type LandmarkSource } from './metric-names.js';
export {
  PRESERVATION_EVALUATOR_INFO,
  PRESERVATION_EVALUATOR_VERSION,
  PreservationEvaluator,
  type PreservationEvaluatorOptions,
} from './preservation-evaluator.js';
export {
  DEFAULT_GROUP_KEYS,
  preservationSetMetrics,
  type LabelledEvaluation,
  type PreservationSetMetricsOptions,
} from './set-metrics.js';
export { DEFAULT_IDENTITY_THRESHOLDS, resolveIdentityThresholds, type IdentityThresholdSource } from './thresholds.js';
export * from './strength/index.js';
