/**
 * Writes the JSON Schemas shipped in the package from the zod schemas that are the source of truth:
 * schema/spamcheck.schema.json (the config file; editors use it through "$schema") and
 * schema/report.schema.json (the --format json report). test/schemas.test.ts fails when they are stale.
 *   npx tsx scripts/build-schemas.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSchemas } from '../src/config/json-schema.js';

const root = join(import.meta.dirname, '..');
for (const [file, text] of Object.entries(renderSchemas())) {
  writeFileSync(join(root, file), text);
  console.log(`wrote ${file}`);
}
