/**
 * The functions a file exports, by the name another file calls them with: what lets a flow cross
 * files. A stealer split in two (`require('./queue').addToQueue(secretKey)`, and `addToQueue`
 * posting its argument in `queue.js`) has its source in one file and its request in another; the
 * behaviour model joins the two through this list (behaviour/cross-file.ts).
 *
 * Read in the binding pass: CommonJS (`exports.x = …`, `module.exports = { … }`,
 * `module.exports = fn`) and ESM (`export function`, `export const x = () => …`, `export { a as b }`,
 * `export default`). The module itself, called as a function, is the export named `''`.
 */
import { paramNames } from './data-flow.js';
import type { FileState } from './state.js';
import { FUNCTION_TYPES, type AstNode, type ExportedFunction } from './types.js';

/** A file exporting more functions than this is a library's index: the rest are not followed. */
const MAX_EXPORTS = 200;

export function recordExport(s: FileState, node: AstNode): void {
  if (node.type === 'AssignmentExpression' && node.operator === '=') recordAssignedExport(s, node.left, node.right);
  else if (node.type === 'ExportNamedDeclaration') recordNamedExport(s, node);
  else if (node.type === 'ExportDefaultDeclaration') exportValue(s, '', node.declaration);
}

/** `exports.x = …`, `module.exports.x = …`, `module.exports = …` (an object's properties each an export). */
function recordAssignedExport(s: FileState, left: AstNode, right: AstNode): void {
  if (left.type !== 'MemberExpression' || left.computed || left.property.type !== 'Identifier') return;
  const target = memberPath(left);
  if (target === 'module.exports') {
    if (right.type !== 'ObjectExpression') return exportValue(s, '', right);
    for (const p of right.properties as AstNode[]) {
      if (p.type === 'Property' && !p.computed && p.key.type === 'Identifier') exportValue(s, p.key.name, p.value);
    }
    return;
  }
  const name = /^(?:module\.)?exports\.([\w$]+)$/.exec(target ?? '')?.[1];
  if (name !== undefined) exportValue(s, name === 'default' ? '' : name, right);
}

function recordNamedExport(s: FileState, node: AstNode): void {
  const declaration = node.declaration as AstNode | null;
  if (declaration?.type === 'FunctionDeclaration' && declaration.id) exportValue(s, declaration.id.name, declaration);
  if (declaration?.type === 'VariableDeclaration') {
    for (const d of declaration.declarations as AstNode[]) if (d.id.type === 'Identifier' && d.init) exportValue(s, d.id.name, d.init);
  }
  // `export { a as b }` of the file's own names; a re-export `from '…'` names another file's.
  if (node.source) return;
  for (const spec of (node.specifiers ?? []) as AstNode[]) {
    const exported = spec.exported?.type === 'Identifier' ? spec.exported.name : spec.exported?.value;
    if (spec.local?.type === 'Identifier' && typeof exported === 'string') exportValue(s, exported === 'default' ? '' : exported, spec.local);
  }
}

/** A function written in place is kept whole; a name is looked up among the file's functions at the end. */
function exportValue(s: FileState, name: string, value: AstNode | null | undefined): void {
  if (!value || s.exported.size >= MAX_EXPORTS || s.exported.has(name)) return;
  if (FUNCTION_TYPES.has(value.type)) s.exported.set(name, { params: paramNames(value.params as AstNode[]), span: [value.start, value.end], ...(value.id?.type === 'Identifier' ? { local: value.id.name as string } : {}) });
  else if (value.type === 'Identifier') s.exported.set(name, value.name as string);
}

/** `a.b.c` for a chain of plain names, else undefined. */
function memberPath(node: AstNode): string | undefined {
  if (node.type === 'Identifier') return node.name as string;
  if (node.type !== 'MemberExpression' || node.computed || node.property.type !== 'Identifier') return undefined;
  const object = memberPath(node.object);
  return object === undefined ? undefined : `${object}.${node.property.name}`;
}

/** The exports, with names of the file's own functions resolved to their parameters and span. */
export function exportedFunctions(s: FileState): Record<string, ExportedFunction> {
  const out: Record<string, ExportedFunction> = {};
  for (const [name, value] of s.exported) {
    if (typeof value !== 'string') out[name] = value;
    else if (s.functionParams.has(value) && s.functionSpans.has(value)) out[name] = { params: s.functionParams.get(value)!, span: s.functionSpans.get(value)!, local: value };
  }
  return out;
}
