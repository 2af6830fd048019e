/** A PackageReport with every required field at a neutral value: tests state only what they are about. */
import type { PackageReport } from '../../src/report/schema.js';

export function packageReport(fields: Pick<PackageReport, 'name'> & Partial<PackageReport>): PackageReport {
  return {
    version: '1.0.0',
    score: 0,
    level: 'none',
    direct: false,
    dev: false,
    optional: false,
    paths: [['root', fields.name]],
    findings: [],
    error: null,
    aliases: [],
    bundled: false,
    coverage: 'full',
    missing: [],
    unavailable: [],
    detectorErrors: [],
    ...fields,
  };
}
