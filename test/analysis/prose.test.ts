/**
 * normaliseProse and stripMarkup keep their results for the last few long texts (one README is
 * asked for by several detectors); a text must never get another text's result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractLinks, normaliseProse, replaceWords, stripMarkup, wordCount } from '../../src/analysis/text.js';

const body = 'Parse **YAML** and [JSON](https://example.com/docs) with one call. <b>Fast</b>, streaming, typed. '.repeat(20);

it('gives a long text its own result even when another differs from it only at the end', () => {
  const a = `${body}The end is Alpha.`;
  const b = `${body}The end is Omega.`;
  expect(normaliseProse(a).endsWith('the end is alpha')).toBe(true);
  expect(normaliseProse(b).endsWith('the end is omega')).toBe(true);
  expect(stripMarkup(b).endsWith('Omega.')).toBe(true);
  expect(stripMarkup(a).endsWith('Alpha.')).toBe(true);
});

it('answers the same for a text asked again after others, as for the first time', () => {
  const first = normaliseProse(`${body}0`);
  for (let i = 1; i < 10; i++) normaliseProse(`${body}${i}`);
  expect(normaliseProse(`${body}0`)).toBe(first);
  expect(first).not.toContain('**');
  expect(first).not.toContain('https');
});

describe('wordCount', () => {
  it('counts a word per run of letters, and about one per two CJK characters', () => {
    expect(wordCount('A fast, small parser: parse2 JSON-ish text.')).toBe(7);
    // 東京 (2 Han) is one word; ひらがなです (6 kana) three; "npm東京" one for the Latin part plus one.
    expect(wordCount('東京 ひらがなです')).toBe(4);
    expect(wordCount('install npm東京 now')).toBe(4);
    // One CJK character anywhere switches the whole text to per-word counting.
    expect(wordCount(`${'word '.repeat(50)}漢字漢字`)).toBe(52);
  });
});

describe('replaceWords', () => {
  // What shared-readme did before: a global replace with lookarounds for word edges.
  const byRegex = (text: string, phrase: string) => text.replace(new RegExp(`(?<![^ ])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![^ ])`, 'g'), 'pkgname');

  it('replaces what the lookaround pattern replaces, on any text', () => {
    const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', ' ') }, { weight: 1, arbitrary: fc.constantFrom('ab', '.', 'é', '-') });
    const text = fc.array(piece, { maxLength: 24 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join('')), (t, phrase) => {
        expect(replaceWords(t, phrase, 'pkgname')).toBe(byRegex(t, phrase));
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });

  it('replaces whole words only, every occurrence, side by side', () => {
    expect(replaceWords('a a a', 'a', 'x')).toBe('x x x');
    // A candidate that fails at its left edge overlaps the match after it.
    expect(replaceWords('ab b b', 'b b', 'x')).toBe('ab x');
    expect(replaceWords('left-pad is a left-pad clone of left-padding', 'left-pad', 'pkgname')).toBe('pkgname is a pkgname clone of left-padding');
    expect(replaceWords('nothing here', 'absent', 'x')).toBe('nothing here');
  });
});

describe('extractLinks', () => {
  it('finds Markdown, HTML and bare links with any case of scheme, on the right lines', () => {
    const text = ['# Title', 'no link here', 'See [docs](HTTPS://Docs.Example.com/a) and <a href="http://x.example/b">x</a>.', '', 'plain Http://Bare.example/c, end', '![badge](https://img.example/d.svg)'].join('\n');
    expect(extractLinks(text).map((l) => [l.line, l.host, l.text, l.image])).toEqual([
      [3, 'docs.example.com', 'docs', false],
      [3, 'x.example', 'x', false],
      [5, 'bare.example', 'Http://Bare.example/c', false],
      [6, 'img.example', 'badge', true],
    ]);
  });
});
