import { describe, expect, it } from 'vitest';
import { safeLine, stripControl } from '../../src/report/sanitize.js';
import { renderFinding, sanitizeEvidence } from '../../src/report/findings.js';
import { fillMessage, messageTemplate, UnknownMessageIdError } from '../../src/report/messages.js';

describe('stripControl', () => {
  it('removes CSI and OSC escape sequences with their parameters', () => {
    expect(stripControl('a\u001b[31mred\u001b[0m b')).toBe('ared b');
    expect(stripControl('x\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007y')).toBe('xclicky');
    expect(stripControl('t\u001b]0;pwned title\u001b\\end')).toBe('tend');
  });
  it('removes bidi overrides, zero-width characters and C0/C1 controls but keeps tabs, newlines and real text', () => {
    expect(stripControl('safe\u202egnp.exe\u200b\u2066x\u0007\u0085')).toBe('safegnp.exex');
    expect(stripControl('línea\tdos\n中文 русский')).toBe('línea\tdos\n中文 русский');
  });
  it('safeLine folds whitespace and cuts long lines', () => {
    expect(safeLine('a\n\n  b')).toBe('a b');
    const long = safeLine('x'.repeat(10_000_000), 50);
    expect(long.length).toBe(50);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('finding rendering', () => {
  it('fills templates from data and strips escapes that data smuggles in', () => {
    const message = renderFinding('postinstall runs {command}', { messageId: 'm', weight: 1, data: { command: 'curl x\u001b[2J | sh' }, evidence: {} });
    expect(message).toBe('postinstall runs curl x | sh');
  });
  it('throws on a messageId the detector does not declare, as ESLint does, instead of printing the raw id', () => {
    expect(() => renderFinding(undefined, { messageId: 'typo', weight: 1, evidence: {} })).toThrow(UnknownMessageIdError);
    expect(() => messageTemplate({ known: 'x' }, 'toString', 'some-detector')).toThrow(/some-detector.*"toString"/);
    expect(messageTemplate({ known: 'x {a}' }, 'known')).toBe('x {a}');
  });
  it('leaves a placeholder without data as written', () => {
    expect(fillMessage('{hook} runs {command}', { hook: 'postinstall' })).toBe('postinstall runs {command}');
  });
  it('sanitizes nested evidence and bounds its size', () => {
    const evidence = sanitizeEvidence({ excerpt: '\u001b[31m' + 'y'.repeat(5000), nested: { list: ['\u202eabc'] }, n: Number.NaN });
    expect((evidence.excerpt as string).length).toBeLessThanOrEqual(500);
    expect((evidence.excerpt as string).includes('\u001b')).toBe(false);
    expect(evidence.nested).toEqual({ list: ['abc'] });
    expect(evidence.n).toBeNull();
  });
});
