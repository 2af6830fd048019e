/**
 * release-diff: behaviour that appeared in the locked release and was not in the release before it.
 * Hijacked releases of real packages (@solana/web3.js 1.95.7, xrpl 4.2.1, @lottiefiles/lottie-player
 * 2.0.5, chalk/debug in Sep 2025) put a small payload among thousands of good lines; each detector
 * weighs that payload on its own, and a long history even counts in the package's favour. What gives
 * it away is that the previous release did not do it: a new flow of sensitive data to the network,
 * new remote code, a new obfuscated file, a new browser override, a new install hook.
 *
 * The previous tarball is fetched only when the locked version shows a risky capability
 * (analysis/behaviour/capability.ts); otherwise this detector says nothing.
 */
import { z } from 'zod';
import { installScripts } from '../../analysis/lifecycle.js';
import { definePackageDetector, type DetectorFinding, type PackageFacts } from '../types.js';
import { packageBehaviour, type PackageBehaviour } from '../../analysis/behaviour/package.js';

const options = z.object({
  /** Sensitive data newly sent to the network, or newly executed remote/decoded code. */
  newFlowWeight: z.number().default(35),
  /** A newly obfuscated file, or a new browser request/wallet override. */
  newHiddenCodeWeight: z.number().default(25),
  /** A new preinstall/install/postinstall script. */
  newInstallHookWeight: z.number().default(15),
});

interface Trait {
  key: string;
  what: string;
  file: string;
  line?: number;
  excerpt?: string;
  kind: 'flow' | 'hidden' | 'hook';
}

export const releaseDiff = definePackageDetector({
  meta: {
    id: 'release-diff',
    description: 'Compares the locked release with the one before it and reports behaviour that appeared in this release (new exfiltration, remote code, obfuscation, browser overrides, install hooks).',
    needs: ['files', 'previous-files'],
    messages: {
      appeared: '{what} appeared in {version} ({file}); {previous} did not do this',
    },
    options,
  },
  detect({ facts, options: o }) {
    const unavailable = facts.missing.filter((m) => m.fact === 'previous-files').map((m) => ({ signal: 'release diff', reason: m.reason }));
    if (!facts.previous) return { findings: [], ...(unavailable.length > 0 ? { unavailable } : {}) };
    const now = traits(facts, packageBehaviour(facts));
    const previousFacts: PackageFacts = { name: facts.name, version: facts.previous.version, locked: facts.locked, files: facts.previous.files, ...(facts.previous.manifest ? { manifest: facts.previous.manifest } : {}), missing: [] };
    const before = new Set(traits(previousFacts, packageBehaviour(previousFacts)).map((t) => t.key));
    // Without the release before's package.json its install scripts are unknown, not absent: a hook
    // both releases run read as new (aws-sdk's, whose manifest sat past the reader's text budget).
    const hooksKnown = installScripts(previousFacts) !== undefined;
    if (!hooksKnown && now.some((t) => t.kind === 'hook')) {
      unavailable.push({ signal: 'release diff of install scripts', reason: `the package.json of ${facts.previous.version} could not be read, so its install scripts are unknown` });
    }
    const added = now.filter((t) => !before.has(t.key) && (hooksKnown || t.kind !== 'hook'));
    const weightOf = (t: Trait) => (t.kind === 'flow' ? o.newFlowWeight : t.kind === 'hidden' ? o.newHiddenCodeWeight : o.newInstallHookWeight);
    added.sort((a, b) => weightOf(b) - weightOf(a));
    const top = added[0];
    const notes = unavailable.length > 0 ? { unavailable } : {};
    if (!top) return { findings: [], ...notes };
    const finding: DetectorFinding = {
      messageId: 'appeared',
      data: { what: top.what, version: facts.version, previous: facts.previous.version, file: top.file },
      weight: weightOf(top),
      evidence: {
        file: top.file,
        ...(top.line !== undefined ? { line: top.line } : {}),
        ...(top.excerpt !== undefined ? { excerpt: top.excerpt } : {}),
        version: facts.version,
        previousVersion: facts.previous.version,
        appeared: added.slice(0, 10).map((t) => t.what),
      },
    };
    return { findings: [finding], ...notes };
  },
});


/** What a release does, as comparable keys (file-independent, so moved code is not "new"). */
function traits(facts: PackageFacts, behaviour: PackageBehaviour | undefined): Trait[] {
  const out: Trait[] = [];
  for (const file of behaviour?.files ?? []) {
    for (const f of file.behaviour?.exfiltration ?? []) out.push({ key: `exfil:${f.source.kind}:${f.sink.kind}`, what: `${f.source.what} sent with ${f.sink.what}`, file: file.path, line: f.sink.line, excerpt: f.sink.excerpt, kind: 'flow' });
    for (const r of file.behaviour?.remoteCode ?? []) out.push({ key: `remote:${r.stage}:${r.sink.kind}`, what: `${r.origin.what} run with ${r.sink.what}`, file: file.path, line: r.sink.line, excerpt: r.sink.excerpt, kind: 'flow' });
    for (const d of file.behaviour?.droppers ?? []) out.push({ key: `dropper:${d.what}`, what: `dropper command (${d.what})`, file: file.path, line: d.line, excerpt: d.excerpt, kind: 'flow' });
    if (file.obfuscation) out.push({ key: `obfuscated:${file.obfuscation.reasons[0]}`, what: `obfuscated code (${file.obfuscation.reasons.join('; ')})`, file: file.path, ...(file.obfuscation.line !== undefined ? { line: file.obfuscation.line } : {}), kind: 'hidden' });
    if (file.browser?.approvals) out.push({ key: 'approvals', what: 'token-approval transactions for a hard-coded address', file: file.path, line: file.browser.approvals.line, excerpt: file.browser.approvals.excerpt, kind: 'flow' });
    for (const x of file.browser?.overrides ?? []) out.push({ key: `override:${x.what}`, what: `override of ${x.what}`, file: file.path, line: x.line, excerpt: x.excerpt, kind: 'hidden' });
  }
  for (const s of installScripts(facts) ?? []) if (!s.implicit) out.push({ key: `hook:${s.hook}`, what: `${s.hook} script \`${s.command.slice(0, 80)}\``, file: 'package.json', kind: 'hook' });
  return out;
}
