export { STRENGTH_METRIC, stylizationStrengthRecord } from './strength-record.js';
export {
  MIN_STYLIZATION_STRENGTH,
  STRENGTH_SCALE,
  STRENGTH_WORKING_SIDE,
  stylizationStrength,
  type StrengthParts,
  type StrengthRegion,
  type StylizationStrength,
} from './strength.js';
