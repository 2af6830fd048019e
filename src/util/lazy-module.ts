/**
 * A dependency loaded on its first use rather than when the importing module loads. The main thread
 * imports every detector and analyser, but JavaScript is parsed (acorn) in the detector threads and
 * YAML (js-yaml) is read for pnpm lockfiles and tea.yaml files only: loaded eagerly they were 20-25
 * ms of every run, a warm scan's among them.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
