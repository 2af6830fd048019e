import { describe, expect, it } from 'vitest';
import { LiteralGate, topLevelBranches, forgetTexts, requiredLiterals } from '../../src/util/literal-gate.js';

describe('requiredLiterals', () => {
  it('derives the literals every match must contain, folded to lower case', () => {
    expect(requiredLiterals(/\bcurl\b/i)).toEqual(['curl']);
    expect(requiredLiterals(/pastebin\.com|ghostbin/i)).toEqual(['ghostbin', 'pastebin.com']);
    expect(requiredLiterals(/privateKey|secretKey/)).toEqual(['privatekey', 'secretkey']);
    // An optional part widens the set; a literal holding a shorter one is redundant.
    expect(requiredLiterals(/(ba|z|da)?sh/)).toEqual(['sh']);
    expect(requiredLiterals(/ngrok(-free)?\.(io|dev)/)).toEqual(['ngrok-free.dev', 'ngrok-free.io', 'ngrok.dev', 'ngrok.io']);
    // A small class multiplies out; a large one ends the literal.
    expect(requiredLiterals(/[/\\]\.ssh/)).toEqual(['/.ssh', '\\.ssh']);
    expect(requiredLiterals(/_0x[0-9a-f]{4}/)).toEqual(['_0x']);
    expect(requiredLiterals(/(ab){2}c/)).toEqual(['ababc']);
  });

  it('takes the better literal of a sequence cut by a wildcard, and ignores what a lookaround names', () => {
    expect(requiredLiterals(/\bchmod\s+\+x\s+\S*\/tmp\//)).toEqual(['chmod']);
    expect(requiredLiterals(/require\s*\((?!\s*['"])/)).toEqual(['require']);
    expect(requiredLiterals(/(?<=secret)token/)).toEqual(['token']);
    expect(requiredLiterals(/(?<name>hook)bin/)).toEqual(['hookbin']);
  });

  it('prefers a literal that is rare in code to a longer one in nearly every file', () => {
    // `function` and `http:` are in most files: a gate on them would rule out almost nothing.
    expect(requiredLiterals(/eval\s*\(\s*function\s*\(p/)).toEqual(['eval']);
    expect(requiredLiterals(/\b(iwr|irm)\s+['"]?https?:/i)).toEqual(['irm', 'iwr']);
    expect(requiredLiterals(/while\s*\(\s*!!\[\]\s*\)/)).toEqual(['!![]']);
    // A common word still serves when the pattern has no other literal.
    expect(requiredLiterals(/\bFunction\s*\(/)).toEqual(['function']);
  });

  it('gives none when a match need not hold a literal of two characters or more', () => {
    for (const pattern of [/ab*c/, /a.c/, /x|\d+/, /[^abc]x/, /(ab)*/, /\w+/, /(a|)bc?/]) expect(requiredLiterals(pattern), String(pattern)).toBeUndefined();
  });

  it('gives none for syntax it does not follow, and for case-insensitive unicode patterns', () => {
    // The Kelvin sign folds to k under /iu: a literal k could be missing from a match.
    expect(requiredLiterals(/kelvin/iu)).toBeUndefined();
    expect(requiredLiterals(/kelvin/u)).toEqual(['kelvin']);
    for (const pattern of [/\cJabc/, /(?<n>ab)\k<n>/, /\p{L}abc/u, new RegExp('abc[]')]) expect(requiredLiterals(pattern), String(pattern)).toBeUndefined();
    expect(requiredLiterals(/caf\u00e9s/)).toEqual(['caf']);
    // An octal escape is one character (a line feed here), not a NUL followed by digits.
    expect(requiredLiterals(new RegExp('ab\\012cd'))).toBeUndefined();
    expect(new LiteralGate([new RegExp('ab\\012cd'), new RegExp('xy[\\012]z')]).candidates('ab\ncd xy\nz')).toEqual([true, true]);
  });
});

/** A seeded generator, so a failure names a pattern and a text that can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Random patterns over a small alphabet, in every construct the derivation follows. */
function randomPattern(next: () => number, depth = 0): string {
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
  const atom = (): string => {
    const r = next();
    if (depth < 2 && r < 0.15) return `(${randomPattern(next, depth + 1)})`;
    if (depth < 2 && r < 0.2) return `(?:${randomPattern(next, depth + 1)})`;
    if (r < 0.25) return pick(['[ab]', '[a-c]', '[^a]', '.', '\\b', '\\s', '\\w', '\\.', '(?=ab)', '(?!a)', '^', '$', '[xX]', '\\x61', '\\n', '\\012', '[\\x41b]']);
    return pick(['a', 'b', 'c', 'A', 'B', 'x', ' ', '.'].map((c) => (c === '.' ? '\\.' : c)));
  };
  const quantify = (a: string): string => {
    const r = next();
    if (r < 0.6 || a.startsWith('(?=') || a.startsWith('(?!') || a === '\\b' || a === '^' || a === '$') return a;
    return a + pick(['?', '*', '+', '{2}', '{1,3}', '{0,2}', '??', '+?']);
  };
  const sequence = () => Array.from({ length: 1 + Math.floor(next() * 5) }, () => quantify(atom())).join('');
  return Array.from({ length: 1 + Math.floor(next() * 3 * (next() < 0.7 ? 0.4 : 1)) }, sequence).join('|');
}

describe('LiteralGate', () => {
  it('never rules out a pattern that matches (random patterns and texts)', () => {
    const next = random(20261203);
    const alphabet = 'abcABx. \n';
    let ruledOut = 0;
    for (let round = 0; round < 1500; round++) {
      const patterns = Array.from({ length: 4 }, () => new RegExp(randomPattern(next), next() < 0.5 ? 'i' : ''));
      const gate = new LiteralGate(patterns);
      for (let t = 0; t < 30; t++) {
        const text = Array.from({ length: Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
        const possible = gate.candidates(text);
        patterns.forEach((pattern, i) => {
          const matches = pattern.test(text);
          if (matches && !possible[i]) throw new Error(`ruled out ${pattern} on ${JSON.stringify(text)} (literals ${JSON.stringify(requiredLiterals(pattern))})`);
          if (!possible[i]) ruledOut++;
        });
        expect(gate.matches(text)).toEqual(patterns.map((p) => p.test(text)));
      }
    }
    // The gate must also do its job: most random texts lack the literals.
    expect(ruledOut).toBeGreaterThan(10_000);
  });

  it('finds literals in any case, across the whole text, and after a partial match', () => {
    const gate = new LiteralGate([/webhook\.site/i, /\bnpm_token\b/, /aab/]);
    expect(gate.candidates('x'.repeat(100_000) + 'WebHook.Site')).toEqual([true, false, false]);
    // Case-insensitive on the literal side even for a case-sensitive pattern: a looser filter, never a wrong one.
    expect(gate.candidates('NPM_TOKEN')).toEqual([false, true, false]);
    expect(gate.matches('NPM_TOKEN')).toEqual([false, false, false]);
    // `aab` inside `aaab`: the automaton falls back to the longest suffix instead of restarting.
    expect(gate.candidates('aaab')).toEqual([false, false, true]);
    expect(gate.candidates('webhook.sit\u00e9 npm_tok')).toEqual([false, false, false]);
  });

  it('sees a literal of a gate made after the text was first scanned', () => {
    // Gates share one scan per text; a text scanned before a gate added its literals must be scanned again.
    const text = `${'filler '.repeat(1000)}exfil.example ${'more '.repeat(1000)}`;
    expect(new LiteralGate([/filler/]).candidates(text)).toEqual([true]);
    expect(new LiteralGate([/exfil\.example/, /absent-literal/]).candidates(text)).toEqual([true, false]);
    expect(new LiteralGate([/filler/, /exfil/]).candidates(text)).toEqual([true, true]);
  });

  it('remembers short texts as well, and neither a gate made later nor forgetTexts leaves a stale answer', () => {
    // A package's small files are read by every gate: they are remembered now, so a stale memory would show here.
    const text = 'const u = "short.example";';
    expect(new LiteralGate([/const/]).candidates(text)).toEqual([true]);
    expect(new LiteralGate([/short\.example/, /never-here/]).candidates(text)).toEqual([true, false]);
    forgetTexts();
    expect(new LiteralGate([/never-here/, /const/]).candidates(text)).toEqual([false, true]);
    expect(new LiteralGate([/short\.example/]).candidates('const v = 1;')).toEqual([false]);
  });

  it('splits a union only at its top level, and runs only the alternatives whose literals the text holds', () => {
    expect(topLevelBranches(/seed|a(?:b|c)|[|x]y|\|z|(?<=q|r)w/i).map((r) => `${r.flags}/${r.source}`)).toEqual(['i/seed', 'i/a(?:b|c)', 'i/[|x]y', 'i/\\|z', 'i/(?<=q|r)w']);
    // Renumbered groups would change what a backreference means: such a pattern stays whole.
    expect(topLevelBranches(/(a)\1|b/)).toHaveLength(1);
    const union = /mnemonic|privateKey|\d{3}x|TOKEN/;
    const gate = new LiteralGate([union]);
    // `token` is a literal folded to lower case: a candidate, whose own test then fails.
    for (const text of ['a token', 'my privateKey', '123x', 'TOKEN', 'nothing']) expect(gate.matches(text)).toEqual([union.test(text)]);
  });

  it('runs patterns without literals on every text, and leaves the caller\u2019s lastIndex alone', () => {
    const global = /a\d+/g;
    global.lastIndex = 3;
    const gate = new LiteralGate([/\d{4}/, global]);
    expect(gate.candidates('')).toEqual([true, true]);
    expect(gate.matches('a123 1234')).toEqual([true, true]);
    expect(gate.matches('nothing')).toEqual([false, false]);
    expect(global.lastIndex).toBe(3);
  });
});
