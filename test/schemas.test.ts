import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderSchemas } from '../src/config/json-schema.js';
import { REPO_ROOT } from './support/cli.js';

describe('shipped JSON Schemas', () => {
  const schemas = renderSchemas();

  it.each(Object.keys(schemas))('%s is up to date with its zod schema (run npx tsx scripts/build-schemas.ts)', (file) => {
    expect(readFileSync(join(REPO_ROOT, file), 'utf8')).toBe(schemas[file]);
  });

  it('the config schema accepts a full config and rejects a typo, an entry without a reason and a bad date', () => {
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schemas['schema/spamcheck.schema.json']!));
    const good = {
      $schema: './node_modules/spamcheck-cli/schema/spamcheck.schema.json',
      failOn: 'medium',
      omit: ['dev'],
      detectors: { disable: ['generated-name'], options: { 'install-scripts': { maxFilesFollowed: 4 } } },
      ignore: [{ package: 'esbuild@^0.25.0', detector: 'install-scripts', reason: 'binary installer, reviewed', expires: '2026-12-31' }],
    };
    expect(validate(good), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ failon: 'high' })).toBe(false);
    expect(validate({ ignore: [{ package: 'x' }] })).toBe(false);
    expect(validate({ ignore: [{ package: 'x', reason: 'r', expires: '31/12/2026' }] })).toBe(false);
    expect(validate({ detectors: { disable: ['no-such-detector'] } })).toBe(false);
  });

  it('the package ships the schemas and the detector docs SARIF help comes from', () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toEqual(expect.arrayContaining(['schema', 'docs/detectors']));
  });
});
