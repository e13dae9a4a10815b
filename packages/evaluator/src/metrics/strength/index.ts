export { STRENGTH_METRIC, stylizationStrengthRecord } from './strength-record.js';
export { capAddedDetail, DETAIL_SIGMA, DETAIL_WINDOW } from './detail-cap.js';
export {
  FACE_REGION_INSET,
  MIN_STYLIZATION_STRENGTH,
  STRENGTH_SCALE,
  STRENGTH_WORKING_SIDE,
  stylizationStrength,
  type StrengthParts,
  type StrengthRegion,
  type StylizationStrength,
} from './strength.js';
