/**
 * Every output format, one file each, registered here by name (`--format <name>`). Adding a format is
 * one file plus one line.
 */
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';
import type { Reporter } from './types.js';

export const REPORTERS = {
  table: (report, context) => renderTable(report, { color: context.color, showAll: context.showAll }),
  json: (report) => renderJson(report),
  sarif: (report, context) => renderSarif(report, context),
  markdown: (report, context) => renderMarkdown(report, context),
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof REPORTERS;
export const FORMAT_NAMES = Object.keys(REPORTERS) as FormatName[];
export type { Reporter } from './types.js';
