export { formatThroughputReport, measureThroughput, type Throughput, type ThroughputOptions } from './throughput.js';
export { benchPortrait, naiveBilateral, sharpRoundTrip } from './baselines.js';
