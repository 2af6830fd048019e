/**
 * A megabyte-long word (a base64 blob, a minified data table) beside the words a search looks for:
 * a pattern that tries every position of the word costs its square (40-70 s for 200 kB before these
 * fixes), and the package's detectors were stopped at their time cap. Each search must finish well
 * inside the test's default time-out.
 */
import { describe, expect, it } from 'vitest';
import { hiddenMailCopy } from '../../src/analysis/behaviour/mail-copy.js';
import { mayHoldSweep, balanceSweep } from '../../src/analysis/behaviour/sweep.js';
import { analyzeJavaScript } from '../../src/analysis/javascript/index.js';
import { protestware } from '../../src/detectors/protestware/index.js';
import { factsFromFixture } from '../support/package-fixture.js';

const blob = 'A'.repeat(300_000);

describe('searches over a very long word', () => {
  it('a blind-copy name, a country check and a balance sweep stay linear in the word', () => {
    expect(hiddenMailCopy(`const x = '${blob}';\nconst m = { bcc: ARCHIVE };\nfetch('https://mail.vendor.io/send', { body: JSON.stringify(m) });\n`)).toBeUndefined();
    const page = `var d = "${blob}";\nvar lang = navigator.language;\nif (lang === "de") document.body.innerHTML = 'x';\n`;
    const facts = factsFromFixture({ name: 'big-table', publisher: { name: 's', email: 's@example.com' }, versions: [{ version: '1.0.0', publishedAt: '2025-10-01T00:00:00.000Z', manifest: { main: 'index.js' }, files: { 'index.js': page } }] });
    expect(protestware.detect({ facts, options: protestware.meta.options.parse({}), now: new Date('2025-11-01') }).findings.map((f) => f.messageId)).toEqual(['sabotage']);
    const sweep = `const data = '${blob}';\nconst balance = await connection.getBalance(pk);\ntx.add(SystemProgram.transfer({ lamports: balance * 98n / 100n }));\n`;
    expect(mayHoldSweep(sweep)).toBe(true);
    const analysis = analyzeJavaScript(sweep);
    expect(analysis.mode === 'ast' ? balanceSweep(analysis, sweep) : undefined).toBeUndefined();
  });
});
