import type { FailOn } from '../options.js';
import type { Report } from '../report/schema.js';

/** What every reporter may use besides the report. Reporters are pure: (report, context) → string. */
export interface ReporterContext {
  color: boolean;
  /** Also list packages at level none that have findings. */
  showAll: boolean;
  failOn: FailOn;
  /** Repository root that SARIF and annotation paths are relative to (GITHUB_WORKSPACE); default the project folder. */
  sourceRoot?: string;
}

export type Reporter = (report: Report, context: ReporterContext) => string;
