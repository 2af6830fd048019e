/**
 * Static analysis of untrusted JavaScript for the code detectors (install-scripts, worm-payload).
 *
 * Nothing here executes package code. A file is parsed with acorn (module first, then script) and
 * walked once; what the detectors care about is recorded as plain data: which functions of which
 * modules are called with which constant arguments, which object properties are written, which
 * `process.env` keys are read, and how repetitive the call site is (loop, timer, recursion).
 *
 * Spam and malware hide the interesting call behind aliases and string building, so values are
 * resolved statically: `const cp = require('child' + '_process'); const { exec: run } = cp;` makes
 * `run(...)` a call of `child_process.exec`. Bindings are tracked per file by name, without scopes:
 * good enough for heuristics, and cheap.
 *
 * Every file is capped (bytes, bracket nesting, AST nodes, wall time). When a file is too large or
 * does not parse, the result says so (`mode: 'tokens'` with a reason) and detectors fall back to
 * their own token patterns through `searchTokens`.
 */
export * from './types.js';
export { analyzeCachedFile, analyzeJavaScript, searchTokens, type TokenHit } from './parse.js';
export { commandText, stringValue } from './static-values.js';
/** @public Exported before the split (no importer uses it today); kept so the entry's API is unchanged. */
export { qualifiedName } from './static-values.js';
export { commandOfCall, isCommandRunner, isDynamicCodeCall, isNetworkCall, isWorkerEval } from './callees.js';
export { assessObfuscation } from './obfuscation.js';
export { unpackPacker } from './packer.js';
export { INVISIBLE_PAYLOAD_RUN, longestInvisibleRun, revealTagText, revealVariationSelectors } from './invisible.js';
/** @public Exported before the split (no importer uses it today); kept so the entry's API is unchanged. */
export type { ObfuscationAssessment } from './obfuscation.js';
