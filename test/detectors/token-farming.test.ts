import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import tokenFarming from '../../src/detectors/token-farming/index.js';
import { findWallets } from '../../src/analysis/wallets.js';
import type { DetectorResult } from '../../src/detectors/types.js';
import { levelForScore, scoreFindings } from '../../src/report/levels.js';
import { factsFromFixture, type FixtureFile, type PackageFixture } from '../support/package-fixture.js';
import { testDetector } from '../support/test-detector.js';

const publisher = { name: 'farmer', email: 'farmer@example.com' };

function fixture(name: string, files: Record<string, FixtureFile>, manifest: Record<string, unknown> = {}): PackageFixture {
  return { name, publisher, versions: [{ version: '1.0.0', publishedAt: '2024-04-01T00:00:00.000Z', manifest, files }] };
}

function run(f: PackageFixture): DetectorResult & { score: number; level: string; ids: string[] } {
  const result = tokenFarming.detect({ facts: factsFromFixture(f), options: tokenFarming.meta.options.parse({}), now: new Date('2024-06-01') });
  const score = scoreFindings(result.findings.map((x) => x.weight));
  return { ...result, score, level: levelForScore(score), ids: result.findings.map((x) => x.messageId) };
}

// Deterministic addresses: hex from a hash, so no real wallet is committed.
const eth = (seed: string) => '0x' + createHash('sha256').update(seed).digest('hex').slice(0, 40);
const teaYaml = (owners: string[]) => `# https://tea.xyz/what-is-this-file\n---\nversion: 1.0.0\ncodeOwners:\n${owners.map((o) => `  - '${o}'`).join('\n')}\nquorum: 1\n`;

/** A base58check address built here (version byte + 20 bytes + checksum), so validation is really exercised. */
function base58check(version: number, seed: string): string {
  const payload = Buffer.concat([Buffer.from([version]), createHash('sha256').update(seed).digest().subarray(0, 20)]);
  const checksum = createHash('sha256').update(createHash('sha256').update(payload).digest()).digest().subarray(0, 4);
  let n = BigInt('0x' + Buffer.concat([payload, checksum]).toString('hex'));
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const byte of Buffer.concat([payload, checksum])) {
    if (byte !== 0) break;
    out = '1' + out;
  }
  return out;
}

const farm = (name: string, extra: Record<string, unknown>) =>
  fixture(name, { 'tea.yaml': teaYaml([eth(name)]), 'index.js': 'module.exports = (n) => n % 2 === 1;\n' }, { description: 'A simple utility', license: 'ISC', ...extra });
const levelOf = (result: DetectorResult) => levelForScore(scoreFindings(result.findings.map((x) => x.weight)));

testDetector(tokenFarming, {
  now: new Date('2024-06-01'),
  valid: [
    {
      name: 'a crypto library whose README talks about tokens and wallets, without any address, is silent',
      fixture: fixture('wallet-kit', { 'README.md': '# wallet-kit\n\nSign tokens, manage wallet keys, stake and claim rewards on any web3 chain.\n', 'index.js': '' }, { keywords: ['web3', 'wallet', 'crypto'] }),
      minWeight: Number.MIN_VALUE,
    },
    {
      name: 'a dependency on "*" that the code requires, a CLI a script runs, a plugin loaded by its short name and type packages are used',
      fixture: fixture('uses-its-deps', { 'index.js': "module.exports = require('debug')('x');\n", '.eslintrc.json': '{"plugins":["react"]}', 'index.d.ts': '/// <reference types="node" />\n' }, { dependencies: { debug: '*', rimraf: '*', 'eslint-plugin-react': '*', '@types/node': '*' }, scripts: { clean: 'rimraf dist' } }),
      minWeight: Number.MIN_VALUE,
    },
    {
      name: 'a package that ships no code, or only part of its files, is not said to leave dependencies unused',
      fixture: fixture('meta-package', { 'README.md': '# meta\n' }, { dependencies: { 'some-lib': '*' } }),
      minWeight: Number.MIN_VALUE,
    },
    {
      name: 'hashes and other hex do not count as wallets',
      fixture: fixture('hashes', { 'README.md': `integrity ${createHash('sha256').update('x').digest('hex')}\ncommit 0x${createHash('sha256').update('x').digest('hex')}\nzero 0x${'0'.repeat(40)}\n`, 'index.js': '' }),
      minWeight: Number.MIN_VALUE,
    },
  ],
  invalid: [
    {
      name: 'tea.yaml with a wallet and sibling dependencies pinned to "*" reaches medium',
      fixture: farm('utilkit-zeta', { dependencies: { 'utilkit-alpha': '*', 'utilkit-beta': 'latest', lodash: '^4.17.21' } }),
      messageIds: ['registrationFile', 'noSourceLink', 'unusedPumpDependencies'],
      check: (r) => {
        expect(r.findings.find((f) => f.messageId === 'unusedPumpDependencies')?.data?.count).toBe(2);
        expect(levelOf(r)).toBe('medium');
      },
    },
    {
      name: 'beside a wallet, dependencies on "*" that the code uses are still a farming trait',
      fixture: fixture('utilkit-eta', { 'tea.yaml': teaYaml([eth('eta')]), 'index.js': "module.exports = require('utilkit-alpha');\n" }, { description: 'A simple utility', dependencies: { 'utilkit-alpha': '*' } }),
      messageIds: ['registrationFile', 'unboundedDependencies', 'noSourceLink'],
    },
    {
      name: 'without tea.yaml, siblings that accept any version and that no shipped file names are a farm\'s web (the code uses one, two are there to be counted)',
      fixture: fixture('odd-check-farm', { 'index.js': "const isNumber = require('farm-is-number');\nmodule.exports = (n) => isNumber(n) && n % 2 === 1;\n", 'README.md': '# odd-check-farm\n' }, { dependencies: { 'farm-is-number': '*', 'farm-array-first': '*', 'farm-str-pad': 'latest', lodash: '^4.17.21' } }),
      messageIds: ['unusedPumpDependencies'],
      check: (r) => expect(r.findings[0]).toMatchObject({ data: { count: 2, examples: 'farm-array-first@*, farm-str-pad@latest' } }),
    },
    {
      name: 'any root config file that carries wallet addresses is read as a registration file',
      fixture: fixture('other-scheme', { 'rewards.json': JSON.stringify({ owner: eth('d') }), 'index.js': '' }),
      messageIds: ['registrationFile'],
      check: (r) => expect(r.findings[0]).toMatchObject({ messageId: 'registrationFile', data: { file: 'rewards.json' } }),
    },
    {
      name: 'a donation address in a README is a small finding, not medium',
      fixture: fixture('donate', { 'README.md': `# donate\n\nBuy me a coffee: ${eth('donate')}\n`, 'index.js': '' }, { repository: 'x/donate' }),
      messageIds: ['readmeWallet'],
      check: (r) => {
        expect(r.findings.map((f) => f.messageId)).toEqual(['readmeWallet']);
        expect(r.findings[0]!.evidence.line).toBe(3);
        expect(levelOf(r)).toBe('none');
      },
    },
  ],
});

describe('token-farming: farms carry a finding and reach medium', () => {
  it('tea.yaml on an untouched npm init manifest', () => {
    const r = run(farm('number-glow', { scripts: { test: 'echo "Error: no test specified" && exit 1' } }));
    expect(r.ids).toContain('npmInitManifest');
    expect(r.level).toBe('medium');
  });

  it('tea.yaml with reward words in keywords', () => {
    const r = run(farm('string-gleam', { keywords: ['utility', 'web3'] }));
    expect(r.findings.find((f) => f.messageId === 'rewardVocabulary')?.data?.terms).toBe('web3');
    expect(r.score).toBeGreaterThanOrEqual(40);
  });

  it('reads the registration file for evidence: wallet line, owners, quorum', () => {
    const owners = [eth('a'), eth('b')];
    const r = run(farm('x', {}));
    const reg = run(fixture('two-owners', { 'tea.yaml': teaYaml(owners) }));
    expect(r.findings[0]!.evidence).toMatchObject({ file: 'tea.yaml', line: 5, codeOwners: 1, quorum: 1, walletKinds: ['ethereum'] });
    expect(reg.findings[0]!.data?.wallets).toBe(2);
  });

  it('a tea.yaml without wallets still registers, at less weight', () => {
    const empty = run(fixture('empty-tea', { 'tea.yaml': 'version: 1.0.0\ncodeOwners: []\nquorum: 1\n' }, { repository: 'x/y' }));
    const full = run(fixture('full-tea', { 'tea.yaml': teaYaml([eth('c')]) }, { repository: 'x/y' }));
    expect(empty.ids).toEqual(['registrationFile']);
    expect(empty.score).toBeLessThan(full.score);
  });

});

describe('token-farming: look-alikes stay low', () => {
  it('a real library with a tea.yaml and a repository stays under medium', () => {
    const r = run(fixture('kolorish', { 'tea.yaml': teaYaml([eth('k')]), 'index.js': 'module.exports = {};\n' }, { repository: 'github:someone/kolorish', keywords: ['ansi', 'colors'], dependencies: { 'tiny-dep': '^1.0.0' } }));
    expect(r.ids).toEqual(['registrationFile']);
    expect(r.score).toBeLessThan(40);
  });

});

describe('wallet validation', () => {
  it('accepts checksummed Bitcoin and TRON addresses and rejects a corrupted one', () => {
    const btc = base58check(0x00, 'btc');
    const tron = base58check(0x41, 'tron');
    const corrupted = btc.slice(0, -1) + (btc.endsWith('a') ? 'b' : 'a');
    const found = findWallets(`p2pkh ${btc}\ntron ${tron}\nbad ${corrupted}\n`);
    expect(found.map((w) => [w.kind, w.line])).toEqual([
      ['bitcoin', 1],
      ['tron', 2],
    ]);
  });

  it('validates bech32 checksums', () => {
    // BIP-173 test vector (a valid mainnet P2WPKH address) and the same with one character changed.
    const valid = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
    expect(findWallets(valid).map((w) => w.kind)).toEqual(['bitcoin']);
    expect(findWallets(valid.replace('kv8f3t4', 'kv8f3t5'))).toEqual([]);
  });

  it('reports unavailable signals when the tarball and manifest are missing', () => {
    const facts = factsFromFixture(fixture('x', { 'tea.yaml': teaYaml([eth('x')]) }));
    const r = tokenFarming.detect({ facts: { ...facts, files: undefined, manifest: undefined, versionMeta: undefined }, options: tokenFarming.meta.options.parse({}), now: new Date() });
    expect(r.findings).toEqual([]);
    expect(r.unavailable?.length).toBe(2);
  });
});
