export { collectThumbnails, type ThumbnailSources } from './collect-thumbnails.js';
export { formatRank, formatValue as formatMetricValue } from './format.js';
export { renderIntervalChart, type IntervalChartOptions, type IntervalRow } from './interval-chart.js';
export { renderComparisonReport } from './render-comparison-report.js';
export { faceRegion, isImageDataUri, thumbnailDataUri, type ReportThumbnailOptions } from './thumbnail.js';
