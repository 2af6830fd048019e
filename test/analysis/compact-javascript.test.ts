import { describe, expect, it } from 'vitest';
import { compactJavaScript } from '../../src/analysis/text.js';

describe('compactJavaScript', () => {
  it('drops comments and the whitespace around punctuation, keeps one space between words', () => {
    expect(compactJavaScript('// header\nconst  answer = 42; /* why */\nmodule.exports = { answer };\n')).toBe('const answer=42;module.exports={answer};');
  });

  it('makes two files that differ only in formatting equal', () => {
    const a = 'function add(a, b) {\n  return a + b;\n}\n';
    const b = 'function add(a,b){return a+b} // same\n'.replace('b}', 'b;}');
    expect(compactJavaScript(a)).toBe(compactJavaScript(b));
  });

  it('copies string and template literals, collapsing the whitespace inside them as well', () => {
    expect(compactJavaScript('x = "a  b  //  c";')).toBe('x="a b//c";');
    expect(compactJavaScript("s = `line one\n\tline two`")).toBe('s=`line one line two`');
    expect(compactJavaScript("q = 'it\\'s /* not */ a comment'")).toBe("q='it\\'s/*not*/a comment'");
  });

  it('ends a quoted string at a line break, as an unclosed literal', () => {
    expect(compactJavaScript('a = "open\nb = 1 // gone')).toBe('a="open b=1');
  });

  it('tells a regular expression from a division by what comes before the slash', () => {
    expect(compactJavaScript('re = /a b\\/c[/]/gi ; half = x / 2 // c')).toBe('re=/a b\\/c[/]/gi;half=x/2');
    expect(compactJavaScript('if (/^\\s+$/.test(s)) n = total / count')).toBe('if(/^\\s+$/.test(s))n=total/count');
  });

  it('counts Unicode spaces, line separators and the byte-order mark as whitespace', () => {
    expect(compactJavaScript('\ufeffvar\u00a0a\u2028=\u3000"x\u2029y"')).toBe('var a="x y"');
  });

  it('keeps every character it copies: Latin-1 (0x80-0xff included) and beyond', () => {
    // 0x80-0x9f are not Windows-1252 here: a decoder that thought so would turn \u0080 into a euro sign.
    expect(compactJavaScript('s = "\u0080\u0099\u00e9" ;')).toBe('s="\u0080\u0099\u00e9";');
    expect(compactJavaScript('t = "naïve € 日本" ;')).toBe('t="naïve € 日本";');
  });

  it('returns nothing for a file of comments and whitespace', () => {
    expect(compactJavaScript('')).toBe('');
    expect(compactJavaScript(' \n\t/* only */ // this\n')).toBe('');
  });

  it('gives the same answer for a long file after a short one (the output buffer is reused)', () => {
    const long = 'let v = 1;\n'.repeat(50_000);
    expect(compactJavaScript('a  = 1')).toBe('a=1');
    expect(compactJavaScript(long)).toBe('let v=1;'.repeat(50_000));
    expect(compactJavaScript('b = 2')).toBe('b=2');
  });
});
