import type { Report } from '../report/schema.js';

/** Exactly one JSON document; the Report is already sanitized and schema-shaped. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
