/**
 * install-scripts: what a package runs when it is installed, and whether that looks like a build
 * or like an attack. The common legitimate hooks (node-gyp/prebuild native builds, binary
 * installers that fetch a platform build, "thank you" messages) carry little or no weight; a
 * download piped into a shell, a decoded payload, secrets sent over the network, a missing or
 * obfuscated target carry enough to reach high on their own.
 */
import { z } from 'zod';
import { safeLine } from '../../report/sanitize.js';
import { definePackageDetector, type DetectorFinding, type UnavailableSignal } from '../types.js';
import { InstallPathAssessment, evidenceOf, isGuarded, type Sighting } from './assess.js';
import { isNativeBuild } from '../../analysis/lifecycle.js';
import { installScripts, scriptTargets, type InstallScript } from '../../analysis/lifecycle.js';
import type { PackageFiles } from '../../package-files/types.js';

const options = z.object({
  /** A hook whose commands are all native-build tools (node-gyp, prebuild-install, …). */
  nativeBuildWeight: z.number().default(0),
  /** Any other install hook: worth showing, not worth scoring much. */
  lifecycleScriptWeight: z.number().default(3),
  pipeToShellWeight: z.number().default(85),
  downloadExecuteWeight: z.number().default(80),
  /** curl/wget in a hook without a pipe or execution: unusual for npm packages, which download with node. */
  shellDownloadWeight: z.number().default(25),
  encodedPayloadWeight: z.number().default(85),
  exfiltrationWeight: z.number().default(85),
  secretAccessWeight: z.number().default(40),
  /** One named token read from the environment (an installer authenticating its download). */
  tokenUseWeight: z.number().default(5),
  /** Hostname/username shown to flow into a request: a dependency-confusion probe. */
  hostBeaconWeight: z.number().default(70),
  /**
   * Host details read and the network used in the same file, with no flow from one to the other
   * found: a per-user temp file next to an analytics ping (scarf) looks like this, and so would a
   * probe whose flow the model cannot follow, hence worth showing but not worth medium alone.
   */
  hostInfoNearWeight: z.number().default(20),
  /** Host details read in one file of the install path and the network used only in others. */
  hostInfoApartWeight: z.number().default(15),
  /** Network use by install code alone (binary installers do this). */
  networkWeight: z.number().default(5),
  /**
   * A hook runs a file the tarball lacks: the install fails, or an earlier step places the file (that
   * step is judged on its own). Published build outputs go missing far more often; the bytes show no payload.
   */
  missingTargetWeight: z.number().default(45),
  /** The script itself tolerates the target's absence (`|| true`, try/catch, an existence test). */
  missingGuardedTargetWeight: z.number().default(25),
  obfuscatedTargetWeight: z.number().default(75),
  dynamicCodeWeight: z.number().default(15),
  /** Code evaluated at install from data fetched over the network. */
  remoteCodeWeight: z.number().default(80),
  /** An AI coding agent run at install with its permission checks off: it searches and acts for the package. */
  agentRunWeight: z.number().default(80),
  /** Packages installed globally by a hook: a program for the whole machine the user never chose, outside the lockfile. */
  globalInstallWeight: z.number().default(45),
  /** A cryptocurrency miner started at install (xmrig's flags, a stratum pool, a Monero wallet address). */
  minerRunWeight: z.number().default(85),
  /** The home folder, the disk or a system folder deleted at install (`rm -rf ~/*`, `rd /s /q C:\\`). */
  destructiveWeight: z.number().default(85),
  /** Files followed from the hooks (targets and their local imports). */
  maxFilesFollowed: z.number().int().positive().default(40),
  /** Wall-clock budget for reading everything one package runs at install. */
  maxMillis: z.number().int().positive().default(5000),
});

export default definePackageDetector({
  meta: {
    id: 'install-scripts',
    description: 'Reads the preinstall/install/postinstall scripts and the files they run, and weighs what they do at install time.',
    // The packument's `scripts` alone are enough to judge the hooks, so the detector still runs when
    // the tarball could not be read (the files the hooks run are then reported unavailable); the
    // files are wanted, so `--detectors install-scripts` alone still fetches the tarball.
    needs: ['packument'],
    optionalNeeds: ['files'],
    // It reads the tarball's package.json and script files when there is a tarball, and otherwise
    // only the locked version's entry: both are fixed by the tarball's integrity, so it is cached.
    derivedFrom: 'tarball',
    messages: {
      nativeBuild: '{hook} builds native code: {command}',
      lifecycleScript: '{hook} runs at install: {command}',
      pipeToShell: '{where} pipes a download into {what}',
      downloadExecute: '{where} downloads {what} and then executes it',
      shellDownload: '{where} downloads with {what} at install time',
      encodedPayload: '{where} runs an encoded payload ({what})',
      exfiltration: '{where} reads {secret} and sends data over the network ({network})',
      secretAccess: '{where} reads {what} at install time',
      tokenUse: '{where} reads the {what} token at install time (one token, as download authentication does)',
      hostBeacon: '{where} collects {what} and {how} at install time',
      network: '{where} uses the network at install time ({what})',
      missingTarget: '{hook} runs {target}, which is not in the package',
      obfuscatedTarget: '{where}, run at install, looks obfuscated: {what}',
      dynamicCode: '{where} evaluates code built at run time ({what})',
      remoteCode: '{where} evaluates code it fetched over the network ({network} then {what})',
      agentRun: '{where} runs an AI coding agent with its permission checks turned off ({what}) at install',
      globalInstall: '{where} installs packages for the whole machine at install ({what}), outside the project and its lockfile',
      minerRun: '{where} starts a cryptocurrency miner at install ({what})',
      destructive: '{where} deletes the user\'s or the machine\'s files at install ({what})',
    },
    options,
  },
  detect({ facts, options: o }) {
    const scripts = installScripts(facts);
    if (!scripts) {
      return { findings: [], unavailable: [{ signal: 'install-scripts', reason: 'neither the tarball package.json nor the packument version is available' }] };
    }
    if (scripts.length === 0) return { findings: [] };
    const findings: DetectorFinding[] = [];
    const unavailable: UnavailableSignal[] = [];
    const assessment = new InstallPathAssessment(facts.files, o.maxFilesFollowed, o.maxMillis);
    for (const script of scripts) {
      const native = isNativeBuild(script.command);
      findings.push({
        messageId: native ? 'nativeBuild' : 'lifecycleScript',
        data: { hook: script.from === 'binding.gyp' ? `${script.hook} (node-gyp, from binding.gyp)` : script.hook, command: safeLine(script.command, 120) },
        weight: native ? o.nativeBuildWeight : o.lifecycleScriptWeight,
        evidence: { field: script.from ?? `scripts.${script.hook}`, excerpt: safeLine(script.command, 200), ...(script.implicit ? { implicitFromBindingGyp: true } : {}) },
      });
      assessment.shell(script.command, { hook: script.hook });
    }
    if (facts.files) followTargets(facts.files, scripts, assessment, o, findings, unavailable);
    else unavailable.push({ signal: 'install-script targets', reason: 'the tarball was not read, so files run at install could not be checked' });
    findings.push(...assessmentFindings(assessment, o));
    for (const s of assessment.unparsedFiles) {
      unavailable.push({ signal: `analysis of ${safeLine(s.place.file ?? `scripts.${s.place.hook}`, 80)}`, reason: safeLine(s.what, 160) });
    }
    return { findings, ...(unavailable.length > 0 ? { unavailable } : {}) };
  },
});

type Options = z.output<typeof options>;

/** Reads the package files the scripts run; a target the package does not have is a finding of its own. */
function followTargets(files: PackageFiles, scripts: InstallScript[], assessment: InstallPathAssessment, o: Options, findings: DetectorFinding[], unavailable: UnavailableSignal[]): void {
  const inventoryComplete = !files.limits.some((l) => l.kind === 'too-many-entries' || l.kind === 'total-bytes-exceeded' || l.kind === 'timeout' || l.kind === 'corrupt' || l.kind === 'truncated');
  for (const target of scriptTargets(files, scripts)) {
    if (target.path !== undefined) {
      assessment.file(target.path, { hook: target.hook });
      continue;
    }
    if (/^(\/|~|\$|%)/.test(target.target)) continue; // outside the package: judged by download/execute reading
    if (!inventoryComplete) {
      unavailable.push({ signal: `target ${safeLine(target.target, 80)}`, reason: 'the tarball inventory is incomplete (a cap was hit)' });
      continue;
    }
    const script = scripts.find((s) => s.hook === target.hook)!;
    const guarded = isGuarded(script.command);
    findings.push({
      messageId: 'missingTarget',
      data: { hook: target.hook, target: safeLine(target.target, 80) },
      weight: guarded ? o.missingGuardedTargetWeight : o.missingTargetWeight,
      evidence: { field: `scripts.${target.hook}`, excerpt: safeLine(script.command, 200), guarded },
    });
  }
}

/** What the install path does, read from the scripts and the files they run: one finding per kind, with its first sighting. */
function assessmentFindings(a: InstallPathAssessment, o: Options): DetectorFinding[] {
  const findings: DetectorFinding[] = [];
  const add = (messageId: string, weight: number, list: Sighting[], data: Record<string, string> = {}) => {
    const first = list[0];
    if (!first) return;
    findings.push({
      messageId,
      data: { where: where(first), what: safeLine(first.what, 120), ...data },
      weight,
      evidence: evidenceOf(first, { occurrences: list.length }),
    });
  };
  add('pipeToShell', o.pipeToShellWeight, a.pipeToShell);
  add('downloadExecute', o.downloadExecuteWeight, a.downloadExecute);
  add('encodedPayload', o.encodedPayloadWeight, a.encodedPayloads);
  add('obfuscatedTarget', o.obfuscatedTargetWeight, a.obfuscatedFiles);
  add('agentRun', o.agentRunWeight, a.agentRuns);
  add('globalInstall', o.globalInstallWeight, a.globalInstalls);
  add('minerRun', o.minerRunWeight, a.minerRuns);
  add('destructive', o.destructiveWeight, a.destructive);
  if (a.pipeToShell.length === 0 && a.downloadExecute.length === 0) add('shellDownload', o.shellDownloadWeight, a.shellDownloads);

  // Secrets only matter together with a way out; host details only matter as a beacon.
  // Tokens of one service count once: nx reads NX_CLOUD_AUTH_TOKEN or its older name NX_CLOUD_ACCESS_TOKEN.
  const tokenNames = new Set(a.tokenEnvReads.map((s) => tokenService(s.what)));
  const secrets = [...a.secretReads, ...a.envDumps, ...(tokenNames.size >= 2 ? a.tokenEnvReads : [])];
  const network = [...a.dataSends, ...a.networkUses];
  if (secrets.length === 0 && tokenNames.size === 1) add('tokenUse', network.length > 0 ? o.tokenUseWeight : 0, a.tokenEnvReads);
  if (secrets.length > 0 && network.length > 0) {
    add('exfiltration', o.exfiltrationWeight, secrets, { secret: safeLine(secrets[0]!.what, 80), network: safeLine(network[0]!.what, 80) });
  } else add('secretAccess', o.secretAccessWeight, secrets);
  // Host details only matter as a beacon (with secrets read, exfiltration above says more).
  const beacon = secrets.length === 0 ? hostBeacon(a, network, o) : undefined;
  if (beacon) add('hostBeacon', beacon.weight, beacon.sightings, { how: beacon.how });
  if (a.shellDownloads.length === 0 && secrets.length === 0 && a.hostInfo.length === 0) add('network', o.networkWeight, a.networkUses);
  // Code evaluated from data that came over the network is a remote payload, encoded or not.
  if (a.encodedPayloads.length === 0 && a.dynamicCode.length > 0 && a.networkUses.length > 0) add('remoteCode', o.remoteCodeWeight, a.dynamicCode, { network: safeLine(a.networkUses[0]!.what, 80) });
  else if (a.encodedPayloads.length === 0) add('dynamicCode', o.dynamicCodeWeight, a.dynamicCode);
  return findings;
}

/**
 * Reading the host and using the network is not sending the one over the other: an installer reads
 * the user name for a per-user cache path and downloads (nx, in two files), or names a temp file
 * after the user and pings its analytics with platform details (scarf, in one). Full weight only
 * when the host value was followed into a request.
 */
function hostBeacon(
  a: InstallPathAssessment,
  network: Sighting[],
  o: { hostBeaconWeight: number; hostInfoNearWeight: number; hostInfoApartWeight: number },
): { weight: number; sightings: Sighting[]; how: string } | undefined {
  if (a.hostSends.length > 0) return { weight: o.hostBeaconWeight, sightings: a.hostSends, how: 'sends it over the network' };
  if (a.hostInfo.length === 0 || network.length === 0) return undefined;
  const together = a.hostInfo.filter((h) => network.some((n) => n.place.hook === h.place.hook && n.place.file === h.place.file));
  if (together.length > 0) return { weight: o.hostInfoNearWeight, sightings: together, how: 'contacts the network (no flow from one to the other found)' };
  return { weight: o.hostInfoApartWeight, sightings: a.hostInfo, how: 'contacts the network from another file' };
}

function where(s: Sighting): string {
  if (s.place.file === undefined) return s.place.hook;
  return `${s.place.file}${s.place.line !== undefined ? `:${s.place.line}` : ''} (${s.place.hook})`;
}

/** The service a token variable belongs to: its first word (`NX_CLOUD_AUTH_TOKEN` → `NX`, `GITHUB_TOKEN` → `GITHUB`). */
function tokenService(variable: string): string {
  const service = (variable.split('_').find((part) => part !== '') ?? variable).toUpperCase();
  // GH_TOKEN is the GitHub CLI's name for GITHUB_TOKEN: tools read `GITHUB_TOKEN || GH_TOKEN`.
  return service === 'GH' ? 'GITHUB' : service;
}
