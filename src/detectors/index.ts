/**
 * Every detector spamcheck runs, registered explicitly so the list is greppable and ordered.
 * Adding a detector: one folder under src/detectors/<id>/ with index.ts, plus one line here.
 */
import installScripts from './install-scripts/index.js';
import wormPayload from './worm-payload/index.js';
import tokenFarming from './token-farming/index.js';
import type { Detector } from './types.js';
import { emptyCode } from './empty-code/index.js';
import { templateApp } from './template-app/index.js';
import { codeClone } from './code-clone/index.js';
import { readmeSpam } from './readme-spam/index.js';
import { sharedReadme } from './shared-readme/index.js';
import { campaignCluster } from './campaign-cluster/index.js';
import { generatedName } from './generated-name/index.js';
import { publishTiming } from './publish-timing/index.js';
import { publisherVolume } from './publisher-volume/index.js';
import { registryState } from './registry-state/index.js';
import { tarballAnomalies } from './tarball-anomalies/index.js';
import { exfiltration } from './exfiltration/index.js';
import { remoteCode } from './remote-code/index.js';
import { obfuscatedCode } from './obfuscated-code/index.js';
import { browserPayloadDetector } from './browser-payload/index.js';
import { persistence } from './persistence/index.js';
import { wiper } from './wiper/index.js';
import { remoteDependency } from './remote-dependency/index.js';
import { releaseDiff } from './release-diff/index.js';
import { releaseAge } from './release-age/index.js';
import { referenceClone } from './reference-clone/index.js';
import { repositoryClaim } from './repository-claim/index.js';
import { typosquat } from './typosquat/index.js';
import { farmCopy } from './farm-copy/index.js';
import { referencePackage } from './reference-package/index.js';
import { knownMalicious } from './known-malicious/index.js';
import { aiInstructions } from './ai-instructions/index.js';
import { protestware } from './protestware/index.js';

export const detectors: readonly Detector[] = [
  registryState,
  tarballAnomalies,
  knownMalicious,
  emptyCode,
  templateApp,
  codeClone,
  readmeSpam,
  sharedReadme,
  installScripts,
  wormPayload,
  tokenFarming,
  exfiltration,
  remoteCode,
  obfuscatedCode,
  browserPayloadDetector,
  aiInstructions,
  protestware,
  persistence,
  wiper,
  remoteDependency,
  releaseDiff,
  publishTiming,
  generatedName,
  campaignCluster,
  publisherVolume,
  releaseAge,
  referenceClone,
  repositoryClaim,
  typosquat,
  farmCopy,
  referencePackage,
];
