/**
 * Static values: what an expression is known to be without running it. Spam and malware hide the
 * interesting call behind aliases and string building, so `const cp = require('child' + '_process');
 * const { exec: run } = cp;` makes `run(...)` a call of `child_process.exec`. Bindings are tracked per
 * file by name, without scopes: good enough for heuristics, and cheap.
 */
import { foldCall, type Constant } from './fold.js';
import { tableString, type StringTables } from './string-table.js';
import { FUNCTION_TYPES, type AstNode, type StaticValue } from './types.js';

const GLOBAL_ALIASES = new Set(['globalThis', 'global', 'window', 'self']);
const KNOWN_GLOBALS = new Set([
  'require', 'process', 'Buffer', 'eval', 'Function', 'setInterval', 'setTimeout', 'setImmediate', 'fetch', 'atob',
  'btoa', 'Math', 'String', 'JSON', 'Object', 'crypto', 'module', 'unescape', 'decodeURIComponent', 'Date', 'Reflect',
  // The browser's own ways out: `navigator.sendBeacon(u, data)`, `new XMLHttpRequest()`, `new WebSocket(u)`.
  'navigator', 'XMLHttpRequest', 'WebSocket',
  // Bun's and Deno's own APIs: files, shells and the environment without node's modules (`Bun.file`, `Deno.Command`).
  'Bun', 'Deno',
  // jQuery's requests (`$.ajax`, `jQuery.post`) in page scripts; a `$` the file binds (zx, bun) is that binding instead.
  '$', 'jQuery',
  ...GLOBAL_ALIASES,
]);

interface Binding {
  init: AstNode;
  /** Destructured property: `const { exec } = init` binds `exec` to `init.exec`. */
  property?: string;
}

/**
 * The bindings of one file and the memoised resolution of its expressions. A class of its own because
 * resolution is recursive over its own caches; the walk holds one (composition, not inheritance).
 */
export class StaticValues {
  readonly bindings = new Map<string, Binding[]>();
  readonly importBindings = new Map<string, StaticValue>();
  readonly mutated = new Set<string>();
  /** Arrays whose elements the file writes (`table[j] ^= k`, `bytes.push(b)`): never folded into a decoded string. */
  readonly elementsWritten = new Set<string>();
  /** A bundle's modules that only re-export a require (webpack/ncc externals): module id → required name. */
  readonly bundledModules = new Map<string, string>();
  /** javascript-obfuscator's decoders and their rotated string arrays (string-table.ts). */
  stringTables: StringTables = new Map();
  /** The file's own top-level string helpers, folded over constant arguments (fold.ts). */
  helpers = new Map<string, AstNode>();
  /** Top-level tables of literals those helpers may read (a XOR key, an object of encoded names). */
  constantTables = new Map<string, Constant>();
  /** Interpreter steps left for all of this file's folds (fold.ts). */
  readonly foldBudget = { left: 1_000_000 };
  private readonly nameCache = new Map<string, StaticValue | null>();
  private readonly namesInProgress = new Set<string>();
  private readonly resolved = new Map<AstNode, StaticValue | null>();
  /** Set while resolving when a result depended on the depth cap or on a name still in progress. */
  private resolutionIncomplete = false;

  bindPattern(pattern: AstNode, init: AstNode): void {
    if (pattern.type === 'Identifier') this.addBinding(pattern.name, { init });
    else if (pattern.type === 'ArrayPattern') {
      (pattern.elements as (AstNode | null)[]).forEach((element, i) => {
        if (element?.type === 'Identifier') this.addBinding(element.name as string, { init, property: String(i) });
      });
    } else if (pattern.type === 'ObjectPattern') {
      for (const prop of pattern.properties as AstNode[]) {
        if (prop.type !== 'Property') continue;
        const key = prop.computed ? undefined : (prop.key.name ?? prop.key.value);
        const target = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
        if (typeof key === 'string' && target.type === 'Identifier') this.addBinding(target.name, { init, property: key });
      }
    }
  }

  private addBinding(name: string, binding: Binding): void {
    const list = this.bindings.get(name);
    if (list) {
      if (list.length < 8) list.push(binding);
    } else this.bindings.set(name, [binding]);
  }

  /**
   * Memoised per node: a chain like `[].concat(a).concat(b)…` is resolved from every call in it,
   * and each level resolves its object twice (callee and method target), which is exponential in
   * the chain length without a memo (a 5 KB test fixture took seconds). A result that met the depth
   * cap or a name still being resolved depends on where it was asked from, so it is not kept.
   */
  resolve(node: AstNode | null | undefined, depth = 0): StaticValue | undefined {
    if (!node) return undefined;
    if (depth > 48) {
      this.resolutionIncomplete = true;
      return undefined;
    }
    // Leaves need no memo: a literal is its value, and a name's resolution is memoised by name
    // (resolveName). Hashing every leaf node into the memo was the walk's dearest lookup.
    if (node.type === 'Literal' || node.type === 'Identifier') return this.resolveNode(node, depth);
    // One lookup per call: an unresolvable node is memoised as null.
    const known = this.resolved.get(node);
    if (known !== undefined) return known ?? undefined;
    const outerIncomplete = this.resolutionIncomplete;
    this.resolutionIncomplete = false;
    const value = this.resolveNode(node, depth);
    if (!this.resolutionIncomplete) this.resolved.set(node, value ?? null);
    this.resolutionIncomplete ||= outerIncomplete;
    return value;
  }

  private resolveNode(node: AstNode, depth: number): StaticValue | undefined {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') return { kind: 'string', value: node.value, partial: false };
        if (typeof node.value === 'number' || typeof node.value === 'boolean') return { kind: 'string', value: String(node.value), partial: false };
        return undefined;
      case 'TemplateLiteral': {
        let value = '';
        let partial = false;
        (node.quasis as AstNode[]).forEach((quasi, i) => {
          value += quasi.value.cooked ?? quasi.value.raw;
          const expr = (node.expressions as AstNode[])[i];
          if (expr) {
            const part = stringValue(this.resolve(expr, depth + 1));
            if (part === undefined) partial = true;
            value += part ?? '…';
          }
        });
        return { kind: 'string', value, partial };
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return undefined;
        const left = this.resolve(node.left, depth + 1);
        const right = this.resolve(node.right, depth + 1);
        const l = stringValue(left);
        const r = stringValue(right);
        if (l === undefined && r === undefined) return undefined;
        const partial = l === undefined || r === undefined || isPartial(left) || isPartial(right);
        return { kind: 'string', value: `${l ?? '…'}${r ?? '…'}`, partial };
      }
      case 'Identifier':
        return this.resolveName(node.name, depth);
      case 'MemberExpression': {
        const property = node.computed ? propertyKey(this.resolve(node.property, depth + 1)) : node.property.name;
        if (typeof property !== 'string') return undefined;
        const described = this.describedMember(node.object, property, depth);
        if (described) return described;
        const object = this.resolve(node.object, depth + 1);
        // `Object.entries(cp).find(…)[1]`: an item of a known array.
        if (object?.kind === 'array') return /^\d+$/.test(property) ? object.items[Number(property)] : undefined;
        return memberOf(object, property);
      }
      case 'ChainExpression':
      case 'AwaitExpression':
        return this.resolve(node.expression ?? node.argument, depth + 1);
      case 'SequenceExpression':
        return this.resolve((node.expressions as AstNode[]).at(-1), depth + 1);
      case 'LogicalExpression':
        return this.resolve(node.left, depth + 1) ?? this.resolve(node.right, depth + 1);
      case 'ConditionalExpression':
        return this.resolve(node.consequent, depth + 1) ?? this.resolve(node.alternate, depth + 1);
      case 'ArrayExpression':
        return { kind: 'array', items: (node.elements as (AstNode | null)[]).map((e) => (e && e.type !== 'SpreadElement' ? this.resolve(e, depth + 1) : undefined)) };
      case 'ImportExpression': {
        const name = stringValue(this.resolve(node.source, depth + 1));
        return name !== undefined ? { kind: 'module', name: normalizeModule(name) } : undefined;
      }
      case 'CallExpression':
        return this.resolveCall(node, depth);
      case 'NewExpression':
        // `new URL('./package.json', import.meta.url)` names the file its first argument names.
        if (node.callee.type === 'Identifier' && node.callee.name === 'URL') return this.resolve((node.arguments as AstNode[])[0], depth + 1);
        return undefined;
      default:
        // A function is a value only as require under another name (requireWrapper).
        return requireWrapper(node) ? { kind: 'global', path: ['require'] } : undefined;
    }
  }

  private resolveName(name: string, depth: number): StaticValue | undefined {
    const imported = this.importBindings.get(name);
    if (imported) return imported;
    // `s += chunk` accumulates data at run time: its value is not the initial constant.
    if (this.mutated.has(name)) return undefined;
    const bindings = this.bindings.get(name);
    if (bindings) {
      // Scope-less bindings resolve the same everywhere: resolve each name once. A name met again
      // while it is being resolved (`x = x + 1`, mutual aliases) is unknown, not a loop.
      if (this.nameCache.has(name)) {
        const known = this.nameCache.get(name);
        if (known === null && this.namesInProgress.has(name)) this.resolutionIncomplete = true;
        return known ?? undefined;
      }
      this.namesInProgress.add(name);
      this.nameCache.set(name, null);
      let resolved: StaticValue | undefined;
      for (const binding of bindings) {
        const value = this.resolve(binding.init, depth + 1);
        resolved = binding.property !== undefined ? memberOf(value, binding.property) : value;
        if (resolved) break;
      }
      this.nameCache.set(name, resolved ?? null);
      this.namesInProgress.delete(name);
      return resolved;
    }
    if (name === '__dirname' || name === '__filename') return { kind: 'string', value: '…', partial: true };
    return KNOWN_GLOBALS.has(name) ? { kind: 'global', path: GLOBAL_ALIASES.has(name) ? [] : [name] } : undefined;
  }

  private resolveCall(node: AstNode, depth: number): StaticValue | undefined {
    // `a.b(...)`: the object is resolved once and serves both as callee (`a.b`) and as method
    // target below. Resolving it twice per link doubled the work per link of `x.f().f().f()…`,
    // and past the depth cap (where the memo does not apply) a 60-link chain never finished.
    const plainMethod = node.callee.type === 'MemberExpression' && !node.callee.computed && node.callee.property.type === 'Identifier';
    const target = plainMethod ? this.resolve(node.callee.object, depth + 1) : undefined;
    const callee = plainMethod ? memberOf(target, node.callee.property.name as string) : this.resolve(node.callee, depth + 1);
    const call: ResolvedCall = { node, depth, name: qualifiedName(callee), args: node.arguments as AstNode[], method: plainMethod ? (node.callee.property.name as string) : undefined, target };
    const arg = (i: number) => this.resolve(call.args[i], depth + 1);
    // Checked in this order: the first that knows the call answers.
    return this.loaderCall(call, arg) ?? this.methodOfFunction(call) ?? this.knownFunctionCall(call, arg) ?? (call.method !== undefined ? this.methodOnValue(call, arg) : this.decoderCall(call));
  }

  /**
   * A call of one of the file's own decoders: javascript-obfuscator's string-array decoder
   * (`_0x52f1(0x1b4)`, string-table.ts), or a helper such as `d([99, 104, …])` folded over
   * constants (fold.ts). The string it returns.
   */
  private decoderCall({ node, depth }: ResolvedCall): StaticValue | undefined {
    if (node.callee.type !== 'Identifier') return undefined;
    const name = node.callee.name as string;
    if (this.stringTables.has(name)) {
      const text = tableString(this.stringTables, name, node.arguments as AstNode[]);
      return text !== undefined ? { kind: 'string', value: text, partial: false } : undefined;
    }
    const helper = this.helpers.get(name);
    if (!helper || (node.arguments as AstNode[]).length === 0) return undefined;
    // The file's constant strings, and its lists of them (a table the helper indexes: `_s[i]`).
    const constant = (name: string): Constant => {
      const table = this.constantTables.get(name);
      if (table !== undefined && typeof table !== 'string') return table;
      const value = this.resolveName(name, depth + 1);
      if (value?.kind === 'string') return value.partial ? undefined : value.value;
      if (value?.kind !== 'array' || value.items.length > 10_000) return undefined;
      const items = value.items.map((item) => (item?.kind === 'string' && !item.partial ? item.value : undefined));
      return items.every((item) => item !== undefined) ? (items as string[]) : undefined;
    };
    const text = foldCall(helper, node.arguments as AstNode[], constant, this.foldBudget);
    return text !== undefined ? { kind: 'string', value: text, partial: false } : undefined;
  }

  /** `require(x)` and its aliases, `util.promisify(f)`, `Reflect.get(o, k)`: another name for a module or function. */
  private loaderCall({ name, node }: ResolvedCall, arg: (i: number) => StaticValue | undefined): StaticValue | undefined {
    // Compilers wrap each require in an interop helper of their own: the module is still the module.
    const word = calleeWord(node.callee);
    if (INTEROP_HELPERS.has(word)) return arg(0);
    if (BUNDLE_REQUIRE.test(word)) {
      const [id] = node.arguments as AstNode[];
      const required = id?.type === 'Literal' ? this.bundledModules.get(String(id.value)) : undefined;
      return required !== undefined ? { kind: 'module', name: normalizeModule(required) } : undefined;
    }
    if (name === 'require' || name === 'module.require' || name === 'process.mainModule.require' || name === 'module.createRequire') {
      const target = stringValue(arg(0));
      return target !== undefined && name !== 'module.createRequire' ? { kind: 'module', name: normalizeModule(target) } : name === 'module.createRequire' ? { kind: 'global', path: ['require'] } : undefined;
    }
    if (name === 'util.promisify' || name === 'promisify') return arg(0);
    // Node's module loader called directly: `module.constructor._load('child_process')`, `require('module')._load(…)`.
    if (name !== undefined && /^(?:module\.constructor|process\.mainModule\.constructor|module|Module)\._load$/.test(name)) {
      const target = stringValue(arg(0));
      return target !== undefined ? { kind: 'module', name: normalizeModule(target) } : undefined;
    }
    // Indirect names for the same function: `Reflect.get(os, 'hostname')`, `fn.bind(thisArg)`.
    if (name === 'Reflect.get') {
      const key = stringValue(arg(1));
      return key !== undefined ? memberOf(arg(0), key) : undefined;
    }
    return undefined;
  }

  /** `Object.getOwnPropertyDescriptor(os, 'hostname').value` (or `.get`) is os.hostname. */
  private describedMember(object: AstNode, property: string, depth: number): StaticValue | undefined {
    if (property === 'constructor' && this.isFunctionValue(object, depth)) return { kind: 'global', path: ['Function'] };
    if ((property !== 'value' && property !== 'get') || object.type !== 'CallExpression') return undefined;
    const name = qualifiedName(this.resolve(object.callee, depth + 1));
    if (name !== 'Object.getOwnPropertyDescriptor' && name !== 'Reflect.getOwnPropertyDescriptor') return undefined;
    const [owner, key] = object.arguments as AstNode[];
    const k = key ? stringValue(this.resolve(key, depth + 1)) : undefined;
    return owner && k !== undefined ? memberOf(this.resolve(owner, depth + 1), k) : undefined;
  }

  /**
   * Whether `object.constructor` is the Function constructor (or AsyncFunction, which compiles code
   * the same way): `Function.constructor`, `(function(){}).constructor`, `(async () => {}).constructor`,
   * `Object.getPrototypeOf(async function(){}).constructor`, `Function.prototype.constructor`.
   * Loaders write `new (Function.constructor)('require', payload)` so that no `Function(` shows.
   */
  private isFunctionValue(object: AstNode, depth: number): boolean {
    if (/^(FunctionExpression|ArrowFunctionExpression)$/.test(object.type)) return true;
    if (object.type === 'CallExpression') {
      const name = qualifiedName(this.resolve(object.callee, depth + 1));
      const [argument] = object.arguments as AstNode[];
      return (name === 'Object.getPrototypeOf' || name === 'Reflect.getPrototypeOf') && argument !== undefined && /^(FunctionExpression|ArrowFunctionExpression)$/.test(argument.type);
    }
    const name = qualifiedName(this.resolve(object, depth + 1));
    return name === 'Function' || name === 'Function.prototype';
  }

  /** `fn.bind(thisArg)` is fn; `Object.keys(os).find(…)` a member picked by its key (pickedKey). */
  private methodOfFunction({ node, depth, method, target }: ResolvedCall): StaticValue | undefined {
    if (method === 'bind' && (target?.kind === 'member' || target?.kind === 'global' || target?.kind === 'module')) return target;
    if (method !== undefined && /^(find|filter)$/.test(method)) return this.pickedKey(node, depth);
    return undefined;
  }

  /** Functions whose result is known from their arguments: paths, decoders, the temp and home folders. */
  private knownFunctionCall({ name, args, depth }: ResolvedCall, arg: (i: number) => StaticValue | undefined): StaticValue | undefined {
    if (name === 'require.resolve' || name === 'path.normalize' || name === 'url.fileURLToPath' || name === 'fileURLToPath') return arg(0);
    if (name === 'Buffer.from') return bufferFrom(arg);
    if (name === 'atob') {
      const text = stringValue(arg(0));
      return text !== undefined ? { kind: 'string', value: Buffer.from(text, 'base64').toString('latin1'), partial: false } : undefined;
    }
    if (name === 'String.fromCharCode' || name === 'String.fromCharCode.apply') {
      const codes = this.charCodes(name, args, arg, depth);
      return codes !== undefined && codes.length > 0 && codes.every(Number.isFinite) ? { kind: 'string', value: fromCharCodes(codes), partial: false } : undefined;
    }
    // Where temp files go matters (download to a temp dir, then run it): keep it visible in paths.
    if (name === 'os.tmpdir' || name === 'os.homedir') return { kind: 'string', value: name === 'os.tmpdir' ? '$TMPDIR' : '~', partial: true };
    // At install the working folder is the package's own (node_modules/<name>): `$CWD/../x` is another installed package.
    if (name === 'process.cwd') return { kind: 'string', value: '$CWD', partial: true };
    if (name === 'path.join' || name === 'path.resolve' || name === 'path.posix.join') {
      const values = args.map((a) => this.resolve(a, depth + 1));
      const parts = values.map((v) => stringValue(v) ?? '…');
      return { kind: 'string', value: parts.join('/'), partial: parts.includes('…') || values.some(isPartial) };
    }
    return undefined;
  }

  /** `require`, or a function that returns `require(its parameter)`, handed to a call. */
  private loadsModules(callback: AstNode, depth: number): boolean {
    if (/^(FunctionExpression|ArrowFunctionExpression)$/.test(callback.type)) return requireWrapper(callback);
    return qualifiedName(this.resolve(callback, depth + 1)) === 'require';
  }

  /**
   * The codes `String.fromCharCode` is given: number literals, a constant array spread into it
   * (`fromCharCode(...codes)`) or handed to `.apply(null, codes)`, as loaders hide a script.
   */
  private charCodes(name: string, args: AstNode[], arg: (i: number) => StaticValue | undefined, depth: number): number[] | undefined {
    const listed = (node: AstNode | undefined, value: StaticValue | undefined) => {
      if (node?.type === 'Identifier' && this.elementsWritten.has(node.name as string)) return undefined;
      return value?.kind === 'array' && value.items.length <= 1_000_000 ? value.items.map((i) => Number(stringValue(i) ?? NaN)) : undefined;
    };
    if (name.endsWith('.apply')) return listed(args[1], arg(1));
    const codes: number[] = [];
    for (const a of args) {
      if (a.type === 'Literal' && typeof a.value === 'number') codes.push(a.value);
      else if (a.type === 'SpreadElement') codes.push(...(listed(a.argument, this.resolve(a.argument, depth + 1)) ?? [NaN]));
      else return undefined;
    }
    return codes;
  }

  /** Methods on values we know: 'a'.concat(...), [..].join(sep), bytes.toString(), a string's split and replace. */
  private methodOnValue(call: ResolvedCall, arg: (i: number) => StaticValue | undefined): StaticValue | undefined {
    const { method, target, args } = call;
    // `['fs', 'os'].map((n) => require(n))`, `.map(require)`: the modules, in order.
    if (method === 'map' && target?.kind === 'array' && args[0] !== undefined && this.loadsModules(args[0], call.depth)) {
      return { kind: 'array', items: target.items.map((item) => (item?.kind === 'string' && !item.partial ? { kind: 'module' as const, name: normalizeModule(item.value) } : undefined)) };
    }
    if (method === 'toString' && target?.kind === 'bytes') return { kind: 'string', value: target.value, partial: false };
    if (method === 'join' && target?.kind === 'array') {
      const sep = args.length > 0 ? stringValue(arg(0)) : ',';
      const parts = target.items.map((i) => stringValue(i));
      if (sep !== undefined && parts.every((p) => p !== undefined)) return { kind: 'string', value: parts.join(sep), partial: false };
    }
    return target?.kind === 'string' ? this.stringMethod(call, target, arg) : undefined;
  }

  private stringMethod({ method, args, depth }: ResolvedCall, target: { value: string; partial: boolean }, arg: (i: number) => StaticValue | undefined): StaticValue | undefined {
    // `cmd.split('URL').join(u)`: a placeholder swapped for a value, the way droppers fill in their URL.
    if (method === 'split' && !target.partial && args.length === 1) {
      const sep = stringValue(arg(0));
      if (sep !== undefined && target.value.length <= 100_000) return { kind: 'array', items: target.value.split(sep).slice(0, 1000).map((value) => ({ kind: 'string', value, partial: false })) };
    }
    if ((method === 'replace' || method === 'replaceAll') && args.length === 2 && args[0]?.type === 'Literal' && typeof args[0].value === 'string') {
      const with_ = stringValue(arg(1));
      return { kind: 'string', value: target.value[method](args[0].value as string, with_ ?? '…'), partial: target.partial || with_ === undefined };
    }
    if (method === 'concat') {
      const rest = args.map((a) => stringValue(this.resolve(a, depth + 1)));
      return { kind: 'string', value: target.value + rest.map((r) => r ?? '…').join(''), partial: target.partial || rest.includes(undefined) };
    }
    return undefined;
  }

  /**
   * `Object.keys(os).find((k) => k === 'hostname')` is 'hostname' (so with `Object.getOwnPropertyNames` and
   * `Reflect.ownKeys`); `Object.entries(cp).find(([k]) => k === 'spawn')`
   * is ['spawn', cp.spawn] (and `.filter` a list of it): a module member picked by comparing its keys with a constant.
   */
  private pickedKey(node: AstNode, depth: number): StaticValue | undefined {
    const source = node.callee.object;
    if (source?.type !== 'CallExpression') return undefined;
    const listing = qualifiedName(this.resolve(source.callee, depth + 1));
    if (listing !== 'Object.keys' && listing !== 'Object.entries' && listing !== 'Object.getOwnPropertyNames' && listing !== 'Reflect.ownKeys') return undefined;
    const fn = (node.arguments as AstNode[])[0];
    if (!fn || !FUNCTION_TYPES.has(fn.type) || fn.body.type !== 'BinaryExpression' || !/^={2,3}$/.test(fn.body.operator)) return undefined;
    const literal = [fn.body.left, fn.body.right].find((n: AstNode) => n.type === 'Literal' && typeof n.value === 'string');
    if (!literal) return undefined;
    const key = literal.value as string;
    const owner = this.resolve((source.arguments as AstNode[])[0], depth + 1);
    const picked: StaticValue = listing !== 'Object.entries' ? { kind: 'string', value: key, partial: false } : { kind: 'array', items: [{ kind: 'string', value: key, partial: false }, memberOf(owner, key)] };
    return node.callee.property.name === 'filter' ? { kind: 'array', items: [picked] } : picked;
  }
}

/** A call being resolved: its callee's qualified name, and for `a.b(…)` the method name and what `a` is. */
interface ResolvedCall {
  node: AstNode;
  depth: number;
  name: string | undefined;
  args: AstNode[];
  method: string | undefined;
  target: StaticValue | undefined;
}

/** `Buffer.from([0x73, 0x70, …])` (bytes written as numbers) or `Buffer.from(text, 'base64' | 'hex' | …)`. */
function bufferFrom(arg: (i: number) => StaticValue | undefined): StaticValue | undefined {
  const list = arg(0);
  if (list?.kind === 'array' && list.items.length > 0 && list.items.length <= 4096 && list.items.every((i) => i?.kind === 'string' && /^\d+$/.test(i.value) && Number(i.value) < 256)) {
    return { kind: 'bytes', value: String.fromCharCode(...list.items.map((i) => Number(stringValue(i)))) };
  }
  const text = stringValue(arg(0));
  const encoding = stringValue(arg(1)) ?? 'utf8';
  if (text === undefined) return undefined;
  if (encoding === 'base64' || encoding === 'hex') return { kind: 'bytes', value: Buffer.from(text, encoding).toString('latin1') };
  return { kind: 'bytes', value: text };
}

/** The string a command-like value stands for: a string, or an argv array joined with spaces. */
export function commandText(value: StaticValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return value.value;
  if (value.kind === 'array') return value.items.map((item) => (item?.kind === 'string' ? item.value : '…')).join(' ');
  return undefined;
}

/** Text of a string-like static value (string or decoded bytes). */
export function stringValue(value: StaticValue | undefined): string | undefined {
  if (value?.kind === 'string' || value?.kind === 'bytes') return value.value;
  return undefined;
}

/** The name an import specifier takes from its module: `import { exec as run }` takes exec. */
export function importedName(spec: AstNode): string {
  return (spec.imported?.name ?? spec.imported?.value ?? 'default') as string;
}

/**
 * Module interop helpers compilers emit around `require(x)` (tsc's `__importDefault`/`__importStar`,
 * tslib's, esbuild's `__toESM`, Babel's `_interopRequireDefault`/`_interopRequireWildcard`): defined
 * in the file itself or imported from a helper library, so known by name, not by what they resolve to.
 */
const INTEROP_HELPERS = new Set(['__importDefault', '__importStar', '__toESM', '_interopRequireDefault', '_interopRequireWildcard', '__importWildcard', '_interopNamespace', '_interopNamespaceDefault', '_interop_require_default', '_interop_require_wildcard']);

/** A computed key as JavaScript reads it: a string, or a one-item array (`o[[k]]` is `o[String([k])]`). */
export function propertyKey(value: StaticValue | undefined): string | undefined {
  if (value?.kind === 'array' && value.items.length === 1) return stringValue(value.items[0]);
  return stringValue(value);
}

/** A bundle's own require: webpack's and ncc's, which take a module id. */
const BUNDLE_REQUIRE = /^__(?:webpack|nccwpck)_require__$/;
/**
 * `37: ((module) => { "use strict"; module.exports = require("os"); })` and the `function (module)`
 * form: webpack and ncc keep each node builtin or external as a module of one re-export, so
 * `__webpack_require__(37)` is `require("os")`.
 */
const EXTERNAL_MODULE = /(?:^|[{,\s])(\d+|"[^"\n]{1,200}"|'[^'\n]{1,200}')\s*:\s*(?:\/\*+\/\s*)?\(?\s*(?:function\s*\(\s*\w*\s*\)|\(?\s*\w*\s*\)?\s*=>)\s*\{\s*(?:["']use strict["'];?\s*)?\w+\.exports\s*=\s*require\(\s*["']([^"'\n]{1,200})["']\s*\)/g;

/** Fills `modules` with a bundle's re-export modules (EXTERNAL_MODULE), for files that carry a bundle's require. */
export function readBundledModules(source: string, modules: Map<string, string>): void {
  if (!/__(?:webpack|nccwpck)_require__/.test(source)) return;
  for (const m of source.matchAll(EXTERNAL_MODULE)) {
    if (modules.size >= 2000) return;
    modules.set(m[1]!.replace(/^["']|["']$/g, ''), m[2]!);
  }
}

/** The name a callee is written with: `f` of `f(…)`, `__importDefault` of `tslib_1.__importDefault(…)`. */
function calleeWord(callee: AstNode): string {
  if (callee.type === 'Identifier') return callee.name as string;
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return callee.property.name as string;
  return '';
}

export function memberOf(value: StaticValue | undefined, property: string): StaticValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'module') {
    // `import cp from 'child_process'` and `require('x').default` are the module itself.
    if (property === 'default') return value;
    return { kind: 'member', module: value.name, path: [property] };
  }
  if (value.kind === 'member') return { kind: 'member', module: value.module, path: [...value.path, property] };
  // `mods[1]`, `const [fs, os] = mods`: an element of a known list.
  if (value.kind === 'array') return /^\d+$/.test(property) ? value.items[Number(property)] : undefined;
  if (value.kind === 'global') {
    if (value.path.length === 0) return KNOWN_GLOBALS.has(property) ? { kind: 'global', path: GLOBAL_ALIASES.has(property) ? [] : [property] } : { kind: 'global', path: [property] };
    if (value.path.length >= 4) return undefined;
    return { kind: 'global', path: [...value.path, property] };
  }
  return undefined;
}

/** `child_process.exec`, `fs.promises.writeFile`, `eval`, `execa`; undefined for anything unresolved. */
export function qualifiedName(value: StaticValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'module') return value.name;
  if (value.kind === 'member') return [value.module, ...value.path].join('.');
  if (value.kind === 'global') return value.path.length > 0 ? value.path.join('.') : undefined;
  return undefined;
}

export function normalizeModule(name: string): string {
  const bare = name.startsWith('node:') ? name.slice(5) : name;
  if (bare === 'fs/promises') return 'fs.promises';
  if (bare === 'timers/promises') return 'timers.promises';
  return bare;
}

function isPartial(value: StaticValue | undefined): boolean {
  return value?.kind === 'string' && value.partial;
}

/** `String.fromCharCode(...codes)` in slices: a spread of a whole script's codes overflows the call's argument limit. */
function fromCharCodes(codes: number[]): string {
  let text = '';
  for (let i = 0; i < codes.length; i += 8192) text += String.fromCharCode(...codes.slice(i, i + 8192));
  return text;
}

/**
 * `function (n) { return require(n); }`, `(m) => require(m)`: require under a name of the file's own,
 * so that no `require('fs')` shows (`q("fs")`). A call of it loads the module it is handed.
 */
export function requireWrapper(fn: AstNode): boolean {
  if (!/^(?:FunctionExpression|ArrowFunctionExpression|FunctionDeclaration)$/.test(fn.type)) return false;
  const [param] = fn.params as AstNode[];
  if ((fn.params as AstNode[]).length !== 1 || param?.type !== 'Identifier') return false;
  let body: AstNode | undefined = fn.body;
  if (body?.type === 'BlockStatement') {
    const statements = body.body as AstNode[];
    body = statements.length === 1 && statements[0]!.type === 'ReturnStatement' ? statements[0]!.argument : undefined;
  }
  const [argument] = (body?.arguments as AstNode[] | undefined) ?? [];
  return body?.type === 'CallExpression' && body.callee.type === 'Identifier' && body.callee.name === 'require' && argument?.type === 'Identifier' && argument.name === param.name;
}
