/**
 * Recognises the shapes of code that does nothing useful, on the syntax tree (acorn), never by
 * running it. A file is trivial when every top-level statement is one of:
 *   - a log of constants (`console.log("hello world")`)
 *   - an empty export (`module.exports = {}`, `export {}`, `export default {}`)
 *   - a function whose body is empty, only logs constants, or returns a constant
 * Anything else (a call, a require, a loop, an object with content) makes the file non-trivial,
 * so real tiny utilities (is-number, isarray) and config presets (an object of rules) stay out.
 */
import { lazyModule } from '../../util/lazy-module.js';

const acorn = lazyModule<typeof import('acorn')>('acorn');

/** How useless the code is; `log-only` and `empty` ship nothing a dependent could use. */
export type TrivialShape = 'empty' | 'log-only' | 'empty-export' | 'constant-function';

export interface TrivialVerdict {
  /** Undefined when the file does real work or could not be parsed. */
  shape: TrivialShape | undefined;
}

// Loose node type: acorn's AST nodes carry many shapes; we only read a few well-known fields.
interface Node {
  type: string;
  [key: string]: unknown;
}

const SHAPE_RANK: Record<TrivialShape, number> = { empty: 0, 'log-only': 1, 'empty-export': 2, 'constant-function': 3 };

/** The "least useless" shape present in the file decides its verdict: one constant function outranks logs. */
export function classifyTrivialCode(source: string): TrivialVerdict {
  const program = parseLeniently(source);
  if (!program) return { shape: undefined };
  const body = program.body as Node[];
  constantNames = constantsDeclared(body);
  const trivialFunctions = new Set<string>();
  let shape: TrivialShape = 'empty';
  const raise = (s: TrivialShape) => {
    if (SHAPE_RANK[s] > SHAPE_RANK[shape]) shape = s;
  };
  for (const statement of body) {
    const s = statementShape(statement, trivialFunctions);
    if (s === undefined) return { shape: undefined };
    if (s !== 'empty') raise(s);
  }
  return { shape };
}

function parseLeniently(source: string): Node | undefined {
  const text = source.replace(/^#!.*/, '');
  for (const sourceType of ['module', 'script'] as const) {
    try {
      return acorn().parse(text, { ecmaVersion: 'latest', sourceType, allowHashBang: true }) as unknown as Node;
    } catch {
      // try the other source type
    }
  }
  return undefined;
}

function statementShape(node: Node, trivialFunctions: Set<string>): TrivialShape | 'empty' | undefined {
  switch (node.type) {
    case 'EmptyStatement':
      return 'empty';
    case 'ExpressionStatement': {
      if (typeof node.directive === 'string') return 'empty';
      const expression = node.expression as Node;
      if (isConstantLog(expression)) return 'log-only';
      if (expression.type === 'AssignmentExpression' && expression.operator === '=' && isExportTarget(expression.left as Node)) {
        return valueShape(expression.right as Node, trivialFunctions);
      }
      return undefined;
    }
    case 'FunctionDeclaration': {
      if (!isTrivialFunction(node)) return undefined;
      const id = node.id as Node | null;
      if (id && typeof id.name === 'string') trivialFunctions.add(id.name);
      return 'empty';
    }
    case 'VariableDeclaration': {
      for (const declarator of node.declarations as Node[]) {
        const init = declarator.init as Node | null;
        if (init === null) continue;
        if (valueShape(init, trivialFunctions) === undefined) return undefined;
        const id = declarator.id as Node;
        if (id.type === 'Identifier' && isFunctionNode(init)) trivialFunctions.add(id.name as string);
      }
      return 'empty';
    }
    case 'ExportNamedDeclaration': {
      if (node.source) return undefined; // re-exports from elsewhere: the work is in another file
      const declaration = node.declaration as Node | null;
      if (declaration) {
        const inner = statementShape(declaration, trivialFunctions);
        if (inner === undefined) return undefined;
        return declaration.type === 'FunctionDeclaration' || isFunctionDeclarator(declaration) ? 'constant-function' : 'empty-export';
      }
      const specifiers = node.specifiers as Node[];
      if (specifiers.length === 0) return 'empty-export';
      return specifiers.every((s) => trivialFunctions.has(((s.local as Node).name as string) ?? '')) ? 'constant-function' : undefined;
    }
    case 'ExportDefaultDeclaration': {
      const declaration = node.declaration as Node;
      if (declaration.type === 'FunctionDeclaration') return isTrivialFunction(declaration) ? 'constant-function' : undefined;
      return valueShape(declaration, trivialFunctions);
    }
    default:
      return undefined;
  }
}

function isFunctionDeclarator(node: Node): boolean {
  return node.type === 'VariableDeclaration' && (node.declarations as Node[]).some((d) => d.init !== null && isFunctionNode(d.init as Node));
}

/** What exporting this value gives a dependent: nothing (`{}`), a constant, or a constant function. */
function valueShape(node: Node, trivialFunctions: Set<string>): TrivialShape | undefined {
  // A regular expression is the whole API of packages like shebang-regex: a pattern to match with.
  if (node.type === 'Literal' && node.regex !== undefined) return undefined;
  if (isConstant(node)) {
    if (node.type === 'ObjectExpression' || node.type === 'ArrayExpression') return 'empty-export';
    return 'empty-export';
  }
  if (isFunctionNode(node)) return isTrivialFunction(node) ? 'constant-function' : undefined;
  if (node.type === 'Identifier' && trivialFunctions.has(node.name as string)) return 'constant-function';
  return undefined;
}

function isFunctionNode(node: Node): boolean {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** Body empty, only constant logs, and at most a final `return <constant>`. Parameters are ignored. */
function isTrivialFunction(node: Node): boolean {
  const body = node.body as Node;
  if (body.type !== 'BlockStatement') return isConstant(body) || isConstantLog(body);
  const statements = body.body as Node[];
  return statements.every((s, index) => {
    if (s.type === 'EmptyStatement') return true;
    if (s.type === 'ExpressionStatement') return typeof s.directive === 'string' || isConstantLog(s.expression as Node);
    if (s.type === 'ReturnStatement') return index === statements.length - 1 && (s.argument === null || isConstant(s.argument as Node));
    return false;
  });
}

/**
 * Top-level `const` names bound to constants in the file being classified (`const line = '='.repeat(52)`):
 * a banner built from them is still a banner. Set per call of classifyTrivialCode, which is synchronous.
 */
let constantNames: ReadonlySet<string> = new Set();

function constantsDeclared(body: Node[]): Set<string> {
  const names = new Set<string>();
  constantNames = names;
  for (const statement of body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue;
    for (const d of statement.declarations as Node[]) {
      const id = d.id as Node;
      if (id.type === 'Identifier' && d.init && isConstant(d.init as Node)) names.add(id.name as string);
    }
  }
  return names;
}

/** String methods that give the same text for the same text: `'='.repeat(52)`. */
const PURE_STRING_METHODS = new Set(['repeat', 'padStart', 'padEnd', 'toUpperCase', 'toLowerCase', 'trim']);

function isPureStringCall(node: Node): boolean {
  const callee = node.callee as Node;
  if (callee.type !== 'MemberExpression' || callee.computed || !PURE_STRING_METHODS.has((callee.property as Node).name as string)) return false;
  return isConstant(callee.object as Node) && (node.arguments as Node[]).every(isConstant);
}

/** A value that is the same every time: literals, constant templates, empty objects and arrays, `undefined`, and text built from them. */
function isConstant(node: Node): boolean {
  switch (node.type) {
    case 'Literal':
      return true;
    case 'TemplateLiteral':
      return (node.expressions as Node[]).every(isConstant);
    case 'BinaryExpression':
      return node.operator === '+' && isConstant(node.left as Node) && isConstant(node.right as Node);
    case 'CallExpression':
      return isPureStringCall(node);
    case 'ObjectExpression':
      return (node.properties as Node[]).length === 0;
    case 'ArrayExpression':
      return (node.elements as unknown[]).length === 0;
    case 'Identifier':
      return node.name === 'undefined' || constantNames.has(node.name as string);
    case 'UnaryExpression':
      return isConstant(node.argument as Node);
    default:
      return false;
  }
}

/** `console.log("hello")`, `console.info(\`hi\`)`, `process.stdout.write("x")` with constant arguments only. */
function isConstantLog(node: Node): boolean {
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee as Node;
  const args = node.arguments as Node[];
  if (!args.every(isConstant)) return false;
  if (callee.type !== 'MemberExpression' || callee.computed) return false;
  const object = callee.object as Node;
  const property = (callee.property as Node).name;
  if (object.type === 'Identifier' && object.name === 'console') return ['log', 'info', 'warn', 'error', 'debug'].includes(property as string);
  return object.type === 'MemberExpression' && (object.object as Node).name === 'process' && (object.property as Node).name === 'stdout' && property === 'write';
}

/** `module.exports`, `exports.x`, `module.exports.x`. */
function isExportTarget(node: Node): boolean {
  if (node.type !== 'MemberExpression') return false;
  const object = node.object as Node;
  const property = node.property as Node;
  if (object.type === 'Identifier' && object.name === 'module' && property.name === 'exports') return true;
  if (object.type === 'Identifier' && object.name === 'exports') return true;
  return isExportTarget(object) && object.type === 'MemberExpression' && (object.object as Node).name === 'module';
}
