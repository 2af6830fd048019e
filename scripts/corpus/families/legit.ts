/**
 * Legitimate look-alikes: packages that share a surface trait with a spam family and must stay
 * quiet through structure. Each note says which family it resembles and why it is legitimate.
 * Names are invented (no real package is reproduced), code is written here in the style of the
 * packages they stand for.
 */
import type { FixtureFile, FixtureVersion, PackageFixture } from '../../../test/support/package-fixture.js';
import {
  type CorpusEntry,
  type FamilyOutput,
  type PublisherVolumeMap,
  DAY_MS,
  MIT_LICENSE,
  type Rng,
  SECOND_MS,
  ago,
  at,
  history,
  json,
  person,
  version,
} from '../kit.js';

const YEAR_MS = 365 * DAY_MS;

function legit(note: string, fixture: PackageFixture): CorpusEntry {
  return { label: { family: 'legitimate', spam: false, note }, fixture };
}

/** Versions over a real history, all with the same files except the manifest version. */
function longHistory(
  rng: Rng,
  count: number,
  years: number,
  files: Record<string, FixtureFile>,
  manifest: Record<string, unknown>,
  major = 1,
): FixtureVersion[] {
  return history(rng, count, ago(years * YEAR_MS), ago(rng.int(20, 200) * DAY_MS), major).map((h) => version(h.version, h.publishedAt, files, manifest));
}

function repo(owner: string, name: string) {
  return { type: 'git', url: `git+https://github.com/${owner}/${name}.git` };
}

function tinyUtilities(rng: Rng): CorpusEntry[] {
  const author = person('jonmaker');
  const out: CorpusEntry[] = [];
  out.push(
    legit('tiny real utility (is-number-like): one short file, years of history', {
      name: 'is-numeric-value',
      publisher: author,
      versions: longHistory(rng, 9, 9, {
        'index.js': `/*!\n * is-numeric-value\n * Released under the MIT License.\n */\n\n'use strict';\n\nmodule.exports = function isNumericValue(num) {\n  if (typeof num === 'number') {\n    return num - num === 0;\n  }\n  if (typeof num === 'string' && num.trim() !== '') {\n    return Number.isFinite ? Number.isFinite(+num) : isFinite(+num);\n  }\n  return false;\n};\n`,
        'README.md': `# is-numeric-value [![NPM version](https://img.shields.io/npm/v/is-numeric-value.svg)](https://www.npmjs.com/package/is-numeric-value)\n\n> Returns true if a number or string value is a finite number. Useful for regex matches, parsing, user input, etc.\n\n## Install\n\n\`\`\`sh\n$ npm install --save is-numeric-value\n\`\`\`\n\n## Usage\n\n\`\`\`js\nconst isNumericValue = require('is-numeric-value');\n\nisNumericValue(5e3);   //=> true\nisNumericValue('10');  //=> true\nisNumericValue('abc'); //=> false\nisNumericValue(NaN);   //=> false\n\`\`\`\n\n## Why?\n\nJavaScript's \`typeof NaN === 'number'\` and \`+''\` is \`0\`; this handles both.\n\n## License\n\nReleased under the MIT License.\n`,
        LICENSE: MIT_LICENSE('Jon Maker', 2016),
      }, { description: 'Returns true if a number or string value is a finite number.', main: 'index.js', files: ['index.js'], engines: { node: '>=0.12.0' }, repository: repo('jonmaker', 'is-numeric-value'), license: 'MIT', keywords: ['number', 'check', 'is', 'numeric'], devDependencies: { mocha: '^10.2.0' } }, 7),
    }),
    legit('tiny real utility (isarray-like): a single line of code, published once years ago', {
      name: 'array-is-array',
      publisher: person('tgdev'),
      versions: [
        version('1.0.0', ago(11 * YEAR_MS), {
          'index.js': "var toString = {}.toString;\n\nmodule.exports = Array.isArray || function (arr) {\n  return toString.call(arr) == '[object Array]';\n};\n",
          'README.md': '\n# array-is-array\n\n`Array#isArray` for older browsers.\n\n## Usage\n\n```js\nvar isArray = require(\'array-is-array\');\n\nconsole.log(isArray([])); // => true\nconsole.log(isArray({})); // => false\n```\n\n## Installation\n\n```bash\n$ npm install array-is-array\n```\n\n## License\n\n(MIT)\n',
        }, { description: 'Array#isArray for older browsers', main: 'index.js', repository: repo('tgdev', 'array-is-array'), license: 'MIT', keywords: ['browser', 'isarray', 'array'] }),
        version('1.0.1', ago(11 * YEAR_MS - 40 * DAY_MS), {
          'index.js': "var toString = {}.toString;\n\nmodule.exports = Array.isArray || function (arr) {\n  return toString.call(arr) == '[object Array]';\n};\n",
          'README.md': '\n# array-is-array\n\n`Array#isArray` for older browsers.\n',
        }, { description: 'Array#isArray for older browsers', main: 'index.js', repository: repo('tgdev', 'array-is-array'), license: 'MIT' }),
      ],
    }),
    legit('tiny real utility (left-pad-like): one function, a few versions over years', {
      name: 'pad-start-string',
      publisher: person('azer.k'),
      versions: longHistory(rng, 5, 8, {
        'index.js': "module.exports = padStart;\n\nfunction padStart(str, len, ch) {\n  str = String(str);\n  var i = -1;\n  if (!ch && ch !== 0) ch = ' ';\n  len = len - str.length;\n  while (++i < len) {\n    str = ch + str;\n  }\n  return str;\n}\n",
        'index.d.ts': 'declare function padStart(str: string | number, len: number, ch?: string | number): string;\nexport = padStart;\n',
        'README.md': '## pad-start-string\n\nString left pad\n\n## Install\n\n```bash\n$ npm install pad-start-string\n```\n\n## Usage\n\n```js\nconst padStart = require(\'pad-start-string\')\n\npadStart(\'foo\', 5)\n// => "  foo"\n\npadStart(17, 5, 0)\n// => "00017"\n```\n',
      }, { description: 'String left pad', main: 'index.js', types: 'index.d.ts', repository: repo('azer', 'pad-start-string'), license: 'WTFPL', scripts: { test: 'node test' } }),
    }),
    legit('a real helper whose whole README is one line', {
      name: 'tiny-clamp',
      publisher: person('mkdev'),
      versions: longHistory(rng, 3, 5, {
        'index.js': "'use strict';\n\nfunction clamp(value, lower, upper) {\n  if (lower > upper) {\n    const swap = lower;\n    lower = upper;\n    upper = swap;\n  }\n  return Math.min(upper, Math.max(lower, value));\n}\n\nmodule.exports = clamp;\n",
        'README.md': 'Clamp a number between two bounds.\n',
        'test.js': "const assert = require('assert');\nconst clamp = require('./');\nassert.strictEqual(clamp(5, 0, 3), 3);\nassert.strictEqual(clamp(-1, 3, 0), 0);\n",
      }, { description: 'Clamp a number', main: 'index.js', repository: repo('mkdev', 'tiny-clamp'), license: 'MIT', scripts: { test: 'node test.js' } }),
    }),
    legit('CLI whose bin is its only code file', {
      name: 'json-pretty-cli',
      publisher: person('shellsmith'),
      versions: longHistory(rng, 6, 6, {
        'cli.js': `#!/usr/bin/env node
'use strict';
const fs = require('fs');

const args = process.argv.slice(2);
const indent = args.includes('--tabs') ? '\\t' : Number((args.find((a) => a.startsWith('--indent=')) || '--indent=2').split('=')[1]);
const file = args.find((a) => !a.startsWith('--'));

function read() {
  if (file) return fs.readFileSync(file, 'utf8');
  return fs.readFileSync(0, 'utf8');
}

try {
  process.stdout.write(JSON.stringify(JSON.parse(read()), null, indent) + '\\n');
} catch (error) {
  process.stderr.write(\`json-pretty: \${error.message}\\n\`);
  process.exitCode = 1;
}
`,
        'readme.md': '# json-pretty-cli\n\n> Pretty-print JSON from a file or stdin\n\n## Install\n\n```\n$ npm install --global json-pretty-cli\n```\n\n## Usage\n\n```\n$ json-pretty package.json --indent=4\n$ curl -s https://api.example.com/data | json-pretty --tabs\n```\n',
        license: MIT_LICENSE('Shell Smith', 2019),
      }, { description: 'Pretty-print JSON from a file or stdin', bin: { 'json-pretty': 'cli.js' }, files: ['cli.js'], engines: { node: '>=14' }, repository: repo('shellsmith', 'json-pretty-cli'), license: 'MIT', keywords: ['cli-app', 'cli', 'json', 'pretty', 'format'] }),
    }),
  );

  // A README full of badges and documentation links around real code.
  const badges = ['build', 'coverage', 'npm', 'downloads', 'bundle size', 'license', 'discord', 'types', 'node', 'code style', 'snyk', 'gitpod', 'openssf'];
  const docLinks = ['getting-started', 'configuration', 'interceptors', 'cancellation', 'retries', 'timeouts', 'proxies', 'streams', 'forms', 'errors', 'typescript', 'migration-v2', 'faq', 'browser-support', 'testing', 'recipes', 'plugins', 'hooks', 'auth', 'cookies'];
  out.push(
    legit('README with many legitimate links (badges, docs, sponsors) over a real HTTP client', {
      name: 'http-request-kit',
      publisher: person('reqkit-team'),
      maintainers: [person('reqkit-team'), person('lena.dev')],
      versions: longHistory(rng, 14, 6, {
        'README.md': `<h1 align="center">http-request-kit</h1>\n\n<p align="center">\n${badges.map((b) => `  <a href="https://github.com/reqkit/http-request-kit/actions"><img src="https://img.shields.io/badge/${encodeURIComponent(b)}-passing-green.svg" alt="${b}"></a>`).join('\n')}\n</p>\n\nPromise-based HTTP client for Node.js and the browser with interceptors, retries and typed responses.\n\n## Documentation\n\n${docLinks.map((d) => `- [${d.replace(/-/g, ' ')}](https://reqkit.dev/docs/${d})`).join('\n')}\n\n## Quick start\n\n\`\`\`js\nimport { create } from 'http-request-kit';\n\nconst client = create({ baseURL: 'https://api.example.com', timeout: 5000 });\nconst { data } = await client.get('/users/1');\n\`\`\`\n\n## Sponsors\n\n[![Sponsor A](https://reqkit.dev/sponsors/a.svg)](https://example.com/a) [![Sponsor B](https://reqkit.dev/sponsors/b.svg)](https://example.com/b)\n\n## License\n\n[MIT](LICENSE)\n`,
        'dist/index.js': `'use strict';\n\nconst DEFAULTS = { timeout: 0, headers: {}, retries: 0 };\n\nfunction mergeConfig(base, extra) {\n  return { ...base, ...extra, headers: { ...base.headers, ...(extra && extra.headers) } };\n}\n\nfunction create(instanceConfig = {}) {\n  const config = mergeConfig(DEFAULTS, instanceConfig);\n  const interceptors = { request: [], response: [] };\n\n  async function request(method, url, options = {}) {\n    let merged = mergeConfig(config, options);\n    for (const fn of interceptors.request) merged = (await fn(merged)) || merged;\n    const controller = new AbortController();\n    const timer = merged.timeout ? setTimeout(() => controller.abort(), merged.timeout) : undefined;\n    let attempt = 0;\n    for (;;) {\n      try {\n        const res = await fetch(new URL(url, merged.baseURL), { method, headers: merged.headers, body: merged.body, signal: controller.signal });\n        let result = { status: res.status, headers: res.headers, data: await res.json().catch(() => null) };\n        for (const fn of interceptors.response) result = (await fn(result)) || result;\n        return result;\n      } catch (error) {\n        if (attempt++ >= merged.retries) throw error;\n      } finally {\n        if (timer) clearTimeout(timer);\n      }\n    }\n  }\n\n  return {\n    interceptors: { request: { use: (fn) => interceptors.request.push(fn) }, response: { use: (fn) => interceptors.response.push(fn) } },\n    get: (url, o) => request('GET', url, o),\n    post: (url, body, o) => request('POST', url, { ...o, body: JSON.stringify(body) }),\n  };\n}\n\nmodule.exports = { create };\n`,
        'dist/index.d.ts': "export interface RequestConfig { baseURL?: string; timeout?: number; headers?: Record<string, string>; retries?: number }\nexport interface Response<T = unknown> { status: number; headers: Headers; data: T }\nexport declare function create(config?: RequestConfig): {\n  get<T>(url: string, config?: RequestConfig): Promise<Response<T>>;\n  post<T>(url: string, body: unknown, config?: RequestConfig): Promise<Response<T>>;\n};\n",
        LICENSE: MIT_LICENSE('reqkit contributors', 2019),
      }, { description: 'Promise-based HTTP client with interceptors and retries', main: 'dist/index.js', types: 'dist/index.d.ts', homepage: 'https://reqkit.dev', repository: repo('reqkit', 'http-request-kit'), bugs: { url: 'https://github.com/reqkit/http-request-kit/issues' }, funding: 'https://github.com/sponsors/reqkit', license: 'MIT', keywords: ['http', 'fetch', 'client', 'request', 'promise'] }),
    }),
  );
  return out;
}

function installScripts(rng: Rng): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const crcSource = `#include <node_api.h>\n#include <stdint.h>\n\nstatic uint32_t table[256];\n\nstatic void init_table(void) {\n  for (uint32_t i = 0; i < 256; i++) {\n    uint32_t c = i;\n    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;\n    table[i] = c;\n  }\n}\n\nstatic napi_value Crc32(napi_env env, napi_callback_info info) {\n  size_t argc = 1;\n  napi_value argv[1];\n  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);\n  void* data;\n  size_t length;\n  napi_get_buffer_info(env, argv[0], &data, &length);\n  uint32_t crc = 0xFFFFFFFFu;\n  for (size_t i = 0; i < length; i++) crc = table[(crc ^ ((uint8_t*)data)[i]) & 0xFF] ^ (crc >> 8);\n  napi_value result;\n  napi_create_uint32(env, crc ^ 0xFFFFFFFFu, &result);\n  return result;\n}\n\nNAPI_MODULE_INIT() {\n  init_table();\n  napi_value fn;\n  napi_create_function(env, "crc32", NAPI_AUTO_LENGTH, Crc32, NULL, &fn);\n  napi_set_named_property(env, exports, "crc32", fn);\n  return exports;\n}\n`;
  const gyp = (target: string) => json({ targets: [{ target_name: target, sources: [`src/${target}.c`], cflags: ['-O3'], defines: ['NAPI_VERSION=8'] }] });
  out.push(
    legit('native addon with an explicit "install": "node-gyp rebuild", binding.gyp and C source', {
      name: 'fast-crc32-native',
      publisher: person('nativeworks'),
      versions: longHistory(rng, 7, 5, {
        'binding.gyp': gyp('crc32'),
        'src/crc32.c': crcSource,
        'index.js': "'use strict';\n\nconst binding = require('./build/Release/crc32.node');\n\nmodule.exports = function crc32(input) {\n  return binding.crc32(Buffer.isBuffer(input) ? input : Buffer.from(String(input)));\n};\n",
        'README.md': '# fast-crc32-native\n\nCRC-32 computed in C through N-API. Needs a C toolchain for `node-gyp`.\n\n```js\nconst crc32 = require(\'fast-crc32-native\');\ncrc32(\'hello\'); // 907060870\n```\n',
      }, { description: 'CRC-32 in native code', main: 'index.js', gypfile: true, scripts: { install: 'node-gyp rebuild', test: 'node test.js' }, repository: repo('nativeworks', 'fast-crc32-native'), license: 'MIT', engines: { node: '>=16' } }),
    }),
    legit('native addon relying on npm\'s implicit node-gyp rebuild (binding.gyp, no install script)', {
      name: 'xxhash-addon-lite',
      publisher: person('nativeworks'),
      versions: longHistory(rng, 4, 3, {
        'binding.gyp': gyp('xxhash'),
        'src/xxhash.c': crcSource.replace(/crc32/g, 'xxhash').replace(/Crc32/g, 'XxHash'),
        'lib/index.js': "module.exports = require('node-gyp-build')(__dirname + '/..');\n",
        'README.md': '# xxhash-addon-lite\n\nxxHash bindings. Built from source on install by node-gyp.\n',
      }, { description: 'xxHash bindings', main: 'lib/index.js', gypfile: true, dependencies: { 'node-gyp-build': '^4.8.0' }, repository: repo('nativeworks', 'xxhash-addon-lite'), license: 'BSD-2-Clause' }),
    }),
    legit('prebuilt binaries with fallback: "install": "prebuild-install || node-gyp rebuild"', {
      name: 'sqlite-embedded-native',
      publisher: person('dbcraft'),
      maintainers: [person('dbcraft'), person('pragma.io')],
      versions: longHistory(rng, 20, 7, {
        'binding.gyp': gyp('sqlite'),
        'src/sqlite.c': crcSource.replace(/crc32/g, 'sqlite'),
        'lib/database.js': "'use strict';\nconst binding = require('bindings')('sqlite');\n\nclass Database {\n  constructor(filename, options = {}) {\n    this.name = filename;\n    this.readonly = Boolean(options.readonly);\n    this.handle = binding.open(filename, this.readonly);\n  }\n  prepare(sql) {\n    return binding.prepare(this.handle, sql);\n  }\n  close() {\n    binding.close(this.handle);\n  }\n}\n\nmodule.exports = Database;\n",
        'README.md': '# sqlite-embedded-native\n\nThe fastest synchronous SQLite library for Node.js. Prebuilt binaries are downloaded for common platforms; otherwise it compiles from source.\n',
      }, { description: 'Synchronous SQLite bindings', main: 'lib/database.js', scripts: { install: 'prebuild-install || node-gyp rebuild --release', 'build-release': 'node-gyp rebuild --release' }, dependencies: { bindings: '^1.5.0', 'prebuild-install': '^7.1.1' }, repository: repo('dbcraft', 'sqlite-embedded-native'), license: 'MIT' }),
    }),
    legit('node-pre-gyp installer: "install": "node-pre-gyp install --fallback-to-build"', {
      name: 'bcrypt-fast-native',
      publisher: person('cryptlib'),
      versions: longHistory(rng, 12, 8, {
        'binding.gyp': gyp('bcrypt'),
        'src/bcrypt.c': crcSource.replace(/crc32/g, 'bcrypt'),
        'bcrypt.js': "'use strict';\nconst binary = require('@mapbox/node-pre-gyp');\nconst path = require('path');\nconst bindingPath = binary.find(path.resolve(path.join(__dirname, './package.json')));\nconst bindings = require(bindingPath);\n\nmodule.exports.hash = (data, rounds) => new Promise((resolve, reject) => bindings.hash(data, rounds, (err, out) => (err ? reject(err) : resolve(out))));\nmodule.exports.compare = (data, hash) => new Promise((resolve, reject) => bindings.compare(data, hash, (err, ok) => (err ? reject(err) : resolve(ok))));\n",
        'README.md': '# bcrypt-fast-native\n\nbcrypt password hashing in native code.\n',
      }, { description: 'bcrypt in native code', main: 'bcrypt.js', scripts: { install: 'node-pre-gyp install --fallback-to-build' }, binary: { module_name: 'bcrypt', module_path: './lib/binding/napi-v{napi_build_version}', host: 'https://github.com/cryptlib/bcrypt-fast-native/releases/download/', remote_path: 'v{version}' }, dependencies: { '@mapbox/node-pre-gyp': '^1.0.11', 'node-addon-api': '^5.0.0' }, repository: repo('cryptlib', 'bcrypt-fast-native'), license: 'MIT' }),
    }),
  );

  // esbuild-like: a postinstall that picks the platform package, verifies it, and falls back to the registry.
  const bundlerInstall = `"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const zlib = require("zlib");
const https = require("https");
const child_process = require("child_process");

const versionFromPackageJSON = require(path.join(__dirname, "package.json")).version;
const knownPackages = {
  "linux x64 LE": "@swiftbundle/linux-x64",
  "linux arm64 LE": "@swiftbundle/linux-arm64",
  "darwin arm64 LE": "@swiftbundle/darwin-arm64",
  "win32 x64 LE": "@swiftbundle/win32-x64",
};

function pkgForThisPlatform() {
  const key = \`\${process.platform} \${os.arch()} \${os.endianness()}\`;
  const pkg = knownPackages[key];
  if (!pkg) throw new Error(\`Unsupported platform: \${key}\`);
  return pkg;
}

function validateBinaryVersion(binaryPath) {
  const stdout = child_process.execFileSync(binaryPath, ["--version"]).toString().trim();
  if (stdout !== versionFromPackageJSON) {
    throw new Error(\`Expected \${JSON.stringify(versionFromPackageJSON)} but got \${JSON.stringify(stdout)}\`);
  }
}

function fetchTarball(url) {
  return new Promise((resolve, reject) => {
    https.get(url, (res) => {
      if ((res.statusCode === 301 || res.statusCode === 302) && res.headers.location) return fetchTarball(res.headers.location).then(resolve, reject);
      if (res.statusCode !== 200) return reject(new Error(\`Server responded with \${res.statusCode}\`));
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
    const name = buffer.toString("utf8", offset, offset + 100).replace(/\\0.*/, "");
    const size = parseInt(buffer.toString("utf8", offset + 124, offset + 136), 8);
    offset += 512;
    if (!isNaN(size)) {
      if (name === subpath) return buffer.subarray(offset, offset + size);
      offset += (size + 511) & ~511;
    }
  }
  throw new Error(\`Could not find \${JSON.stringify(subpath)} in archive\`);
}

async function installFromRegistry(pkg, binPath) {
  const url = \`https://registry.npmjs.org/\${pkg}/-/\${pkg.replace("@swiftbundle/", "")}-\${versionFromPackageJSON}.tgz\`;
  const bytes = extractFileFromTarGzip(await fetchTarball(url), "package/bin/swiftbundle");
  fs.writeFileSync(binPath, bytes, { mode: 0o755 });
}

async function main() {
  const pkg = pkgForThisPlatform();
  let binPath;
  try {
    binPath = require.resolve(\`\${pkg}/bin/swiftbundle\`);
  } catch {
    console.error(\`[swiftbundle] Optional dependency \${pkg} was not installed; downloading it from the registry\`);
    binPath = path.join(__dirname, "bin", "swiftbundle-native");
    await installFromRegistry(pkg, binPath);
  }
  validateBinaryVersion(binPath);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
`;
  const bundlerVersions = longHistory(rng, 30, 4, {
    'install.js': bundlerInstall,
    'lib/main.js': '"use strict";\nconst { execFileSync } = require("child_process");\nconst path = require("path");\n\nfunction binPath() {\n  return path.join(__dirname, "..", "bin", "swiftbundle");\n}\n\nexports.buildSync = (options) => {\n  const args = [options.entry, `--outfile=${options.outfile}`];\n  if (options.minify) args.push("--minify");\n  return execFileSync(binPath(), args, { stdio: "inherit" });\n};\n\nexports.version = require("../package.json").version;\n',
    'bin/swiftbundle': '#!/usr/bin/env node\nrequire("child_process").execFileSync(require("../lib/main.js").binPath?.() ?? __filename, process.argv.slice(2), { stdio: "inherit" });\n',
    'README.md': '# swiftbundle\n\nAn extremely fast bundler for the web. This package installs the native binary for your platform through an optional dependency.\n\nSee https://swiftbundle.dev for documentation.\n',
  }, {}, 0);
  const platforms = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64'];
  for (const v of bundlerVersions) {
    v.manifest = {
      description: 'An extremely fast JavaScript bundler',
      main: 'lib/main.js',
      bin: { swiftbundle: 'bin/swiftbundle' },
      scripts: { postinstall: 'node install.js' },
      optionalDependencies: Object.fromEntries(platforms.map((p) => [`@swiftbundle/${p}`, v.version])),
      repository: repo('swiftbundle', 'swiftbundle'),
      license: 'MIT',
      engines: { node: '>=18' },
    };
  }
  out.push(legit('esbuild-like installer: postinstall picks the platform binary package and falls back to downloading it', { name: 'swiftbundle', publisher: person('swiftbundle-bot'), maintainers: [person('swiftbundle-bot'), person('evan.w')], versions: bundlerVersions }));
  // Its platform package: a README and one prebuilt executable, no JavaScript at all.
  const elfHeader = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 31 + 7) & 0xff))]);
  const latestBundler = bundlerVersions[bundlerVersions.length - 1]!;
  out.push(
    legit('platform binary package of the esbuild-like bundler: only a README and an executable', {
      name: '@swiftbundle/linux-x64',
      publisher: person('swiftbundle-bot'),
      versions: bundlerVersions.slice(-6).map((v) =>
        version(v.version, at(v.publishedAt, -20 * SECOND_MS), {
          'bin/swiftbundle': { base64: elfHeader.toString('base64'), mode: 0o755 },
          'README.md': '# swiftbundle\n\nThis is the Linux 64-bit binary for swiftbundle. See https://github.com/swiftbundle/swiftbundle for details.\n',
        }, { description: `The Linux 64-bit binary for swiftbundle, ${latestBundler.version === v.version ? 'latest' : 'a JavaScript bundler'}`, os: ['linux'], cpu: ['x64'], preferUnplugged: true, repository: repo('swiftbundle', 'swiftbundle'), license: 'MIT', engines: { node: '>=18' } }),
      ),
    }),
  );

  out.push(
    legit('core-js-like: postinstall through node -e prints a funding banner and reads env vars only to stay silent in CI', {
      name: 'polyfill-suite',
      publisher: person('zloirock-like'),
      versions: longHistory(rng, 25, 7, {
        'postinstall.js': `/* eslint-disable max-len -- ok */
var fs = require('fs');
var os = require('os');
var path = require('path');

var env = process.env;
var ADBLOCK = is(env.ADBLOCK);
var COLOR = is(env.npm_config_color);
var DISABLE_OPENCOLLECTIVE = is(env.DISABLE_OPENCOLLECTIVE);
var SILENT = ['silent', 'error', 'warn'].indexOf(env.npm_config_loglevel) !== -1;
var OPEN_SOURCE_CONTRIBUTOR = is(env.OPEN_SOURCE_CONTRIBUTOR);
var MINUTE = 60 * 1000;

var BANNER = '\\u001B[96mThank you for using polyfill-suite for polyfilling JavaScript standard library!\\u001B[0m\\n\\n' +
  '\\u001B[96mThe project needs your help! Please consider supporting it on Open Collective or Patreon:\\u001B[0m\\n' +
  '\\u001B[96m>\\u001B[94m https://opencollective.com/polyfill-suite \\u001B[0m\\n';

function is(it) {
  return !!it && it !== '0' && it !== 'false';
}

function isBannerRequired() {
  if (ADBLOCK || DISABLE_OPENCOLLECTIVE || SILENT || OPEN_SOURCE_CONTRIBUTOR) return false;
  var file = path.join(os.tmpdir(), 'polyfill-suite-banners');
  var banners = [];
  try {
    var DELTA = Date.now() - fs.statSync(file).mtime;
    if (DELTA >= 0 && DELTA < MINUTE * 3) {
      banners = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (banners.indexOf(BANNER) !== -1) return false;
    }
  } catch (error) {
    banners = [];
  }
  try {
    banners.push(BANNER);
    fs.writeFileSync(file, JSON.stringify(banners), 'utf8');
  } catch (error) { /* empty */ }
  return true;
}

function showBanner() {
  // eslint-disable-next-line no-console, regexp/no-control-character -- output
  console.log(COLOR ? BANNER : BANNER.replace(/\\u001B\\[\\d+m/g, ''));
}

if (isBannerRequired()) showBanner();
`,
        'index.js': "require('./modules/es.array.at');\nrequire('./modules/es.object.has-own');\nrequire('./modules/es.string.replace-all');\nmodule.exports = require('./internals/path');\n",
        'modules/es.array.at.js': "'use strict';\nvar $ = require('../internals/export');\nvar toObject = require('../internals/to-object');\n\n$({ target: 'Array', proto: true }, {\n  at: function at(index) {\n    var O = toObject(this);\n    var len = O.length >>> 0;\n    var relativeIndex = Math.trunc(index) || 0;\n    var k = relativeIndex >= 0 ? relativeIndex : len + relativeIndex;\n    return (k < 0 || k >= len) ? undefined : O[k];\n  }\n});\n",
        'modules/es.object.has-own.js': "'use strict';\nvar $ = require('../internals/export');\nvar hasOwnProperty = {}.hasOwnProperty;\n\n$({ target: 'Object', stat: true }, {\n  hasOwn: function hasOwn(it, key) {\n    return hasOwnProperty.call(Object(it), key);\n  }\n});\n",
        'modules/es.string.replace-all.js': "'use strict';\nvar $ = require('../internals/export');\n\n$({ target: 'String', proto: true }, {\n  replaceAll: function replaceAll(searchValue, replaceValue) {\n    return String(this).split(searchValue).join(replaceValue);\n  }\n});\n",
        'internals/export.js': "'use strict';\nvar global = require('./global');\n\nmodule.exports = function (options, source) {\n  var target = options.stat ? global[options.target] : global[options.target].prototype;\n  for (var key in source) {\n    if (!(key in target)) Object.defineProperty(target, key, { value: source[key], writable: true, configurable: true });\n  }\n};\n",
        'internals/global.js': "'use strict';\nmodule.exports = typeof globalThis == 'object' ? globalThis : Function('return this')();\n",
        'internals/to-object.js': "'use strict';\nmodule.exports = function (argument) {\n  if (argument == null) throw new TypeError(\"Can't call method on \" + argument);\n  return Object(argument);\n};\n",
        'internals/path.js': "'use strict';\nmodule.exports = require('./global');\n",
        'README.md': '# polyfill-suite\n\n> Modular standard library for JavaScript. Includes polyfills for ECMAScript up to 2025.\n\n[![Open Collective](https://opencollective.com/polyfill-suite/all/badge.svg?label=financial+contributors)](https://opencollective.com/polyfill-suite)\n\n```js\nimport \'polyfill-suite/actual\';\n[1, 2, 3].at(-1); // => 3\n```\n',
      }, { description: 'Standard library', main: 'index.js', funding: { type: 'opencollective', url: 'https://opencollective.com/polyfill-suite' }, scripts: { postinstall: 'node -e "try{require(\'./postinstall\')}catch(e){}"' }, repository: repo('zloirock-like', 'polyfill-suite'), license: 'MIT', keywords: ['ES2025', 'polyfill', 'shim'] }, 3),
    }),
    legit('husky-like: a "prepare" script (runs in the author\'s checkout, not on install) and a git-hooks CLI', {
      name: 'git-hooks-lite',
      publisher: person('typicode-like'),
      versions: longHistory(rng, 10, 5, {
        'bin.js': "#!/usr/bin/env node\nimport { install } from './index.js';\n\nconst [, , cmd, dir] = process.argv;\nif (cmd === 'init' || cmd === undefined) console.log(install(dir));\n",
        'index.js': "import { spawnSync } from 'node:child_process';\nimport fs from 'node:fs';\nimport path from 'node:path';\n\nexport function install(dir = '.git-hooks') {\n  if (process.env.HUSKY === '0') return 'HUSKY=0 skip install';\n  if (dir.includes('..')) return '.. not allowed';\n  if (!fs.existsSync('.git')) return '.git can\\'t be found';\n  const { status, stderr } = spawnSync('git', ['config', 'core.hooksPath', `${dir}/_`]);\n  if (status !== 0) return String(stderr);\n  fs.mkdirSync(path.join(dir, '_'), { recursive: true });\n  fs.writeFileSync(path.join(dir, '_', '.gitignore'), '*');\n  return '';\n}\n",
        'README.md': '# git-hooks-lite\n\nModern native git hooks made easy. Add `"prepare": "git-hooks-lite"` to your package.json.\n',
      }, { description: 'Modern native Git hooks', type: 'module', bin: { 'git-hooks-lite': 'bin.js' }, exports: './index.js', scripts: { prepare: 'node bin.js', test: 'sh test/all.sh' }, repository: repo('typicode-like', 'git-hooks-lite'), license: 'MIT' }, 9),
    }),
    legit('puppeteer-like: postinstall downloads a browser build from a vendor CDN (legitimate network fetch at install)', {
      name: 'headless-browser-kit',
      publisher: person('browser-automation'),
      maintainers: [person('browser-automation'), person('chromium-tools')],
      versions: longHistory(rng, 18, 5, {
        'install.mjs': `#!/usr/bin/env node
/**
 * Downloads the browser build this version was tested against into the user's cache, unless
 * HEADLESS_KIT_SKIP_DOWNLOAD is set (CI images usually bring their own).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const BROWSER_REVISION = '131.0.6778.85';
const platform = process.platform === 'darwin' ? 'mac-arm64' : process.platform === 'win32' ? 'win64' : 'linux64';

async function main() {
  if (process.env.HEADLESS_KIT_SKIP_DOWNLOAD) {
    console.log('**INFO** Skipping browser download as instructed.');
    return;
  }
  const cacheDir = process.env.HEADLESS_KIT_CACHE_DIR ?? join(homedir(), '.cache', 'headless-browser-kit');
  const url = \`https://storage.googleapis.com/chrome-for-testing-public/\${BROWSER_REVISION}/\${platform}/chrome-headless-shell-\${platform}.zip\`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(\`Download failed: \${res.status} \${url}\`);
  await mkdir(join(cacheDir, BROWSER_REVISION), { recursive: true });
  await writeFile(join(cacheDir, BROWSER_REVISION, 'browser.zip'), Buffer.from(await res.arrayBuffer()));
  console.log(\`Browser \${BROWSER_REVISION} downloaded to \${cacheDir}\`);
}

main().catch((error) => {
  console.warn('ERROR: Failed to set up the browser. Set HEADLESS_KIT_SKIP_DOWNLOAD to skip.', error.message);
});
`,
        'lib/launch.js': "import { spawn } from 'node:child_process';\n\nexport async function launch({ executablePath, headless = true, args = [] } = {}) {\n  const flags = [...args, headless ? '--headless=new' : '', '--remote-debugging-port=0'].filter(Boolean);\n  const proc = spawn(executablePath, flags, { stdio: ['ignore', 'ignore', 'pipe'] });\n  const endpoint = await new Promise((resolve, reject) => {\n    proc.stderr.on('data', (chunk) => {\n      const match = /DevTools listening on (ws:\\/\\/\\S+)/.exec(String(chunk));\n      if (match) resolve(match[1]);\n    });\n    proc.on('exit', (code) => reject(new Error(`browser exited with ${code}`)));\n  });\n  return { endpoint, close: () => proc.kill() };\n}\n",
        'README.md': '# headless-browser-kit\n\nA high-level API to control headless Chrome over the DevTools Protocol.\n\nInstalling it downloads a recent browser build (~170 MB). Set `HEADLESS_KIT_SKIP_DOWNLOAD=1` to skip.\n',
      }, { description: 'A high-level API to control headless Chrome', type: 'module', main: 'lib/launch.js', scripts: { postinstall: 'node install.mjs' }, repository: repo('browser-automation', 'headless-browser-kit'), license: 'Apache-2.0' }, 21),
    }),
  );
  return out;
}

function scaffolders(rng: Rng): CorpusEntry[] {
  const nextReadme = `This is a [Next.js](https://nextjs.org) project bootstrapped with [\`create-next-app\`](https://nextjs.org/docs/app/api-reference/cli/create-next-app).\n\n## Getting Started\n\nFirst, run the development server:\n\n\`\`\`bash\nnpm run dev\n# or\nyarn dev\n# or\npnpm dev\n\`\`\`\n\nOpen [http://localhost:3000](http://localhost:3000) with your browser to see the result.\n\nYou can start editing the page by modifying \`app/page.js\`. The page auto-updates as you edit the file.\n\n## Learn More\n\n- [Next.js Documentation](https://nextjs.org/docs) - learn about Next.js features and API.\n- [Learn Next.js](https://nextjs.org/learn) - an interactive Next.js tutorial.\n\n## Deploy on Vercel\n\nThe easiest way to deploy your Next.js app is to use the [Vercel Platform](https://vercel.com/new).\n`;
  const scaffold = `#!/usr/bin/env node
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const projectDir = resolve(args.find((a) => !a.startsWith('-')) ?? 'my-app');
const template = args.includes('--typescript') ? 'app-ts' : args.includes('--pages') ? 'default' : 'app';
const packageManager = args.includes('--use-pnpm') ? 'pnpm' : args.includes('--use-yarn') ? 'yarn' : 'npm';

if (existsSync(projectDir)) {
  console.error(\`The directory \${basename(projectDir)} already exists.\`);
  process.exit(1);
}
mkdirSync(projectDir, { recursive: true });
cpSync(join(here, 'templates', template, 'js'), projectDir, { recursive: true });
// npm strips .gitignore from published packages, so templates ship it as "gitignore".
renameSync(join(projectDir, 'gitignore'), join(projectDir, '.gitignore'));

const pkg = { name: basename(projectDir), version: '0.1.0', private: true, scripts: { dev: 'next dev', build: 'next build', start: 'next start' } };
writeFileSync(join(projectDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\\n');
const deps = ['react', 'react-dom', 'next'];
console.log(\`Installing dependencies with \${packageManager}: \${deps.join(', ')}\`);
execSync(\`\${packageManager} install \${deps.join(' ')}\`, { cwd: projectDir, stdio: 'inherit' });
console.log(\`Success! Created \${basename(projectDir)} at \${projectDir}\`);
void readFileSync;
`;
  const templateFiles = (kind: string): Record<string, FixtureFile> => ({
    [`templates/${kind}/js/README-template.md`]: nextReadme,
    [`templates/${kind}/js/gitignore`]: '/node_modules\n/.next/\n.env*.local\n',
    [`templates/${kind}/js/next.config.mjs`]: "/** @type {import('next').NextConfig} */\nconst nextConfig = {};\n\nexport default nextConfig;\n",
    ...(kind === 'default'
      ? { [`templates/${kind}/js/pages/index.js`]: 'export default function Home() {\n  return <main>Get started by editing pages/index.js</main>;\n}\n', [`templates/${kind}/js/pages/_app.js`]: 'export default function App({ Component, pageProps }) {\n  return <Component {...pageProps} />;\n}\n' }
      : { [`templates/${kind}/js/app/page.js`]: 'export default function Home() {\n  return <main>Get started by editing app/page.js</main>;\n}\n', [`templates/${kind}/js/app/layout.js`]: 'export const metadata = { title: "Create Next App" };\n\nexport default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n' }),
  });
  const viteCli = `#!/usr/bin/env node
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const renameFiles = { _gitignore: '.gitignore' };
const cwd = process.cwd();
const argTargetDir = process.argv[2] || 'vite-project';
const argTemplate = (process.argv.find((a) => a.startsWith('--template=')) || '--template=vanilla').split('=')[1];

function copyDir(srcDir, destDir) {
  fs.mkdirSync(destDir, { recursive: true });
  for (const file of fs.readdirSync(srcDir)) {
    const srcFile = path.resolve(srcDir, file);
    const destFile = path.resolve(destDir, renameFiles[file] ?? file);
    if (fs.statSync(srcFile).isDirectory()) copyDir(srcFile, destFile);
    else fs.copyFileSync(srcFile, destFile);
  }
}

const root = path.join(cwd, argTargetDir);
const templateDir = path.resolve(fileURLToPath(import.meta.url), '..', \`template-\${argTemplate}\`);
copyDir(templateDir, root);
const pkg = JSON.parse(fs.readFileSync(path.join(templateDir, 'package.json'), 'utf-8'));
pkg.name = path.basename(root);
fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(pkg, null, 2) + '\\n');
console.log(\`\\nDone. Now run:\\n\\n  cd \${argTargetDir}\\n  npm install\\n  npm run dev\\n\`);
`;
  return [
    legit('create-next-app-like scaffolder: ships the stock Next.js README and app/ pages inside templates/ on purpose', {
      name: 'create-nextish-app',
      publisher: person('nextish-bot'),
      maintainers: [person('nextish-bot'), person('timneutkens-like')],
      versions: longHistory(rng, 40, 6, {
        'dist/index.js': scaffold,
        ...templateFiles('app'),
        ...templateFiles('default'),
        'README.md': '# Create Nextish App\n\nThe easiest way to get started with Next.js is by using `create-nextish-app`. This CLI tool enables you to quickly start building a new Next.js application, with everything set up for you.\n\n```bash\nnpx create-nextish-app@latest\n```\n\n## Options\n\n- `--typescript` Initialize as a TypeScript project.\n- `--pages` Use the Pages Router.\n- `--use-pnpm`, `--use-yarn` Explicitly tell the CLI to bootstrap the app using pnpm or Yarn.\n',
      }, { description: 'Create Next.js-powered React apps with one command', bin: { 'create-nextish-app': './dist/index.js' }, files: ['dist'], engines: { node: '>=18.18.0' }, repository: { type: 'git', url: 'https://github.com/nextish/nextish', directory: 'packages/create-nextish-app' }, license: 'MIT', keywords: ['react', 'next', 'next.js'] }, 14),
    }),
    legit('create-vite-like scaffolder: several template-* folders with their own package.json files', {
      name: 'create-vitelike',
      publisher: person('vitelike'),
      versions: longHistory(rng, 30, 4, {
        'index.js': viteCli,
        'template-vanilla/package.json': json({ name: 'vite-vanilla-starter', private: true, version: '0.0.0', type: 'module', scripts: { dev: 'vite', build: 'vite build', preview: 'vite preview' }, devDependencies: { vite: '^6.0.0' } }),
        'template-vanilla/index.html': '<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="UTF-8" />\n    <title>Vite App</title>\n  </head>\n  <body>\n    <div id="app"></div>\n    <script type="module" src="/main.js"></script>\n  </body>\n</html>\n',
        'template-vanilla/main.js': "import './style.css';\n\ndocument.querySelector('#app').innerHTML = `<h1>Hello Vite!</h1>`;\n",
        'template-vanilla/_gitignore': 'node_modules\ndist\n*.local\n',
        'template-react/package.json': json({ name: 'vite-react-starter', private: true, version: '0.0.0', type: 'module', scripts: { dev: 'vite', build: 'vite build' }, dependencies: { react: '^19.0.0', 'react-dom': '^19.0.0' }, devDependencies: { vite: '^6.0.0', '@vitejs/plugin-react': '^4.3.4' } }),
        'template-react/src/App.jsx': "import { useState } from 'react';\n\nexport default function App() {\n  const [count, setCount] = useState(0);\n  return <button onClick={() => setCount((c) => c + 1)}>count is {count}</button>;\n}\n",
        'template-react/README.md': '# React + Vite\n\nThis template provides a minimal setup to get React working in Vite with HMR and some ESLint rules.\n',
        'template-react/_gitignore': 'node_modules\ndist\n',
        'README.md': '# create-vitelike\n\n## Scaffolding Your First Project\n\n```bash\nnpm create vitelike@latest my-app -- --template=react\n```\n\nCurrently supported template presets include `vanilla` and `react`.\n',
      }, { description: 'Scaffold a Vite-style project', type: 'module', bin: { 'create-vitelike': 'index.js', cvl: 'index.js' }, engines: { node: '^18.0.0 || >=20.0.0' }, repository: repo('vitelike', 'vitelike'), license: 'MIT' }, 5),
    }),
  ];
}

/**
 * Monorepo releases: dozens of packages of one scope, published by one bot within a minute, with
 * short template READMEs that are nearly identical across the scope. Three shapes: Babel-like
 * plugins (3 releases over years), AWS-SDK-like clients, DefinitelyTyped-like type packages.
 */
function monorepos(rng: Rng): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const transforms = ['arrow-functions', 'block-scoping', 'classes', 'destructuring', 'spread', 'template-literals', 'parameters', 'for-of', 'optional-chaining', 'nullish-coalescing-operator', 'class-properties', 'private-methods', 'async-to-generator', 'exponentiation-operator', 'object-rest-spread', 'unicode-regex', 'named-capturing-groups-regex', 'logical-assignment-operators'];
  const releases = [
    { version: '7.22.5', at: ago(2 * YEAR_MS + 40 * DAY_MS) },
    { version: '7.24.7', at: ago(YEAR_MS + 100 * DAY_MS) },
    { version: '7.25.9', at: ago(300 * DAY_MS) },
  ];
  const babelBot = person('transpile-bot');
  const babelMaintainers = [babelBot, person('nicolo-like'), person('hzoo-like')];
  const names = ['@transpile/helper-plugin-utils', '@transpile/core', ...transforms.map((t) => `@transpile/plugin-transform-${t}`)];
  names.forEach((name, i) => {
    const short = name.replace('@transpile/', '');
    const code =
      short === 'helper-plugin-utils'
        ? "'use strict';\n\nObject.defineProperty(exports, '__esModule', { value: true });\nexports.declare = declare;\n\nfunction declare(builder) {\n  return (api, options, dirname) => {\n    if (!api.assertVersion) api = Object.assign({}, api, { assertVersion() {} });\n    return builder(api, options || {}, dirname);\n  };\n}\n"
        : short === 'core'
          ? "'use strict';\n\nObject.defineProperty(exports, '__esModule', { value: true });\nconst { loadPlugins } = require('./config');\n\nfunction transformSync(code, opts = {}) {\n  const plugins = loadPlugins(opts.plugins || []);\n  let ast = { type: 'Program', body: [], sourceType: opts.sourceType || 'module' };\n  for (const plugin of plugins) ast = plugin.visitor && plugin.visitor.Program ? plugin.visitor.Program(ast) || ast : ast;\n  return { code, ast, map: null };\n}\n\nexports.transformSync = transformSync;\nexports.version = require('../package.json').version;\n"
          : `"use strict";\n\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = void 0;\nvar _helperPluginUtils = require("@transpile/helper-plugin-utils");\n\nvar _default = exports.default = (0, _helperPluginUtils.declare)((api, options) => {\n  api.assertVersion(7);\n  const { loose = false } = options;\n  return {\n    name: "transform-${short.replace('plugin-transform-', '')}",\n    visitor: {\n      ${rng.pick(['ArrowFunctionExpression', 'VariableDeclaration', 'ClassDeclaration', 'ObjectPattern', 'SpreadElement', 'TemplateLiteral', 'Function', 'ForOfStatement', 'OptionalMemberExpression', 'LogicalExpression'])}(path) {\n        if (loose) path.node.loose = true;\n        path.node.transformed = ${i};\n      }\n    }\n  };\n});\n`;
    const files: Record<string, FixtureFile> = {
      'lib/index.js': code,
      'README.md': `# ${name}\n\n> ${short === 'core' ? 'Transpiler compiler core.' : `Compile ${short.replace('plugin-transform-', '').replace(/-/g, ' ')} to ES5`}\n\nSee our website [${name}](https://transpile.dev/docs/${short}) for more information.\n\n## Install\n\nUsing npm:\n\n\`\`\`sh\nnpm install --save-dev ${name}\n\`\`\`\n\nor using yarn:\n\n\`\`\`sh\nyarn add ${name} --dev\n\`\`\`\n`,
      LICENSE: MIT_LICENSE('Transpile contributors', 2014),
    };
    if (short === 'core') files['lib/config.js'] = "'use strict';\n\nexports.loadPlugins = (list) => list.map((entry) => (Array.isArray(entry) ? entry[0] : entry)).map((p) => (typeof p === 'function' ? p({ assertVersion() {} }, {}) : p));\n";
    out.push(
      legit(`Babel-like monorepo release: ${names.length} packages of @transpile published by one bot within a minute, three releases over years`, {
        name,
        publisher: babelBot,
        maintainers: babelMaintainers,
        versions: releases.map((r) =>
          version(r.version, at(r.at, i * rng.int(1, 3) * SECOND_MS), files, {
            description: short === 'core' ? 'Transpiler compiler core.' : `Compile ${short} to ES5`,
            main: './lib/index.js',
            repository: { type: 'git', url: 'https://github.com/transpile/transpile.git', directory: `packages/transpile-${short}` },
            homepage: `https://transpile.dev/docs/${short}`,
            license: 'MIT',
            publishConfig: { access: 'public' },
            keywords: ['transpile-plugin'],
            engines: { node: '>=6.9.0' },
            ...(short === 'helper-plugin-utils' ? {} : { dependencies: { '@transpile/helper-plugin-utils': `^${r.version}` } }),
            ...(short === 'core' ? {} : { peerDependencies: { '@transpile/core': '^7.0.0-0' } }),
          }),
        ),
      }),
    );
  });

  // AWS-SDK-like: generated clients, one release that touches every package within a minute.
  const services = ['s3', 'dynamodb', 'lambda', 'sqs', 'sns', 'ec2', 'iam', 'sts', 'kms', 'ecr', 'cloudwatch', 'secrets-manager'];
  const sdkBot = person('cloudkit-sdk-bot');
  const sdkRelease = ago(9 * DAY_MS);
  services.forEach((service, i) => {
    const className = service.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('');
    const name = `@cloudkit-sdk/client-${service}`;
    out.push(
      legit('AWS-SDK-like generated client: 12 packages of one scope published by one bot within a minute, shared template README', {
        name,
        publisher: sdkBot,
        versions: [
          version('3.690.0', at(sdkRelease, -7 * DAY_MS + i * 2 * SECOND_MS), {}, {}),
          version('3.693.0', at(sdkRelease, i * rng.int(2, 4) * SECOND_MS), {}, {}),
        ].map((v) => ({
          ...v,
          files: {
            'dist-cjs/index.js': `"use strict";\nconst { Client, Command } = require("@cloudkit-sdk/smithy-client");\n\nclass ${className}Client extends Client {\n  constructor(config = {}) {\n    super({ ...config, serviceId: "${service}", apiVersion: "2012-11-05" });\n  }\n}\n\nclass List${className}ResourcesCommand extends Command {\n  constructor(input) {\n    super(input, { operation: "List${className}Resources", http: { method: "POST", path: "/" } });\n  }\n}\n\nmodule.exports = { ${className}Client, List${className}ResourcesCommand };\n`,
            'dist-types/index.d.ts': `export declare class ${className}Client {\n  constructor(config?: { region?: string; credentials?: unknown });\n  send<T>(command: unknown): Promise<T>;\n  destroy(): void;\n}\nexport declare class List${className}ResourcesCommand {\n  constructor(input: { MaxResults?: number; NextToken?: string });\n}\n`,
            'README.md': `<!-- generated file, do not edit directly -->\n\n# @cloudkit-sdk/client-${service}\n\n## Description\n\nCloudKit SDK for JavaScript ${className} Client for Node.js, Browser and React Native.\n\n## Installing\n\nTo install this package, simply type add or install @cloudkit-sdk/client-${service} using your favorite package manager:\n\n- \`npm install @cloudkit-sdk/client-${service}\`\n- \`yarn add @cloudkit-sdk/client-${service}\`\n- \`pnpm add @cloudkit-sdk/client-${service}\`\n\n## Getting Started\n\nThe CloudKit SDK is modulized by clients and commands. To send a request, you only need to import the \`${className}Client\` and the commands you need.\n\n## Contributing\n\nThis client code is generated automatically. Any modifications will be overwritten the next time the \`@cloudkit-sdk/client-${service}\` package is updated.\n`,
            LICENSE: 'Apache License\nVersion 2.0, January 2004\nhttp://www.apache.org/licenses/\n',
          },
          manifest: {
            description: `CloudKit SDK for JavaScript ${className} Client for Node.js, Browser and React Native`,
            main: './dist-cjs/index.js',
            types: './dist-types/index.d.ts',
            sideEffects: false,
            dependencies: { '@cloudkit-sdk/smithy-client': '^3.690.0' },
            engines: { node: '>=18.0.0' },
            license: 'Apache-2.0',
            homepage: `https://github.com/cloudkit/cloudkit-sdk-js/tree/main/clients/client-${service}`,
            repository: { type: 'git', url: 'https://github.com/cloudkit/cloudkit-sdk-js.git', directory: `clients/client-${service}` },
          },
        })),
      }),
    );
  });

  // DefinitelyTyped-like: declarations only, published by the types bot in one burst.
  const typed = ['lodash-lite', 'express-lite', 'node-lite', 'react-lite', 'jest-lite', 'yargs-lite', 'debug-lite', 'ws-lite'];
  const typesBot = person('types');
  const typesBurst = ago(3 * DAY_MS);
  typed.forEach((lib, i) => {
    out.push({
      // Real @types tarballs are rooted at the types folder name (`lodash/…`), not `package/`.
      tarballRoot: lib,
      ...legit('DefinitelyTyped-like: only .d.ts files, one of many published by one bot within a minute; tarball rooted at the types folder, not package/', {
        name: `@types/${lib}`,
        publisher: typesBot,
        versions: [
          ...history(rng, 4, ago(4 * YEAR_MS), ago(200 * DAY_MS), 1).map((h) => ({ version: h.version, publishedAt: h.publishedAt })),
          { version: '2.0.0', publishedAt: at(typesBurst, i * rng.int(3, 6) * SECOND_MS) },
        ].map((h) =>
          version(h.version, h.publishedAt, {
            'index.d.ts': `// Type definitions for ${lib} ${h.version}\n\nexport interface Options {\n  verbose?: boolean;\n  timeoutMs?: number;\n}\n\nexport declare function ${lib.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}(input: string, options?: Options): Promise<string>;\nexport declare namespace ${lib.replace(/-.*/, '')} {\n  const version: string;\n}\n`,
            'README.md': `# Installation\n> \`npm install --save @types/${lib}\`\n\n# Summary\nThis package contains type definitions for ${lib} (https://github.com/example/${lib}).\n\n# Details\nFiles were exported from https://github.com/DefinitelyTyped/DefinitelyTyped/tree/master/types/${lib}.\n\n### Additional Details\n * Last updated: Tue, 18 Nov 2025 07:33:16 GMT\n * Dependencies: none\n\n# Credits\nThese definitions were written by contributors.\n`,
            LICENSE: MIT_LICENSE('Microsoft Corporation', 2016),
          }, {
            description: `TypeScript definitions for ${lib}`,
            main: '',
            types: 'index.d.ts',
            repository: { type: 'git', url: 'https://github.com/DefinitelyTyped/DefinitelyTyped.git', directory: `types/${lib}` },
            license: 'MIT',
            scripts: {},
            dependencies: {},
            typesPublisherContentHash: `${i}`.padStart(64, 'a'),
            typeScriptVersion: '5.0',
          }),
        ),
      }),
    });
  });
  return out;
}

function prolificAuthor(rng: Rng): { entries: CorpusEntry[]; publisherVolume: PublisherVolumeMap } {
  const author = person('sindre-like');
  const modules: [string, string, string][] = [
    ['strip-final-newline-x', 'Strip the final newline character from a string or Uint8Array', "export default function stripFinalNewline(input) {\n\tif (typeof input === 'string') {\n\t\treturn input.at(-1) === '\\n' ? input.slice(0, input.at(-2) === '\\r' ? -2 : -1) : input;\n\t}\n\n\tif (!(ArrayBuffer.isView(input) && input.BYTES_PER_ELEMENT === 1)) {\n\t\tthrow new Error('Input must be a string or a Uint8Array');\n\t}\n\n\treturn input.at(-1) === 10 ? input.subarray(0, input.at(-2) === 13 ? -2 : -1) : input;\n}\n"],
    ['is-plain-obj-x', 'Check if a value is a plain object', "export default function isPlainObject(value) {\n\tif (typeof value !== 'object' || value === null) {\n\t\treturn false;\n\t}\n\n\tconst prototype = Object.getPrototypeOf(value);\n\treturn (prototype === null || prototype === Object.prototype || Object.getPrototypeOf(prototype) === null) && !(Symbol.toStringTag in value) && !(Symbol.iterator in value);\n}\n"],
    ['path-key-x', 'Get the PATH environment variable key cross-platform', "export default function pathKey(options = {}) {\n\tconst {\n\t\tenv = process.env,\n\t\tplatform = process.platform,\n\t} = options;\n\n\tif (platform !== 'win32') {\n\t\treturn 'PATH';\n\t}\n\n\treturn Object.keys(env).reverse().find(key => key.toUpperCase() === 'PATH') || 'Path';\n}\n"],
  ];
  const entries = modules.map(([name, description, code]) =>
    legit('prolific real author: 1,300 packages over 11 years (publisher volume), small focused ESM modules', {
      name,
      publisher: author,
      versions: longHistory(rng, rng.int(5, 9), rng.int(6, 10), {
        'index.js': code,
        'index.d.ts': `/**\n${description}.\n*/\nexport default function ${name.replace(/-x$/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}(input: unknown): unknown;\n`,
        'readme.md': `# ${name}\n\n> ${description}\n\n## Install\n\n\`\`\`sh\nnpm install ${name}\n\`\`\`\n\n## Usage\n\n\`\`\`js\nimport fn from '${name}';\n\`\`\`\n\n## Related\n\n- [${modules.filter((m) => m[0] !== name).map((m) => m[0]).join('](https://github.com/sindre-like/x) - related\n- [')}](https://github.com/sindre-like/x) - related\n`,
        license: MIT_LICENSE('Sindre Like <sindre@example.test> (https://sindre.example)', 2015),
      }, { description, type: 'module', exports: { types: './index.d.ts', default: './index.js' }, sideEffects: false, engines: { node: '>=18' }, scripts: { test: 'xo && ava && tsd' }, files: ['index.js', 'index.d.ts'], funding: 'https://github.com/sponsors/sindre-like', repository: 'sindre-like/' + name, license: 'MIT', devDependencies: { ava: '^6.1.3', tsd: '^0.31.1', xo: '^0.59.3' } }, rng.int(2, 4)),
    }),
  );
  // Spread over eleven years: never thousands created within minutes.
  const createdDates = Array.from({ length: 600 }, (_, i) => ago(11 * YEAR_MS - i * Math.floor((11 * YEAR_MS) / 600) - rng.int(0, 5) * DAY_MS));
  return { entries, publisherVolume: { [author.name!]: { total: 1_310, createdDates } } };
}

function others(rng: Rng): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  // Data package republished daily for years: many versions, but a day apart and full of data.
  const dataVersions: FixtureVersion[] = [];
  for (let d = 40; d >= 0; d--) {
    const rows = Array.from({ length: 60 }, (_, i) => `  "${['chrome', 'firefox', 'safari', 'edge', 'opera'][i % 5]}${100 + i}": ${((i * 7919 + d * 13) % 1000) / 1000}`).join(',\n');
    dataVersions.push(version(`1.0.30001${700 - d}`, ago(d * DAY_MS + 7 * 60 * 60 * SECOND_MS), {
      'data/agents.js': `module.exports = {\n${rows}\n};\n`,
      'dist/unpacker/agents.js': "'use strict';\nconst packed = require('../../data/agents.js');\nmodule.exports.agents = Object.fromEntries(Object.entries(packed).map(([k, v]) => [k, { usage_global: v }]));\n",
      'README.md': '# browser-usage-data\n\nA smaller version of the browser usage dataset, republished automatically every day.\n',
      LICENSE: 'Attribution 4.0 International\n',
    }, { description: 'A smaller version of browser usage data', main: 'dist/unpacker/agents.js', repository: repo('browserslist-like', 'browser-usage-data'), license: 'CC-BY-4.0' }));
  }
  out.push(legit('data package republished daily by a bot (caniuse-lite-like): many versions, each a day apart and full of data', { name: 'browser-usage-data', publisher: person('data-release-bot'), versions: dataVersions }));

  out.push(
    legit('config preset with no JavaScript: a tsconfig.json only', {
      name: '@strictest/tsconfig',
      publisher: person('tsconfig-bases'),
      versions: longHistory(rng, 6, 4, {
        'tsconfig.json': json({ $schema: 'https://json.schemastore.org/tsconfig', display: 'Strictest', compilerOptions: { strict: true, allowUnusedLabels: false, allowUnreachableCode: false, exactOptionalPropertyTypes: true, noFallthroughCasesInSwitch: true, noImplicitOverride: true, noImplicitReturns: true, noPropertyAccessFromIndexSignature: true, noUncheckedIndexedAccess: true, noUnusedLocals: true, noUnusedParameters: true, isolatedModules: true, checkJs: true, esModuleInterop: true, skipLibCheck: true, forceConsistentCasingInFileNames: true } }),
        'README.md': '### A base TSConfig for working with the strictest settings.\n\nAdd to your project:\n\n```sh\nnpm install --save-dev @strictest/tsconfig\n```\n\nAdd to your `tsconfig.json`:\n\n```json\n"extends": "@strictest/tsconfig/tsconfig.json"\n```\n',
      }, { description: 'A base TSConfig for working with the strictest settings', license: 'MIT', repository: repo('tsconfig-bases', 'bases') }),
    }),
    legit('shareable ESLint config: one file that exports an object', {
      name: 'eslint-config-northwind',
      publisher: person('northwind-eng'),
      versions: longHistory(rng, 12, 5, {
        'index.js': "'use strict';\n\nmodule.exports = {\n  parserOptions: { ecmaVersion: 2022, sourceType: 'module' },\n  env: { node: true, es2022: true },\n  extends: ['eslint:recommended'],\n  rules: {\n    'no-var': 'error',\n    'prefer-const': 'error',\n    eqeqeq: ['error', 'smart'],\n    curly: ['error', 'multi-line'],\n    'no-unused-vars': ['error', { argsIgnorePattern: '^_' }],\n  },\n};\n",
        'README.md': '# eslint-config-northwind\n\nNorthwind\'s shared ESLint rules.\n\n```js\n// .eslintrc.js\nmodule.exports = { extends: [\'northwind\'] };\n```\n',
      }, { description: "Northwind's ESLint config", main: 'index.js', peerDependencies: { eslint: '>=8' }, repository: repo('northwind', 'eslint-config'), license: 'MIT' }, 3),
    }),
    legit('a real library that also carries a tea.yaml (maintainers legitimately registered with tea)', {
      name: 'kolor-term',
      publisher: person('lukeed-like'),
      versions: longHistory(rng, 11, 6, {
        'index.js': "'use strict';\n\nlet FORCE_COLOR, NODE_DISABLE_COLORS, NO_COLOR, TERM, isTTY = true;\nif (typeof process !== 'undefined') {\n  ({ FORCE_COLOR, NODE_DISABLE_COLORS, NO_COLOR, TERM } = process.env || {});\n  isTTY = process.stdout && process.stdout.isTTY;\n}\n\nconst $ = {\n  enabled: !NODE_DISABLE_COLORS && NO_COLOR == null && TERM !== 'dumb' && ((FORCE_COLOR != null && FORCE_COLOR !== '0') || isTTY),\n};\n\nfunction init(open, close) {\n  const rgx = new RegExp(`\\\\x1b\\\\[${close}m`, 'g');\n  const openStr = `\\x1b[${open}m`, closeStr = `\\x1b[${close}m`;\n  return function (txt) {\n    if (!$.enabled || txt == null) return txt;\n    return openStr + (String(txt).includes(closeStr) ? String(txt).replace(rgx, closeStr + openStr) : txt) + closeStr;\n  };\n}\n\n$.bold = init(1, 22);\n$.dim = init(2, 22);\n$.red = init(31, 39);\n$.green = init(32, 39);\n$.yellow = init(33, 39);\n$.blue = init(34, 39);\n\nmodule.exports = $;\n",
        'index.d.ts': 'type Colorize = (input: unknown) => string;\nexport declare const enabled: boolean;\nexport declare const bold: Colorize, dim: Colorize, red: Colorize, green: Colorize, yellow: Colorize, blue: Colorize;\n',
        'tea.yaml': `# https://tea.xyz/what-is-this-file\n---\nversion: 1.0.0\ncodeOwners:\n  - '0x${rng.hex(40)}'\nquorum: 1\n`,
        'readme.md': '# kolor-term\n\n> The fastest Node.js library for formatting terminal text with ANSI colors~!\n\n## Features\n\n* No dependencies\n* Super lightweight & performant\n* Supports nested & chained colors\n* Conditional color support (`NO_COLOR`, `FORCE_COLOR`)\n\n## Install\n\n```\n$ npm install --save kolor-term\n```\n',
        license: MIT_LICENSE('Luke Like', 2017),
      }, { description: 'The fastest Node.js library for formatting terminal text with ANSI colors~!', main: 'index.js', types: 'index.d.ts', repository: repo('lukeed-like', 'kolor-term'), license: 'MIT', keywords: ['ansi', 'colors', 'terminal'] }, 4),
    }),
    legit('release tool that legitimately runs `npm publish` (worm-payload look-alike without random names or loops)', {
      name: 'ship-release-cli',
      publisher: person('release-tools'),
      versions: longHistory(rng, 16, 5, {
        'bin/ship.js': "#!/usr/bin/env node\nimport { release } from '../lib/release.js';\n\nconst [, , increment = 'patch', ...rest] = process.argv;\nrelease({ increment, dryRun: rest.includes('--dry-run'), tag: rest.includes('--next') ? 'next' : 'latest' }).catch((error) => {\n  console.error(error.message);\n  process.exit(1);\n});\n",
        'lib/release.js': "import { execFileSync } from 'node:child_process';\nimport { readFileSync, writeFileSync } from 'node:fs';\nimport semver from 'semver';\n\nfunction git(...args) {\n  return execFileSync('git', args, { encoding: 'utf8' }).trim();\n}\n\nexport async function release({ increment, dryRun, tag }) {\n  if (git('status', '--porcelain')) throw new Error('Working tree is not clean; commit or stash first.');\n  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));\n  if (pkg.private) throw new Error('Refusing to publish a private package.');\n  const next = semver.inc(pkg.version, increment);\n  if (!next) throw new Error(`Cannot increment ${pkg.version} by ${increment}`);\n  console.log(`Releasing ${pkg.name} ${pkg.version} -> ${next} (${tag})`);\n  if (dryRun) return;\n  pkg.version = next;\n  writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\\n');\n  git('commit', '-am', `Release ${next}`);\n  git('tag', `v${next}`);\n  execFileSync('npm', ['publish', '--tag', tag], { stdio: 'inherit' });\n  git('push', '--follow-tags');\n}\n",
        'README.md': '# ship-release-cli\n\nBump the version, tag, publish to npm and push, in one command.\n\n```sh\nnpx ship-release-cli minor\nnpx ship-release-cli patch --dry-run\n```\n\nIt refuses to run with a dirty working tree or on a private package.\n',
      }, { description: 'Bump, tag, publish and push in one command', type: 'module', bin: { ship: 'bin/ship.js' }, dependencies: { semver: '^7.6.0' }, repository: repo('release-tools', 'ship-release-cli'), license: 'MIT' }, 2),
    }),
  );

  out.push(
    legit('Indonesian-language library (README and names in Indonesian, with links): must not read as Indonesian-food spam or an SEO farm', {
      name: 'angka-terbilang',
      publisher: person('bagus.pratama'),
      versions: longHistory(rng, 7, 6, {
        'index.js': `'use strict';

const SATUAN = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'];

/** Mengubah bilangan bulat menjadi kata dalam bahasa Indonesia: 125 -> "seratus dua puluh lima". */
function terbilang(n) {
  if (!Number.isInteger(n)) throw new TypeError('angka harus bilangan bulat');
  if (n < 0) return 'minus ' + terbilang(-n);
  if (n < 12) return SATUAN[n] || 'nol';
  if (n < 20) return terbilang(n - 10) + ' belas';
  if (n < 100) return (terbilang(Math.floor(n / 10)) + ' puluh ' + terbilang(n % 10)).trim();
  if (n < 200) return ('seratus ' + terbilang(n - 100)).trim();
  if (n < 1000) return (terbilang(Math.floor(n / 100)) + ' ratus ' + terbilang(n % 100)).trim();
  if (n < 2000) return ('seribu ' + terbilang(n - 1000)).trim();
  if (n < 1e6) return (terbilang(Math.floor(n / 1000)) + ' ribu ' + terbilang(n % 1000)).trim();
  if (n < 1e9) return (terbilang(Math.floor(n / 1e6)) + ' juta ' + terbilang(n % 1e6)).trim();
  return (terbilang(Math.floor(n / 1e9)) + ' miliar ' + terbilang(n % 1e9)).trim();
}

module.exports = terbilang;
module.exports.rupiah = (n) => terbilang(n) + ' rupiah';
`,
        'README.md': '# angka-terbilang\n\n[![npm](https://img.shields.io/npm/v/angka-terbilang.svg)](https://www.npmjs.com/package/angka-terbilang) [![CI](https://github.com/bagus-pratama/angka-terbilang/actions/workflows/ci.yml/badge.svg)](https://github.com/bagus-pratama/angka-terbilang/actions)\n\nUbah angka menjadi kata dalam bahasa Indonesia, misalnya untuk kuitansi dan faktur.\n\n## Instalasi\n\n```sh\nnpm install angka-terbilang\n```\n\n## Penggunaan\n\n```js\nconst terbilang = require(\'angka-terbilang\');\n\nterbilang(2025);            // "dua ribu dua puluh lima"\nterbilang.rupiah(150000);   // "seratus lima puluh ribu rupiah"\n```\n\nLihat juga [dokumentasi lengkap](https://bagus-pratama.github.io/angka-terbilang) dan [contoh di CodeSandbox](https://codesandbox.io/s/angka-terbilang).\n\n## Lisensi\n\nMIT\n',
        'test.js': "const assert = require('assert');\nconst t = require('./');\nassert.strictEqual(t(125), 'seratus dua puluh lima');\nassert.strictEqual(t(11), 'sebelas');\n",
      }, { description: 'Ubah angka menjadi kata dalam bahasa Indonesia (terbilang)', main: 'index.js', scripts: { test: 'node test.js' }, keywords: ['terbilang', 'angka', 'indonesia', 'rupiah'], repository: repo('bagus-pratama', 'angka-terbilang'), license: 'MIT' }),
    }),
    legit('long keyword-chain name that is simply descriptive (vite plugin), with real code', {
      name: 'vite-plugin-remove-unused-css-module-classes',
      publisher: person('frontend-tooling'),
      versions: longHistory(rng, 8, 3, {
        'dist/index.mjs': `import { readFile } from 'node:fs/promises';

const CLASS_IN_CSS = /\\.([A-Za-z_][\\w-]*)/g;

/** Drops CSS-module classes that no importing module references, after the bundle is generated. */
export default function removeUnusedCssModuleClasses(options = {}) {
  const include = options.include ?? /\\.module\\.css$/;
  const used = new Map();
  return {
    name: 'vite-plugin-remove-unused-css-module-classes',
    apply: 'build',
    moduleParsed(info) {
      for (const match of (info.code ?? '').matchAll(/styles\\.([A-Za-z_]\\w*)/g)) used.set(match[1], true);
    },
    async generateBundle(_, bundle) {
      for (const asset of Object.values(bundle)) {
        if (asset.type !== 'asset' || !include.test(asset.fileName)) continue;
        const css = String(asset.source);
        asset.source = css.replace(/([^{}]+)\\{[^}]*\\}/g, (rule, selector) => {
          const classes = [...selector.matchAll(CLASS_IN_CSS)].map((m) => m[1]);
          return classes.length > 0 && classes.every((c) => !used.has(c)) ? '' : rule;
        });
      }
    },
    async buildEnd() {
      if (options.report) console.log(\`[css-modules] kept \${used.size} classes\`, await readFile(options.report, 'utf8').catch(() => ''));
    },
  };
}
`,
        'README.md': '# vite-plugin-remove-unused-css-module-classes\n\nRemoves CSS Modules classes that no component uses from the production bundle.\n\n```js\n// vite.config.js\nimport removeUnused from \'vite-plugin-remove-unused-css-module-classes\';\n\nexport default { plugins: [removeUnused()] };\n```\n',
      }, { description: 'Remove unused CSS Modules classes from Vite builds', type: 'module', exports: './dist/index.mjs', peerDependencies: { vite: '>=5' }, keywords: ['vite-plugin', 'css-modules'], repository: repo('frontend-tooling', 'vite-plugin-remove-unused-css-module-classes'), license: 'MIT' }, 0),
    }),
    legit('a Next.js starter deliberately published as a package: app/ router files, but its own README, real app code and a long history', {
      name: 'nextjs-saas-starter-kit',
      publisher: person('launchpad-studio'),
      maintainers: [person('launchpad-studio'), person('ana.ribeiro')],
      versions: longHistory(rng, 12, 2, {
        'app/layout.tsx': "import type { ReactNode } from 'react';\nimport { AuthProvider } from '@/lib/auth';\nimport './globals.css';\n\nexport const metadata = { title: 'Launchpad SaaS', description: 'Subscriptions, teams and billing out of the box' };\n\nexport default function RootLayout({ children }: { children: ReactNode }) {\n  return (\n    <html lang=\"en\">\n      <body>\n        <AuthProvider>{children}</AuthProvider>\n      </body>\n    </html>\n  );\n}\n",
        'app/(dashboard)/billing/page.tsx': "import { getSubscription, createPortalSession } from '@/lib/billing';\n\nexport default async function BillingPage() {\n  const subscription = await getSubscription();\n  return (\n    <section>\n      <h1>Billing</h1>\n      <p>Plan: {subscription?.plan ?? 'free'}</p>\n      <form action={createPortalSession}><button type=\"submit\">Manage subscription</button></form>\n    </section>\n  );\n}\n",
        'lib/billing.ts': "'use server';\nimport { cookies } from 'next/headers';\nimport { redirect } from 'next/navigation';\n\nconst API = process.env.BILLING_API_URL ?? 'http://localhost:4000';\n\nexport async function getSubscription() {\n  const team = (await cookies()).get('team')?.value;\n  if (!team) return null;\n  const res = await fetch(`${API}/teams/${team}/subscription`, { cache: 'no-store' });\n  return res.ok ? ((await res.json()) as { plan: string; renewsAt: string }) : null;\n}\n\nexport async function createPortalSession() {\n  const res = await fetch(`${API}/portal`, { method: 'POST' });\n  const { url } = (await res.json()) as { url: string };\n  redirect(url);\n}\n",
        'lib/auth.tsx': "'use client';\nimport { createContext, useContext, useState, type ReactNode } from 'react';\n\ntype User = { id: string; email: string; teamId: string } | null;\nconst AuthContext = createContext<{ user: User; setUser: (u: User) => void }>({ user: null, setUser: () => {} });\n\nexport function AuthProvider({ children }: { children: ReactNode }) {\n  const [user, setUser] = useState<User>(null);\n  return <AuthContext.Provider value={{ user, setUser }}>{children}</AuthContext.Provider>;\n}\n\nexport const useAuth = () => useContext(AuthContext);\n",
        'app/globals.css': ':root {\n  --brand: #4f46e5;\n}\n\nbody {\n  font-family: system-ui, sans-serif;\n}\n',
        'next.config.ts': "import type { NextConfig } from 'next';\n\nconst config: NextConfig = { experimental: { serverActions: { bodySizeLimit: '2mb' } } };\n\nexport default config;\n",
        'README.md': '# Launchpad SaaS starter\n\nA production-ready Next.js starter with teams, Stripe-style billing and role-based access.\n\n## Use it\n\n```sh\nnpx create-next-app@latest my-saas --example https://github.com/launchpad-studio/nextjs-saas-starter-kit\n```\n\nor copy it from `node_modules/nextjs-saas-starter-kit` after `npm i nextjs-saas-starter-kit`.\n\n## What is inside\n\n- `app/(dashboard)` — authenticated pages (billing, team, settings)\n- `lib/billing.ts` — server actions talking to your billing API\n- `lib/auth.tsx` — client-side session context\n\nDocs: https://launchpad.example.com/docs\n',
      }, { description: 'Next.js SaaS starter: teams, billing and RBAC', scripts: { dev: 'next dev', build: 'next build', start: 'next start', lint: 'next lint' }, dependencies: { next: '^15.0.0', react: '^19.0.0', 'react-dom': '^19.0.0' }, repository: repo('launchpad-studio', 'nextjs-saas-starter-kit'), license: 'MIT' }, 1),
    }),
  );

  // Generated Unicode data (regexpu-core-like): long method chains of `.addRange(…)` calls. Real
  // packages ship files like this; a static analyser must stay linear on them.
  const unicodeSet = (seed: number, links: number) =>
    Array.from({ length: links }, (_, i) => {
      const start = seed + i * 97 + (i % 7) * 13;
      return `\t\t.addRange(0x${start.toString(16).toUpperCase()}, 0x${(start + 5 + (i % 11)).toString(16).toUpperCase()})`;
    }).join('\n');
  out.push(
    legit('generated Unicode property data (regexpu-core-like): long .addRange() method chains, a shape that must not make static analysis go super-linear', {
      name: 'unicode-property-sets',
      publisher: person('mathias-like'),
      versions: longHistory(rng, 9, 8, {
        'data/character-class-escape-sets.js': `// Generated using \`npm run build\`. Do not edit.\n'use strict';\n\nconst regenerate = require('regenerate');\n\nexports.REGULAR = new Map([\n\t['d', regenerate()\n${unicodeSet(0x30, 12)}],\n\t['s', regenerate(0x20, 0xA0, 0x1680, 0x202F, 0x205F, 0x3000, 0xFEFF)\n${unicodeSet(0x9, 30)}],\n\t['w', regenerate(0x5F)\n${unicodeSet(0x41, 80)}]\n]);\n\nexports.UNICODE_IGNORE_CASE = regenerate()\n${unicodeSet(0x100, 160)};\n`,
        'index.js': "'use strict';\n\nconst sets = require('./data/character-class-escape-sets.js');\n\nmodule.exports = function characterClass(escape, { unicodeIgnoreCase = false } = {}) {\n  if (unicodeIgnoreCase) return sets.UNICODE_IGNORE_CASE;\n  const set = sets.REGULAR.get(escape);\n  if (!set) throw new Error(`Unknown character class escape: \\\\${escape}`);\n  return set;\n};\n",
        'README.md': '# unicode-property-sets\n\nPrecomputed Unicode code point sets for regular expression character class escapes (`\\d`, `\\s`, `\\w`), generated from the Unicode database.\n',
      }, { description: 'Precomputed Unicode sets for regex character class escapes', main: 'index.js', dependencies: { regenerate: '^1.4.2' }, repository: repo('mathias-like', 'unicode-property-sets'), license: 'MIT' }, 10),
    }),
  );

  // A modular utility family: an umbrella package depending on its own per-method packages
  // (lodash.* style), same publisher, each with real code and years of history.
  const methods: [string, string][] = [
    ['chunk', "module.exports = function chunk(array, size) {\n  size = Math.max(Math.trunc(size) || 0, 0);\n  const length = array == null ? 0 : array.length;\n  if (!length || size < 1) return [];\n  const result = [];\n  for (let index = 0; index < length; index += size) result.push(array.slice(index, index + size));\n  return result;\n};\n"],
    ['debounce', "module.exports = function debounce(fn, waitMs = 0) {\n  let timer;\n  function debounced(...args) {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn.apply(this, args), waitMs);\n  }\n  debounced.cancel = () => clearTimeout(timer);\n  return debounced;\n};\n"],
    ['get', "module.exports = function get(object, path, defaultValue) {\n  const keys = Array.isArray(path) ? path : String(path).replace(/\\[(\\d+)\\]/g, '.$1').split('.').filter(Boolean);\n  let result = object;\n  for (const key of keys) {\n    if (result == null) return defaultValue;\n    result = result[key];\n  }\n  return result === undefined ? defaultValue : result;\n};\n"],
    ['uniq', "module.exports = function uniq(array) {\n  return array == null ? [] : Array.from(new Set(array));\n};\n"],
  ];
  const fpAuthor = person('fxutil-maintainer');
  for (const [method, code] of methods) {
    out.push(
      legit('per-method package of a modular utility library (lodash.*-like): same publisher as its umbrella, real code, years of history', {
        name: `fxutil.${method}`,
        publisher: fpAuthor,
        versions: longHistory(rng, 4, 7, {
          'index.js': code,
          'README.md': `# fxutil.${method} v4\n\nThe [fxutil](https://fxutil.dev/) method \`_.${method}\` exported as a [Node.js](https://nodejs.org/) module.\n\n## Installation\n\n\`\`\`bash\n$ npm i --save fxutil.${method}\n\`\`\`\n\nSee the [documentation](https://fxutil.dev/docs#${method}) for more details.\n`,
          LICENSE: MIT_LICENSE('fxutil contributors', 2016),
        }, { description: `The fxutil method _.${method} exported as a module.`, main: 'index.js', homepage: 'https://fxutil.dev/', repository: repo('fxutil', 'fxutil'), license: 'MIT', keywords: ['fxutil-modularized', method] }, 4),
      }),
    );
  }
  out.push(
    legit('umbrella of a modular utility library: depends on several packages of its own publisher (tea-farming look-alike)', {
      name: 'fxutil-all',
      publisher: fpAuthor,
      versions: longHistory(rng, 6, 7, {
        'index.js': methods.map(([m]) => `exports.${m} = require('fxutil.${m}');`).join('\n') + '\n',
        'README.md': '# fxutil-all\n\nAll fxutil methods in one import, each maintained as its own package so you can also install them one by one.\n\n```js\nconst _ = require(\'fxutil-all\');\n_.chunk([1, 2, 3, 4], 2); // [[1, 2], [3, 4]]\n```\n',
      }, { description: 'All fxutil methods', main: 'index.js', dependencies: Object.fromEntries(methods.map(([m]) => [`fxutil.${m}`, '^4.0.0'])), homepage: 'https://fxutil.dev/', repository: repo('fxutil', 'fxutil'), license: 'MIT' }, 4),
    }),
  );
  return out;
}

/**
 * Real-shaped stand-ins for the public packages the worm scaffolds depend on (next, react,
 * react-dom), so the corpus project resolves without anything outside the corpus. They are
 * legitimate packages and count in the false-positive figures like any other.
 */
function frameworkStandIns(rng: Rng): CorpusEntry[] {
  const vercel = person('vercel-release-bot');
  const reactBot = person('react-bot');
  const reactCode = (flavour: string) => `/**\n * @license ${flavour} v19.0.0\n *\n * Copyright (c) Meta Platforms, Inc. and affiliates.\n *\n * This source code is licensed under the MIT license found in the\n * LICENSE file in the root directory of this source tree.\n */\n\n'use strict';\n\nvar REACT_ELEMENT_TYPE = Symbol.for('react.transitional.element');\nvar REACT_FRAGMENT_TYPE = Symbol.for('react.fragment');\n\nfunction createElement(type, config, children) {\n  var props = {};\n  var key = null;\n  if (config != null) {\n    if (config.key !== undefined) key = '' + config.key;\n    for (var propName in config) {\n      if (Object.prototype.hasOwnProperty.call(config, propName) && propName !== 'key') props[propName] = config[propName];\n    }\n  }\n  var childrenLength = arguments.length - 2;\n  if (childrenLength === 1) props.children = children;\n  else if (childrenLength > 1) props.children = Array.prototype.slice.call(arguments, 2);\n  return { $$typeof: REACT_ELEMENT_TYPE, type: type, key: key, props: props };\n}\n\nexports.Fragment = REACT_FRAGMENT_TYPE;\nexports.createElement = createElement;\nexports.version = '19.0.0';\n`;
  const reactVersions = (name: string, flavour: string, extra: Record<string, unknown>) => {
    const list = ['18.2.0', '18.3.1', '19.0.0'];
    const dates = [ago(3 * YEAR_MS), ago(YEAR_MS + 200 * DAY_MS), ago(360 * DAY_MS)];
    return list.map((v, i) =>
      version(v, at(dates[i]!, name === 'react-dom' ? 30 * SECOND_MS : 0), {
        'index.js': `'use strict';\n\nif (process.env.NODE_ENV === 'production') {\n  module.exports = require('./cjs/${name}.production.js');\n} else {\n  module.exports = require('./cjs/${name}.development.js');\n}\n`,
        [`cjs/${name}.production.js`]: reactCode(flavour),
        [`cjs/${name}.development.js`]: reactCode(flavour) + "\nif (process.env.NODE_ENV !== 'production') console.debug('development build');\n",
        'README.md': `# \`${name}\`\n\n${flavour === 'React' ? 'React is a JavaScript library for creating user interfaces.' : 'This package serves as the entry point to the DOM and server renderers for React.'}\n\n## Usage\n\n\`\`\`js\nimport { useState } from 'react';\n\`\`\`\n`,
        LICENSE: MIT_LICENSE('Meta Platforms, Inc. and affiliates.', 2013),
      }, { description: flavour === 'React' ? 'React is a JavaScript library for building user interfaces.' : 'React package for working with the DOM.', main: 'index.js', keywords: ['react'], homepage: 'https://react.dev/', repository: { type: 'git', url: 'https://github.com/facebook/react.git', directory: `packages/${name}` }, license: 'MIT', engines: { node: '>=0.10.0' }, ...extra }),
    );
  };
  const nextVersions = ['13.5.6', '14.2.3', '15.0.3'].map((v, i) =>
    version(v, ago((3 - i) * 300 * DAY_MS), {
      'dist/server/next.js': "\"use strict\";\nObject.defineProperty(exports, \"__esModule\", { value: true });\nconst http = require(\"http\");\n\nfunction createServer(options) {\n  const dir = options.dir || process.cwd();\n  const dev = Boolean(options.dev);\n  return {\n    prepare: async () => undefined,\n    getRequestHandler: () => (req, res) => {\n      res.statusCode = 200;\n      res.end(dev ? `dev server for ${dir}` : 'ok');\n    },\n    listen: (port) => http.createServer().listen(port),\n  };\n}\n\nexports.default = createServer;\n",
      'dist/bin/next': '#!/usr/bin/env node\n"use strict";\nconst command = process.argv[2] || "dev";\nconst server = require("../server/next.js").default({ dev: command === "dev" });\nserver.prepare().then(() => console.log(`next ${command} ready`));\n',
      'index.d.ts': 'export { default } from "./dist/server/next";\n',
      'README.md': '<div align="center">\n  <h1>Next.js</h1>\n</div>\n\n## Getting Started\n\nUsed by some of the world\'s largest companies, Next.js enables you to create full-stack web applications by extending the latest React features.\n\n- Visit our [Learn Next.js](https://nextjs.org/learn) course to get started with Next.js.\n- Visit the [Next.js Showcase](https://nextjs.org/showcase) to see more sites built with Next.js.\n\n## Documentation\n\nVisit [https://nextjs.org/docs](https://nextjs.org/docs) to view the full documentation.\n',
      license: MIT_LICENSE('Vercel, Inc.', 2024),
    }, { description: 'The React Framework', main: './dist/server/next.js', types: 'index.d.ts', bin: { next: './dist/bin/next' }, homepage: 'https://nextjs.org', repository: 'vercel/next.js', license: 'MIT', peerDependencies: { react: '^18.2.0 || ^19.0.0', 'react-dom': '^18.2.0 || ^19.0.0' }, engines: { node: '^18.18.0 || ^19.8.0 || >= 20.0.0' } }),
  );
  void rng;
  return [
    legit('stand-in for react (framework the worm scaffolds depend on)', { name: 'react', publisher: reactBot, versions: reactVersions('react', 'React', {}) }),
    legit('stand-in for react-dom', { name: 'react-dom', publisher: reactBot, versions: reactVersions('react-dom', 'ReactDOM', { peerDependencies: { react: '^19.0.0' } }) }),
    legit('stand-in for next', { name: 'next', publisher: vercel, versions: nextVersions }),
  ];
}

export function legitFamily(rng: Rng): FamilyOutput {
  const prolific = prolificAuthor(rng);
  return {
    entries: [...tinyUtilities(rng), ...installScripts(rng), ...scaffolders(rng), ...monorepos(rng), ...prolific.entries, ...others(rng), ...frameworkStandIns(rng)],
    publisherVolume: prolific.publisherVolume,
  };
}
