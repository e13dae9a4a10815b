export {
  ageAgainstGroup,
  attributeAgreement,
  estimateAttributes,
  type AgreementRow,
  type AttributeEstimate,
  type AttributeEstimates,
  type EstimateOptions,
} from './attribute-check.js';
export {
  balanceCounts,
  countedStatus,
  type BalanceCell,
  type BalanceCounts,
  type BalanceScope,
  type BalanceSummary,
  type BalanceVerdict,
  type MarginalShare,
} from './balance-counts.js';
export { BALANCE_AXES, DATASET_METADATA_FILE, readBalanceSource, type BalanceAxis, type BalanceItem, type BalanceSource } from './balance-items.js';
export { balanceReport, writeBalanceReport, type BalanceReport, type BalanceReportFiles } from './balance-report.js';
