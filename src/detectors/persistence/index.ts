/**
 * persistence: code that makes itself outlive the install or spread further — writing a GitHub
 * Actions workflow (Shai-Hulud), shell profiles, autostart entries, files inside other installed
 * packages — and code that hunts for more secrets with a secret scanner (trufflehog, gitleaks) or an
 * AI command-line agent told to skip confirmations (the Nx "s1ngularity" postinstall).
 *
 * Writing a workflow is also what project scaffolders do (create-* tools, CI generators), so a write
 * alone stays low unless an install hook runs it or it comes with a secret hunt.
 */
import { z } from 'zod';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { contextOptions, contextWeight, describeReach } from '../../analysis/behaviour/context.js';
import { type FileReading, packageBehaviour, reachOf } from '../../analysis/behaviour/package.js';
import { KILLS_PROGRAM } from '../../analysis/behaviour/patterns.js';
import type { PackageFacts } from '../../facts/types.js';

const options = z.object({
  workflowWeight: z.number().default(20),
  shellProfileWeight: z.number().default(20),
  autostartWeight: z.number().default(20),
  /** A key added to ~/.ssh/authorized_keys, a library in /etc/ld.so.preload, a sudoers rule: a backdoor, not a setting. */
  backdoorWeight: z.number().default(45),
  /**
   * The key added to authorized_keys is written in the package itself: the author's own way in, on
   * every machine the code runs on. A tool that installs keys installs its user's key, never one it
   * ships (node-telegram-utils, 2025: a bot SDK's constructor adding two of the author's keys).
   */
  shippedKeyWeight: z.number().default(35),
  /** The file also stops running programs by name (`taskkill /F /IM "Wallet.exe"`): the application is closed so its code can be replaced (pdf-to-office, 2025). */
  stoppedApplicationWeight: z.number().default(20),
  otherPackageWeight: z.number().default(10),
  /** A JavaScript file of another installed package read and written back: a backdoor planted in code others run. */
  patchedPackageWeight: z.number().default(45),
  /** Code appended to another application (the Discord client's core, a browser extension): runs inside it. */
  otherApplicationWeight: z.number().default(40),
  /** An MCP server or hook added to an AI assistant's config: a command run at every assistant start. */
  assistantConfigWeight: z.number().default(25),
  /** A workflow built to send `toJSON(secrets)`: only a secret dump needs every secret at once. */
  secretDumpWorkflowWeight: z.number().default(45),
  /** Runs or downloads a secret scanner, or drives an AI CLI with confirmations off (scanner CLIs do this too: low alone). */
  secretHuntWeight: z.number().default(10),
  /** A secret hunt and a persistence write in the same package: a worm's harvest-and-spread. */
  combinedWeight: z.number().default(20),
  ...contextOptions,
});

export const persistence = definePackageDetector({
  meta: {
    id: 'persistence',
    description: 'Finds writes of GitHub workflows, shell profiles, autostart entries and other packages, and secret scanners or unattended AI CLIs run by the package.',
    needs: ['files'],
    messages: {
      write: '{file} {what} ({target}), {reach}',
      secretHunt: '{file} hunts for secrets: {excerpt}, {reach}',
    },
    options,
  },
  detect({ facts, options: o }) {
    const behaviour = packageBehaviour(facts);
    if (!behaviour) return { findings: [], unavailable: [{ signal: 'persistence', reason: 'the tarball was not read' }] };
    const writes: DetectorFinding[] = [];
    const hunts: DetectorFinding[] = [];
    for (const file of behaviour.files) {
      writes.push(...writeFindings(file, facts, o));
      const hunt = file.behaviour?.secretHunt[0] ?? file.tokens?.persistence.find((t) => t.token === 'scanner');
      if (hunt) {
        // A scanner CLI the user runs (bin, entry) is what scanners are for; only an install hook running one is suspect.
        const reach = reachOf(file, undefined);
        const weight = Math.max(5, o.secretHuntWeight + (reach === 'install' ? o.installTimeWeight : 0));
        hunts.push({ messageId: 'secretHunt', data: { file: file.path, excerpt: hunt.excerpt, reach: describeReach(reach, file.installHook) }, weight, evidence: { file: file.path, line: hunt.line, excerpt: hunt.excerpt, reach, analysis: file.analysis } });
      }
      const tokenWorkflow = file.tokens?.persistence.find((t) => t.token === 'workflow');
      if (tokenWorkflow && !file.behaviour) writes.push({ messageId: 'write', data: { file: file.path, what: 'names a GitHub Actions workflow file', target: tokenWorkflow.excerpt, reach: file.analysis }, weight: o.workflowWeight / 2, evidence: { file: file.path, line: tokenWorkflow.line, excerpt: tokenWorkflow.excerpt, analysis: file.analysis } });
    }
    writes.sort((a, b) => b.weight - a.weight);
    hunts.sort((a, b) => b.weight - a.weight);
    const findings = [...writes.slice(0, 1), ...hunts.slice(0, 1)];
    if (writes.length > 0 && hunts.length > 0) findings[0] = { ...findings[0]!, weight: findings[0]!.weight + o.combinedWeight };
    return { findings, ...(behaviour.unread.length > 0 ? { unavailable: behaviour.unread } : {}) };
  },
});

/** One finding per persistence write of the file, weighed by what it writes, where it runs from, and whose key it adds. */
function writeFindings(file: FileReading, facts: PackageFacts, o: z.output<typeof options>): DetectorFinding[] {
  const found: DetectorFinding[] = [];
  for (const p of file.behaviour?.persistence ?? []) {
    if (ownPlatformPackage(p.target, facts.name)) continue;
    const reach = reachOf(file, file.behaviour?.sinks.find((s) => s.line === p.line)?.flow?.scope);
    // A CLI command the user runs may set up shell completion or an editor's MCP server
    // (playwright's init-agents, cds completion): a profile or assistant config written from a
    // function counts half; from an install hook or at load it counts in full.
    const userFeature = /shell profile|AI coding assistant/.test(p.what) && reach !== 'install' && reach !== 'load';
    const base = baseWeight(p.what, o) / (userFeature ? 2 : 1);
    const text = facts.files?.readText(file.path);
    const shipped = /authorized_keys/.test(p.target) && shipsSshKey(text);
    const stopped = /another application/.test(p.what) && text !== undefined && KILLS_PROGRAM.test(text);
    const weight = Math.max(5, base + contextWeight(reach, o)) + (shipped ? o.shippedKeyWeight : 0) + (stopped ? o.stoppedApplicationWeight : 0);
    found.push({ messageId: 'write', data: { file: file.path, what: p.what, target: p.target, reach: describeReach(reach, file.installHook) }, weight, evidence: { file: file.path, line: p.line, excerpt: p.excerpt, reach, analysis: file.analysis } });
  }
  return found;
}

/**
 * `node_modules/@vscode/vsce-sign-linux-x64/…` written by @vscode/vsce-sign's installer: the
 * package's own platform build (named after it, as esbuild's and swc's are), unpacked where it
 * belongs, is no write into another package.
 */
function ownPlatformPackage(target: string, name: string): boolean {
  const written = /(?:node_modules|\$CWD[/\\]\.\.)[/\\]((?:@[^/\\…]+[/\\])?[^/\\…]+)/.exec(target)?.[1]?.replace(/\\/g, '/');
  const stem = written?.replace(/[-.…]+$/, '');
  return stem !== undefined && (stem === name || stem.startsWith(`${name}-`));
}

/** An SSH public key written out in the text (`ssh-ed25519 AAAA…`): a key the package ships. */
const SSH_PUBLIC_KEY = /\b(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com) AAAA[0-9A-Za-z+/]{40}/;

function shipsSshKey(text: string | undefined): boolean {
  return text !== undefined && SSH_PUBLIC_KEY.test(text);
}

/** The weight of a persistence write by what it writes (the model's `what` wording, patterns.ts). */
function baseWeight(what: string, o: z.output<typeof options>): number {
  if (/every secret/.test(what)) return o.secretDumpWorkflowWeight;
  if (/workflow/.test(what)) return o.workflowWeight;
  if (/profile/.test(what)) return o.shellProfileWeight;
  if (/autostart/.test(what)) return o.autostartWeight;
  if (/way back in/.test(what)) return o.backdoorWeight;
  if (/another application/.test(what)) return o.otherApplicationWeight;
  if (/rewrites the code of another installed package/.test(what)) return o.patchedPackageWeight;
  if (/AI coding assistant/.test(what)) return o.assistantConfigWeight;
  return o.otherPackageWeight;
}

