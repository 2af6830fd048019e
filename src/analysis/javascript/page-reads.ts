/**
 * Reads of what a web page keeps for its user: `document.cookie` (the session cookies, every one in
 * one string) and the whole of `localStorage` / `sessionStorage` (wallet extensions' and web apps'
 * tokens, sometimes seeds). Browser payloads in npm packages send these to their collector
 * (guarddog's cookie and storage stealers, storage scans for mnemonics). The behaviour model treats
 * them as a source (`page-data`); the exfiltration detector weighs them only when the request is
 * hidden or goes to a suspicious place, since analytics send cookies to their own backends.
 *
 * A storage read counts only when the whole store is used as a value (copied, serialised, walked,
 * put in a list): `localStorage.getItem('theme')` is a page reading its own setting.
 */
import { flowFacts } from './data-flow.js';
import type { FileState } from './state.js';
import type { AstNode } from './types.js';

const STORAGE = new Set(['localStorage', 'sessionStorage']);
const GLOBAL_OBJECTS = new Set(['window', 'self', 'globalThis', 'global']);
const MAX_PAGE_READS = 50;

export function visitPageRead(s: FileState, node: AstNode, ancestors: AstNode[]): void {
  if (s.pageReads.length >= MAX_PAGE_READS) return;
  const parent = ancestors[ancestors.length - 2];
  if (node.type === 'MemberExpression') {
    if (node.computed || node.property.type !== 'Identifier') return;
    const property = node.property.name as string;
    if (property === 'cookie' && isPageGlobal(s, node.object, 'document')) {
      // Writing a cookie (`document.cookie = 'a=1'`) reads nothing.
      if (parent?.type === 'AssignmentExpression' && parent.left === node) return;
      record(s, node, ancestors, 'cookie');
    } else if (STORAGE.has(property) && isGlobalObject(s, node.object) && wholeValue(node, parent)) record(s, node, ancestors, property);
  } else if (node.type === 'Identifier' && STORAGE.has(node.name) && unbound(s, node) && !propertyName(node, parent) && wholeValue(node, parent)) {
    record(s, node, ancestors, node.name as string);
  }
}

function record(s: FileState, node: AstNode, ancestors: AstNode[], name: string): void {
  const parent = ancestors[ancestors.length - 2];
  s.pageReads.push({ name, line: s.lineOf(node), excerpt: s.excerpt(parent ?? node), flow: flowFacts(node, ancestors, undefined) });
}

/** `document`, `window.document`, `self.document`, not a local variable of that name. */
function isPageGlobal(s: FileState, node: AstNode, name: string): boolean {
  if (node.type === 'Identifier') return node.name === name && unbound(s, node);
  return node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.property.name === name && isGlobalObject(s, node.object);
}

function isGlobalObject(s: FileState, node: AstNode): boolean {
  return node.type === 'Identifier' && GLOBAL_OBJECTS.has(node.name) && unbound(s, node);
}

/** No binding in the file: a polyfill's own `const localStorage = new Map()` is not the page's. */
function unbound(s: FileState, node: AstNode): boolean {
  return !s.values.bindings.has(node.name as string) && !s.values.importBindings.has(node.name as string);
}

/** `x.localStorage` and `{ localStorage: … }` name a property, not the global. */
function propertyName(node: AstNode, parent: AstNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'MemberExpression') return parent.property === node && !parent.computed;
  return (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition') && parent.key === node && !parent.computed && !parent.shorthand;
}

/**
 * The store used whole: not a property or method read off it (`localStorage.getItem('k')`), not a
 * check that it exists (`typeof`, a comparison, `if (window.localStorage)`).
 */
function wholeValue(node: AstNode, parent: AstNode | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'MemberExpression' && parent.object === node) return false;
  if (parent.type === 'UnaryExpression' || parent.type === 'BinaryExpression' || parent.type === 'LogicalExpression') return false;
  if (parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') return parent.test !== node;
  return true;
}
