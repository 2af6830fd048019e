/**
 * obfuscated-code: obfuscation that hides behaviour. javascript-obfuscator output (string array with a
 * rotating decoder, `_0x` names), eval-packed code, ASCII written as escapes, large blobs decoded and
 * evaluated — weighed by what the hidden code names once its strings are decoded (child_process,
 * eval, hostname, .npmrc, webhooks, wallets…) and by where it runs. Obfuscation that names none of
 * that (a licence check, a minified widget) stays at a few points; worm-payload already notes
 * obfuscation in general, this detector adds weight only when something dangerous is hidden.
 *
 * Names hidden on their own count too: `cp[Buffer.from('c3Bhd24=', 'base64').toString()](…)`,
 * `os['host' + 'name']()`, `Reflect.get(cp, 'spawn')` call a sensitive function whose plain name
 * costs nothing to write (javascript/disguise.ts). A name in a variable or a condition is dispatch,
 * not hiding, and does not count.
 *
 * Unicode and regex tables (identifier ranges, emoji patterns) escape non-ASCII code points and are
 * not obfuscation (see assessObfuscation).
 */
import { z } from 'zod';
import { lineAt } from '../../analysis/text.js';
import { textHits } from '../../package-files/text-hits.js';
import { definePackageDetector, type DetectorFinding } from '../types.js';
import { contextOptions, contextWeight, describeReach } from '../../analysis/behaviour/context.js';
import { packageBehaviour, reachOf, type FileReading } from '../../analysis/behaviour/package.js';
import { revealTagText } from '../../analysis/javascript/index.js';
import { AI_RULE_DOTFILE } from '../../analysis/behaviour/patterns.js';
import type { PackageFiles } from '../../package-files/types.js';
import { safeLine } from '../../report/sanitize.js';

const DANGEROUS = /^(child_process|execSync|spawn|exec|eval|a URL|hostname|userInfo|networkInterfaces|process\.env|\.npmrc|\.ssh|id_rsa|passwd|webhooks?|discord|telegram|leveldb|wallet|ethereum|sendTransaction|clipboard|curl|powershell|wget|dns|chmod)$/;

const options = z.object({
  /** Obfuscated code whose decoded strings name dangerous calls or sensitive data. */
  hiddenBehaviourWeight: z.number().default(25),
  /** Each further kind of dangerous word, up to `maxVocabularyWeight`. */
  vocabularyWordWeight: z.number().default(5),
  maxVocabularyWeight: z.number().default(15),
  /** A sensitive function (child_process, os.hostname, http.request, eval…) called under a hidden name. */
  disguisedCallWeight: z.number().default(30),
  /**
   * A document or rule file (Markdown, .mdc, text) holding a long run of invisible characters: text
   * nobody reviewing it sees and an AI assistant reads (instructions smuggled in Unicode tags).
   */
  hiddenTextWeight: z.number().default(60),
  /**
   * Code pushed past the right edge of the editor by a long run of spaces after a line's visible
   * end (PolinRider's loader after 260 spaces, SafeDep 2026): nobody reading the file sees it.
   */
  pastEdgeWeight: z.number().default(45),
  /** …and what is hidden there loads modules, builds code or reaches the network. */
  pastEdgeDangerWeight: z.number().default(30),
  ...contextOptions,
});

type Options = z.output<typeof options>;

/** The most reached call of a sensitive function under a hidden name in one file. */
function disguisedCallFinding(file: FileReading, o: Options): DetectorFinding | undefined {
  const calls = (file.behaviour?.disguisedCalls ?? []).map((c) => ({ c, reach: reachOf(file, c.scope) }));
  const best = calls.map((x) => ({ ...x, weight: o.disguisedCallWeight + contextWeight(x.reach, o) })).sort((a, b) => b.weight - a.weight)[0];
  if (!best) return undefined;
  return {
    messageId: 'disguisedCall',
    data: { file: file.path, api: best.c.api, how: best.c.how, line: best.c.line, reach: describeReach(best.reach, file.installHook) },
    weight: Math.max(5, best.weight),
    evidence: { file: file.path, line: best.c.line, excerpt: best.c.excerpt, how: best.c.how, reach: best.reach, analysis: file.analysis, disguisedCalls: calls.length },
  };
}

/** Prose an assistant reads: docs and rule files, not code (code's invisible payloads are remote-code's). */
const PROSE = new RegExp(String.raw`\.(?:md|mdc|markdown|txt|rst|rules)$|${AI_RULE_DOTFILE.source}`, 'i');
const MAX_PROSE_CHARS = 512 * 1024;

function hiddenTextFinding(files: PackageFiles, o: Options): DetectorFinding | undefined {
  return textHits(files, { accepts: (path) => PROSE.test(path), maxChars: MAX_PROSE_CHARS }, (path, text) => {
    const hidden = revealTagText(text);
    if (!hidden) return undefined;
    return {
      messageId: 'hiddenText',
      data: { file: path, count: hidden.run, text: safeLine(hidden.text, 120) },
      weight: o.hiddenTextWeight,
      evidence: { file: path, excerpt: safeLine(hidden.text, 200), invisibleRun: hidden.run },
    };
  })[0];
}

const SCRIPT = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/i;
/** Spaces or tabs after a line's last visible character, then code: `};` + 260 spaces + `global[x]=require;…`. */
const PAST_EDGE = /\S([ \t]{120,})(?=[A-Za-z_$(![{;])(?!\/\/)/;
const PADDING_PROBE = ' '.repeat(100);
const DANGER = /\brequire\b|\beval\b|\bFunction\b|child_process|\bglobal\[|\bimport\(|https?:|\bfetch\b/;

function pastEdgeFinding(files: PackageFiles, o: Options): DetectorFinding | undefined {
  return textHits(files, { accepts: (path) => SCRIPT.test(path), maxChars: Number.POSITIVE_INFINITY }, (path, text) => {
    // A cheap probe first: almost no file holds a hundred spaces in a row.
    const m = text.includes(PADDING_PROBE) ? PAST_EDGE.exec(text) : null;
    if (!m) return undefined;
    const start = m.index + 1 + m[1]!.length;
    const end = text.indexOf('\n', start);
    const hidden = text.slice(start, end < 0 ? undefined : end);
    // Code, not a column of a table or a string's padding: a call or a statement follows.
    if (!/[(;=]/.test(hidden.slice(0, 200))) return undefined;
    const line = lineAt(text, start);
    const excerpt = safeLine(hidden, 120);
    return { messageId: 'pastEdge', data: { file: path, spaces: m[1]!.length, line, excerpt }, weight: o.pastEdgeWeight + (DANGER.test(hidden) ? o.pastEdgeDangerWeight : 0), evidence: { file: path, line, excerpt } };
  })[0];
}

export const obfuscatedCode = definePackageDetector({
  meta: {
    id: 'obfuscated-code',
    description: 'Finds obfuscated code (javascript-obfuscator string arrays, eval packers, escaped strings, decoded blobs) that hides dangerous calls or sensitive data, sensitive functions called under a hidden name, and code pushed past the edge of the screen by a run of spaces, weighed by where it runs.',
    needs: ['files'],
    messages: {
      hiddenBehaviour: '{file} is obfuscated ({reasons}) and its decoded strings name {vocabulary}, {reach}',
      disguisedCall: '{file} calls {api} under a hidden name ({how}, line {line}), {reach}',
      hiddenText: '{file} hides text in {count} invisible characters: "{text}"',
      pastEdge: '{file} hides code after {spaces} spaces on line {line}, past the edge of the screen: "{excerpt}"',
    },
    options,
  },
  detect({ facts, options: o }) {
    const behaviour = packageBehaviour(facts);
    if (!behaviour) return { findings: [], unavailable: [{ signal: 'obfuscated-code', reason: 'the tarball was not read' }] };
    const candidates: DetectorFinding[] = [];
    for (const file of behaviour.files) {
      const hidden = disguisedCallFinding(file, o);
      if (hidden) candidates.push(hidden);
      const obf = file.obfuscation;
      if (!obf) continue;
      const words = obf.vocabulary.filter((w) => DANGEROUS.test(w));
      if (words.length === 0) continue;
      const reach = reachOf(file, undefined);
      const weight = Math.max(5, o.hiddenBehaviourWeight + Math.min(o.maxVocabularyWeight, (words.length - 1) * o.vocabularyWordWeight) + contextWeight(reach, o));
      candidates.push({
        messageId: 'hiddenBehaviour',
        data: { file: file.path, reasons: obf.reasons.join('; '), vocabulary: words.slice(0, 8).join(', '), reach: describeReach(reach, file.installHook) },
        weight,
        evidence: { file: file.path, ...(obf.line !== undefined ? { line: obf.line } : {}), reasons: obf.reasons, vocabulary: words, reach, analysis: file.analysis },
      });
    }
    const hidden = hiddenTextFinding(facts.files!, o);
    if (hidden) candidates.push(hidden);
    const pastEdge = pastEdgeFinding(facts.files!, o);
    if (pastEdge) candidates.push(pastEdge);
    candidates.sort((a, b) => b.weight - a.weight);
    const findings = candidates.slice(0, 1).map((f) => ({ ...f, evidence: { ...f.evidence, obfuscatedFiles: candidates.length } }));
    return { findings, ...(behaviour.unread.length > 0 ? { unavailable: behaviour.unread } : {}) };
  },
});

