/**
 * The JSON Schemas of the config file and of the JSON report, generated from their zod schemas
 * (z.toJSONSchema) so the published schema can never drift from what the code validates.
 */
import { z } from 'zod';
import { reportSchema } from '../report/schema.js';
import { configSchema } from './schema.js';

const BASE_URL = 'https://unpkg.com/spamcheck-cli/schema/';

function document(schema: z.ZodType, id: string, title: string, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...json, $id: `${BASE_URL}${id}`, title }, null, 2)}\n`;
}

/** File path (relative to the package root) → content. */
export function renderSchemas(): Record<string, string> {
  return {
    'schema/spamcheck.schema.json': document(configSchema, 'spamcheck.schema.json', 'spamcheck config (spamcheck.json, or the "spamcheck" key of package.json)', 'input'),
    'schema/report.schema.json': document(reportSchema, 'report.schema.json', 'spamcheck JSON report (spamcheck --format json)', 'output'),
  };
}
