/**
 * spamcheck as a library: `scan(options)` returns the same Report the CLI prints with --json.
 */
export { scan, type ScanHooks, type ScanProgress } from './scan.js';
export { parseScanOptions, scanOptionsSchema, type ScanOptions, type ScanOptionsInput } from './options.js';
export { reportSchema, SCHEMA_VERSION, type Report, type PackageReport, type ReportFinding } from './report/schema.js';
export { exitCodeFor, EXIT } from './report/exit-codes.js';
export { renderTable } from './reporters/table.js';
export { renderJson } from './reporters/json.js';
export { detectors } from './detectors/index.js';
export type { Detector, PackageDetector, ScanDetector, PackageFacts } from './detectors/types.js';
export { LEVELS, LEVEL_THRESHOLDS, type Level } from './report/levels.js';
