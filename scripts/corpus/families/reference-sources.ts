/**
 * Small "popular" packages for the reference-index tests and the clone corpus: a terminal colour
 * helper, a class-name joiner, a deep merge and a duration parser, written here in the manner of
 * the classics copiers favour (picocolors, clsx, deepmerge, ms) — not their code. `disguise()` is
 * what a copier does to such code: rename identifiers, reformat, drop the licence header.
 */

export interface ReferenceSource {
  name: string;
  repository: string;
  code: string;
  readme: string;
  /** Identifiers a copier renames (old -> new). */
  renames: Record<string, string>;
}

const LICENCE = (who: string) => `/*!\n * ${who}\n * Copyright (c) 2019 ${who} contributors\n * Released under the MIT License.\n */\n`;

export const TINTED: ReferenceSource = {
  name: 'tinted',
  repository: 'git+https://github.com/tinted-dev/tinted.git',
  code: `${LICENCE('tinted')}'use strict';

var argv = process.argv || [];
var env = process.env || {};
var isColorSupported =
  !('NO_COLOR' in env || argv.includes('--no-color')) &&
  ('FORCE_COLOR' in env || argv.includes('--color') || process.platform === 'win32' ||
    (require != null && require('tty').isatty(1) && env.TERM !== 'dumb') || 'CI' in env);

function formatter(open, close, replace) {
  if (replace === undefined) replace = open;
  return function (input) {
    var string = '' + input;
    var index = string.indexOf(close, open.length);
    return ~index ? open + replaceClose(string, close, replace, index) + close : open + string + close;
  };
}

function replaceClose(string, close, replace, index) {
  var result = '';
  var cursor = 0;
  do {
    result += string.substring(cursor, index) + replace;
    cursor = index + close.length;
    index = string.indexOf(close, cursor);
  } while (~index);
  return result + string.substring(cursor);
}

function createColors(enabled) {
  if (enabled === undefined) enabled = isColorSupported;
  var f = enabled ? formatter : function () { return String; };
  return {
    isColorSupported: enabled,
    reset: f('\\x1b[0m', '\\x1b[0m'),
    bold: f('\\x1b[1m', '\\x1b[22m', '\\x1b[22m\\x1b[1m'),
    dim: f('\\x1b[2m', '\\x1b[22m', '\\x1b[22m\\x1b[2m'),
    italic: f('\\x1b[3m', '\\x1b[23m'),
    underline: f('\\x1b[4m', '\\x1b[24m'),
    inverse: f('\\x1b[7m', '\\x1b[27m'),
    hidden: f('\\x1b[8m', '\\x1b[28m'),
    strikethrough: f('\\x1b[9m', '\\x1b[29m'),
    black: f('\\x1b[30m', '\\x1b[39m'),
    red: f('\\x1b[31m', '\\x1b[39m'),
    green: f('\\x1b[32m', '\\x1b[39m'),
    yellow: f('\\x1b[33m', '\\x1b[39m'),
    blue: f('\\x1b[34m', '\\x1b[39m'),
    magenta: f('\\x1b[35m', '\\x1b[39m'),
    cyan: f('\\x1b[36m', '\\x1b[39m'),
    white: f('\\x1b[37m', '\\x1b[39m'),
    gray: f('\\x1b[90m', '\\x1b[39m'),
  };
}

module.exports = createColors();
module.exports.createColors = createColors;
`,
  readme: `# tinted\n\nThe tiniest and the fastest library for terminal output formatting with ANSI colors.\n\n\`\`\`js\nimport tint from 'tinted'\nconsole.log(tint.green('How are ' + tint.italic('you') + ' doing?'))\n\`\`\`\n\n- No dependencies at all, and a fraction of the size of the classics.\n- Supports environments where colours are disabled with NO_COLOR and forced with FORCE_COLOR.\n- Works in CommonJS and in ES modules alike, in Node and in Deno.\n`,
  renames: { formatter: 'mk', replaceClose: 'swap', createColors: 'build', isColorSupported: 'canPaint', string: 's', index: 'at', result: 'acc', cursor: 'pos' },
};

export const CLASSJOIN: ReferenceSource = {
  name: 'classjoin',
  repository: 'git+https://github.com/classjoin/classjoin.git',
  code: `${LICENCE('classjoin')}function toVal(mix) {
  var k, y, str = '';
  if (typeof mix === 'string' || typeof mix === 'number') {
    str += mix;
  } else if (typeof mix === 'object') {
    if (Array.isArray(mix)) {
      var len = mix.length;
      for (k = 0; k < len; k++) {
        if (mix[k]) {
          if (y = toVal(mix[k])) {
            str && (str += ' ');
            str += y;
          }
        }
      }
    } else {
      for (y in mix) {
        if (mix[y]) {
          str && (str += ' ');
          str += y;
        }
      }
    }
  }
  return str;
}

function classjoin() {
  var i = 0, tmp, x, str = '', len = arguments.length;
  for (; i < len; i++) {
    if (tmp = arguments[i]) {
      if (x = toVal(tmp)) {
        str && (str += ' ');
        str += x;
      }
    }
  }
  return str;
}

module.exports = classjoin;
module.exports.classjoin = classjoin;
module.exports.default = classjoin;
`,
  readme: `# classjoin\n\nA tiny utility for constructing className strings conditionally, from strings, objects and arrays.\n\n\`\`\`js\nconst cj = require('classjoin')\ncj('foo', { bar: true, baz: false }, ['qux'])\n\`\`\`\n\nAlso serves as a faster and smaller drop-in replacement for the older class name helpers.\n`,
  renames: { toVal: 'flat', mix: 'v', str: 'out', classjoin: 'cx', tmp: 'a', len: 'n' },
};

export const MERGEWISE: ReferenceSource = {
  name: 'mergewise',
  repository: 'git+https://github.com/mergewise/mergewise.git',
  code: `${LICENCE('mergewise')}'use strict';

function isMergeableObject(value) {
  return !!value && typeof value === 'object' && !isSpecial(value);
}

function isSpecial(value) {
  var stringValue = Object.prototype.toString.call(value);
  return stringValue === '[object RegExp]' || stringValue === '[object Date]';
}

function emptyTarget(val) {
  return Array.isArray(val) ? [] : {};
}

function cloneUnlessOtherwiseSpecified(value, options) {
  return options.clone !== false && options.isMergeableObject(value) ? mergewise(emptyTarget(value), value, options) : value;
}

function defaultArrayMerge(target, source, options) {
  return target.concat(source).map(function (element) {
    return cloneUnlessOtherwiseSpecified(element, options);
  });
}

function getKeys(target) {
  return Object.keys(target).concat(Object.getOwnPropertySymbols ? Object.getOwnPropertySymbols(target).filter(function (symbol) {
    return Object.propertyIsEnumerable.call(target, symbol);
  }) : []);
}

function mergeObject(target, source, options) {
  var destination = {};
  if (options.isMergeableObject(target)) {
    getKeys(target).forEach(function (key) {
      destination[key] = cloneUnlessOtherwiseSpecified(target[key], options);
    });
  }
  getKeys(source).forEach(function (key) {
    if (key === '__proto__' || key === 'constructor') return;
    if (key in target && options.isMergeableObject(source[key])) {
      destination[key] = mergewise(target[key], source[key], options);
    } else {
      destination[key] = cloneUnlessOtherwiseSpecified(source[key], options);
    }
  });
  return destination;
}

function mergewise(target, source, options) {
  options = options || {};
  options.arrayMerge = options.arrayMerge || defaultArrayMerge;
  options.isMergeableObject = options.isMergeableObject || isMergeableObject;
  var sourceIsArray = Array.isArray(source);
  var targetIsArray = Array.isArray(target);
  if (sourceIsArray !== targetIsArray) return cloneUnlessOtherwiseSpecified(source, options);
  if (sourceIsArray) return options.arrayMerge(target, source, options);
  return mergeObject(target, source, options);
}

mergewise.all = function mergeAll(array, options) {
  if (!Array.isArray(array)) throw new Error('first argument should be an array');
  return array.reduce(function (prev, next) {
    return mergewise(prev, next, options);
  }, {});
};

module.exports = mergewise;
`,
  readme: `# mergewise\n\nMerges the enumerable properties of two or more objects deeply, returning a new object.\n\n\`\`\`js\nconst merge = require('mergewise')\nmerge({ a: [1] }, { a: [2], b: 3 })\n\`\`\`\n\nArrays are concatenated by default; pass arrayMerge to change that. Dates and regular expressions are copied as they are.\n`,
  renames: { isMergeableObject: 'canMerge', isSpecial: 'special', emptyTarget: 'blank', cloneUnlessOtherwiseSpecified: 'cp', defaultArrayMerge: 'arr', getKeys: 'keys', mergeObject: 'obj', mergewise: 'dm', destination: 'out', target: 't', source: 's', options: 'o' },
};

export const SPANTIME: ReferenceSource = {
  name: 'spantime',
  repository: 'git+https://github.com/spantime/spantime.git',
  code: `${LICENCE('spantime')}var s = 1000;
var m = s * 60;
var h = m * 60;
var d = h * 24;
var w = d * 7;
var y = d * 365.25;

module.exports = function (val, options) {
  options = options || {};
  var type = typeof val;
  if (type === 'string' && val.length > 0) {
    return parse(val);
  } else if (type === 'number' && isFinite(val)) {
    return options.long ? fmtLong(val) : fmtShort(val);
  }
  throw new Error('val is not a non-empty string or a valid number. val=' + JSON.stringify(val));
};

function parse(str) {
  str = String(str);
  if (str.length > 100) return;
  var match = /^(-?(?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)?$/i.exec(str);
  if (!match) return;
  var n = parseFloat(match[1]);
  var type = (match[2] || 'ms').toLowerCase();
  switch (type) {
    case 'years': case 'year': case 'yrs': case 'yr': case 'y': return n * y;
    case 'weeks': case 'week': case 'w': return n * w;
    case 'days': case 'day': case 'd': return n * d;
    case 'hours': case 'hour': case 'hrs': case 'hr': case 'h': return n * h;
    case 'minutes': case 'minute': case 'mins': case 'min': case 'm': return n * m;
    case 'seconds': case 'second': case 'secs': case 'sec': case 's': return n * s;
    case 'milliseconds': case 'millisecond': case 'msecs': case 'msec': case 'ms': return n;
    default: return undefined;
  }
}

function fmtShort(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) return Math.round(ms / d) + 'd';
  if (msAbs >= h) return Math.round(ms / h) + 'h';
  if (msAbs >= m) return Math.round(ms / m) + 'm';
  if (msAbs >= s) return Math.round(ms / s) + 's';
  return ms + 'ms';
}

function fmtLong(ms) {
  var msAbs = Math.abs(ms);
  if (msAbs >= d) return plural(ms, msAbs, d, 'day');
  if (msAbs >= h) return plural(ms, msAbs, h, 'hour');
  if (msAbs >= m) return plural(ms, msAbs, m, 'minute');
  if (msAbs >= s) return plural(ms, msAbs, s, 'second');
  return ms + ' ms';
}

function plural(ms, msAbs, n, name) {
  var isPlural = msAbs >= n * 1.5;
  return Math.round(ms / n) + ' ' + name + (isPlural ? 's' : '');
}
`,
  readme: `# spantime\n\nUse this package to easily convert various time formats to milliseconds, and milliseconds back to words.\n\n\`\`\`js\nspan('2 days')  // 172800000\nspan('1h')      // 3600000\nspan(60000, { long: true }) // "1 minute"\n\`\`\`\n\nWorks in Node and in the browser, with no dependencies.\n`,
  renames: { parse: 'rd', fmtShort: 'sh', fmtLong: 'lg', plural: 'pl', msAbs: 'abs', match: 'mm', options: 'opt', val: 'input' },
};

export const REFERENCE_SOURCES: readonly ReferenceSource[] = [TINTED, CLASSJOIN, MERGEWISE, SPANTIME];

/**
 * What a copier does: drop the licence header, rename identifiers, reflow the code (one statement
 * per line becomes long lines, indentation changes, double quotes), and `var` becomes `const`.
 */
export function disguise(source: ReferenceSource): string {
  let code = source.code.replace(/^\/\*![\s\S]*?\*\/\n/, '');
  for (const [from, to] of Object.entries(source.renames)) code = code.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
  return code
    .replace(/\bvar\b/g, 'let')
    .replace(/'((?:\\.|[^'\\\n])*)'/g, (whole, body: string) => (body.includes('"') ? whole : `"${body}"`))
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\{\n/g, '{ ')
    .replace(/;\n(?!})/g, '; ');
}
