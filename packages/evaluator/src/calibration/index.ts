export { fitThresholdByInformationGain, type InformationGainFit } from './information-gain.js';
export { DEFAULT_MAX_DIFFERENT_PAIRS, readPairsCsv, readPeopleFolders, type IdentityPair, type IdentityPairSet, type PeopleFolderOptions } from './identity-pairs.js';
export {
  calibrateIdentity,
  fitIdentityThreshold,
  HARDEST_PAIRS,
  IDENTITY_THRESHOLD_FORMAT,
  IDENTITY_THRESHOLD_VERSION,
  MIN_CONFIDENT_PEOPLE,
  MIN_CONFIDENT_SAME_PAIRS,
  type CalibrateIdentityOptions,
  type IdentityThresholdRecord,
  type ScoreRange,
  type CalibrationPair,
} from './calibrate-identity.js';
export { checkThresholdRecord, SHIPPED_THRESHOLD_RECORDS, shippedBasis, shippedThreshold, thresholdFromRecord } from './default-thresholds.js';
