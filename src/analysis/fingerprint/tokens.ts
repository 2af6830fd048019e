/**
 * JavaScript as a stream of normalised tokens, the unit the code fingerprints are built from.
 *
 * A copy that renames every identifier, strips the licence header, reformats or swaps `var` for
 * `const` still yields the same stream: identifiers all become one symbol, comments and whitespace
 * are not tokens, statement separators (`;`, `,`) are dropped (ASI and trailing commas are
 * formatting), and `var`/`let`/`const` are one keyword. What is kept — keywords, operators,
 * literal values and the shape of the code — is what a copier rarely bothers to change.
 *
 * acorn's tokenizer does the reading; input it cannot tokenize (TypeScript, JSX, a syntax error)
 * falls back to a small regex tokenizer over the comment-stripped text, so every file yields
 * something and the same bytes always yield the same tokens.
 */
import type { Token } from 'acorn';
import { lazyModule } from '../../util/lazy-module.js';
import { compactJavaScript } from '../text.js';

const acorn = lazyModule<typeof import('acorn')>('acorn');

/** One symbol for every identifier: renaming is the cheapest disguise. */
const IDENTIFIER = 'I';
const DROPPED = new Set([';', ',']);
const DECLARATION = new Set(['var', 'let', 'const']);
/** Long literals are hashed by their first characters: a 50 KB data string is one token, not a cost. */
const MAX_LITERAL_CHARS = 200;

export function normalisedTokens(source: string, maxTokens = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  try {
    for (const token of acorn().tokenizer(source, { ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true })) {
      const text = normaliseAcornToken(token, source);
      if (text !== undefined) out.push(text);
      if (out.length >= maxTokens) break;
    }
    return out;
  } catch {
    return fallbackTokens(source, maxTokens);
  }
}

function normaliseAcornToken(token: Token, source: string): string | undefined {
  const value = (token as Token & { value?: unknown }).value;
  const label = token.type.label;
  // `let` is a contextual keyword: acorn's tokenizer reports it as a name.
  if (label === 'name') return value === 'let' ? 'var' : IDENTIFIER;
  if (label === 'privateId') return IDENTIFIER;
  if (token.type.keyword !== undefined) return DECLARATION.has(label) ? 'var' : label;
  if (label === 'string') return `S:${String(value).slice(0, MAX_LITERAL_CHARS)}`;
  if (label === 'template') return `T:${String(value ?? '').slice(0, MAX_LITERAL_CHARS)}`;
  if (label === 'num') return `N:${String(value)}`;
  if (label === 'regexp') return `R:${String((value as { pattern?: string } | undefined)?.pattern ?? '').slice(0, MAX_LITERAL_CHARS)}`;
  const text = source.slice(token.start, token.end);
  return DROPPED.has(text) ? undefined : text;
}

const KEYWORDS = new Set(
  'break case catch class continue debugger default delete do else export extends finally for function if import in instanceof new return super switch this throw try typeof void while with yield null true false'.split(' '),
);
const FALLBACK_TOKEN = /[A-Za-z_$\u0080-\uffff][\w$\u0080-\uffff]*|\d[\w.]*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`|=>|\?\.|\?\?|[=!]==?|[<>]=?|&&|\|\||\+\+|--|\S/g;

/** Tokens of what acorn cannot read, in the same vocabulary (strings unquoted, words folded). */
function fallbackTokens(source: string, maxTokens: number): string[] {
  const out: string[] = [];
  for (const match of compactJavaScript(source).matchAll(FALLBACK_TOKEN)) {
    const text = match[0];
    const first = text[0]!;
    if (first === '"' || first === "'") out.push(`S:${text.slice(1, -1).slice(0, MAX_LITERAL_CHARS)}`);
    else if (first === '`') out.push(`T:${text.slice(1, -1).slice(0, MAX_LITERAL_CHARS)}`);
    else if (/\d/.test(first)) out.push(`N:${Number.isNaN(Number(text)) ? text : String(Number(text))}`);
    else if (/[A-Za-z_$\u0080-\uffff]/.test(first)) out.push(DECLARATION.has(text) ? 'var' : KEYWORDS.has(text) ? text : IDENTIFIER);
    else if (!DROPPED.has(text)) out.push(text);
    if (out.length >= maxTokens) break;
  }
  return out;
}
