/**
 * How a call site repeats (loop, timer, recursion, called from something that repeats) and which
 * values come from randomness. Both are decided after the walk from the references and dependencies
 * it recorded, because a named function's callers may come after it in the file.
 */
import type { FileState } from './state.js';
import { qualifiedName } from './static-values.js';
import { FUNCTION_TYPES, type AstNode, type Repetition } from './types.js';

export const TIMER_CALLEES = new Set(['setInterval', 'timers.setInterval', 'timers.promises.setInterval']);
const LOOP_TYPES = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement']);

/**
 * How the node at the end of `ancestors` repeats on its own, and which named function it belongs to.
 * Anonymous callbacks are transparent (their code runs where they are written), except the callback
 * of setInterval, which repeats. A named function is a boundary: whether it repeats is decided later
 * from who calls it.
 */
export function repetitionContext(s: FileState, ancestors: AstNode[]): { fn: string | undefined; repetition: Repetition | undefined; timerAtTop?: true } {
  for (let i = ancestors.length - 2; i >= 0; i--) {
    const node = ancestors[i]!;
    const child = ancestors[i + 1]!;
    if (LOOP_TYPES.has(node.type)) {
      const kind = loopKind(node, child, (n) => qualifiedName(s.values.resolve(n)));
      if (kind) return { fn: undefined, repetition: kind };
    } else if (FUNCTION_TYPES.has(node.type)) {
      const parent = ancestors[i - 1];
      if (parent && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && (parent.arguments as AstNode[]).includes(node)) {
        const callee = qualifiedName(s.values.resolve(parent.callee));
        if (callee !== undefined && TIMER_CALLEES.has(callee)) return { fn: undefined, repetition: 'timer', ...(setAtTop(ancestors, i - 1) ? { timerAtTop: true as const } : {}) };
      }
      const name = functionName(node, ancestors.slice(0, i + 1));
      if (name !== undefined) return { fn: name, repetition: undefined };
    }
  }
  return { fn: undefined, repetition: undefined };
}

/**
 * The timer call at `ancestors[at]` is made by the file's top level: no function encloses it but
 * callbacks handed to calls (`if (win) setInterval(() => poll(), 7000)`, or inside `main().then(() => …)`).
 */
function setAtTop(ancestors: AstNode[], at: number): boolean {
  for (let i = at - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (!FUNCTION_TYPES.has(node.type)) continue;
    const parent = ancestors[i - 1];
    const handed = parent !== undefined && (parent.type === 'CallExpression' || parent.type === 'NewExpression') && (parent.arguments as AstNode[]).includes(node);
    if (!handed || functionName(node, ancestors.slice(0, i + 1)) !== undefined) return false;
  }
  return true;
}

/** Named functions that run repeatedly: called from a repeating site, from a repeating function, or by themselves. */
export function repeatedFunctions(s: FileState): Map<string, Repetition> {
  const repeated = new Map<string, Repetition>();
  for (let round = 0, changed = true; changed && round < 20; round++) {
    changed = false;
    for (const ref of s.references) {
      if (repeated.has(ref.to)) continue;
      const kind: Repetition | undefined =
        ref.from === ref.to ? 'recursion' : ref.repetition ?? (ref.from !== undefined && repeated.has(ref.from) ? 'called-repeatedly' : undefined);
      if (kind) {
        repeated.set(ref.to, kind);
        changed = true;
      }
    }
  }
  return repeated;
}

/** Functions and variables whose value comes from randomness, directly or through each other. */
export function randomNames(s: FileState): Set<string> {
  const random = new Set<string>();
  const all = [...s.functionDeps.entries(), ...s.variableDeps.entries()];
  // Randomness starts at a random call: without one, no name can become random (most files).
  if (!all.some(([, dep]) => dep.directRandom)) return random;
  for (let round = 0, changed = true; changed && round < 20; round++) {
    changed = false;
    for (const [name, dep] of all) {
      if (random.has(name)) continue;
      if (dep.directRandom || usesRandom(dep.names, random, name)) {
        random.add(name);
        changed = true;
      }
    }
  }
  return random;
}

/** Whether a name in `names` other than `self` is random: a loop over the Set, not an array of it per name and round. */
export function usesRandom(names: ReadonlySet<string>, random: ReadonlySet<string>, self?: string): boolean {
  if (random.size === 0) return false;
  for (const n of names) if (n !== self && random.has(n)) return true;
  return false;
}

function loopKind(loop: AstNode, child: AstNode, calleeName: (n: AstNode) => string | undefined): Repetition | undefined {
  if (child !== loop.body) return undefined; // code in the test/update/iterable part is not the repeated body
  if (loop.type === 'WhileStatement' || loop.type === 'DoWhileStatement') return isConstantTruthy(loop.test) ? 'unbounded-loop' : undefined;
  if (loop.type === 'ForStatement') {
    if (!loop.test || isConstantTruthy(loop.test)) return 'unbounded-loop';
    // `for (let i = 0; i < 500; i++)`: a counted batch. Retry loops count to a handful and do not qualify.
    const bound = loop.test.type === 'BinaryExpression' && /^<=?$/.test(loop.test.operator) ? loop.test.right : undefined;
    if (bound?.type === 'Literal' && typeof bound.value === 'number' && bound.value >= 10) return 'counted-loop';
    return undefined;
  }
  if (loop.type === 'ForOfStatement' && loop.right.type === 'CallExpression') {
    const name = calleeName(loop.right.callee);
    if (name !== undefined && TIMER_CALLEES.has(name)) return 'timer';
  }
  return undefined;
}

function isConstantTruthy(test: AstNode): boolean {
  if (test.type === 'Literal') return Boolean(test.value);
  if (test.type === 'UnaryExpression' && test.operator === '!' && test.argument.type === 'Literal') return !test.argument.value;
  return false;
}

export function functionName(node: AstNode, ancestors: AstNode[]): string | undefined {
  if (node.id?.name) return node.id.name as string;
  const parent = ancestors[ancestors.length - 2];
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
  if (parent.type === 'AssignmentExpression' && parent.left.type === 'Identifier') return parent.left.name;
  // Class fields too (`send = (data) => {…}`): the code inside is that method's, not the file's top level.
  if ((parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && !parent.computed) return parent.key.name ?? undefined;
  return undefined;
}
