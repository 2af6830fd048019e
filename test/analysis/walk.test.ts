/**
 * forEachChild replaced acorn-walk's `base` visitors. The analyser's findings depend on which nodes
 * the walk reaches and in what order (a binding name must not read as a use, a call's callee comes
 * before its arguments), so each expected preorder below was produced by acorn-walk 8.3.5 on the
 * same source before the dependency was dropped, and together the sources hold every ESTree node
 * type acorn emits for ES2025.
 */
import * as acorn from 'acorn';
import { describe, expect, it } from 'vitest';
import type { AstNode } from '../../src/analysis/javascript/types.js';
import { forEachChild } from '../../src/analysis/javascript/walk.js';

function parse(code: string): AstNode {
  const options = { ecmaVersion: 'latest', allowHashBang: true } as const;
  try {
    return acorn.parse(code, { ...options, sourceType: 'module' }) as unknown as AstNode;
  } catch {
    return acorn.parse(code, { ...options, sourceType: 'script' }) as unknown as AstNode;
  }
}

/** The nodes the walk visits, in preorder, identifiers and literals with their text. */
function preorder(code: string): string {
  const seen: string[] = [];
  const enter = (node: AstNode): void => {
    const text = node.type === 'Identifier' ? `:${node.name as string}` : node.type === 'Literal' ? `:${node.raw as string}` : '';
    seen.push(node.type + text);
    forEachChild(node, undefined, enter);
  };
  enter(parse(code));
  return seen.join(' ');
}

describe('forEachChild', () => {
  it('skips names being bound and the Property nodes of an object pattern, but visits computed keys and defaults', () => {
    expect(preorder('const {a, [k]: b = f(x), ...r} = obj;')).toBe(
      'Program VariableDeclaration VariableDeclarator ObjectPattern Identifier:k AssignmentPattern CallExpression Identifier:f Identifier:x Identifier:obj',
    );
    expect(preorder('function f(a, {b}, ...c) { return a + b; }')).toBe(
      'Program FunctionDeclaration ObjectPattern RestElement BlockStatement ReturnStatement BinaryExpression Identifier:a Identifier:b',
    );
  });

  it('visits a member expression as an assignment target, and a non-computed property name never', () => {
    expect(preorder('x.y = z; [p, q.r] = s; o[k] += 1; ({a: x.y} = z);')).toBe(
      'Program ExpressionStatement AssignmentExpression MemberExpression Identifier:x Identifier:z ' +
        'ExpressionStatement AssignmentExpression ArrayPattern MemberExpression Identifier:q Identifier:s ' +
        'ExpressionStatement AssignmentExpression MemberExpression Identifier:o Identifier:k Literal:1 ' +
        'ExpressionStatement AssignmentExpression ObjectPattern MemberExpression Identifier:x Identifier:z',
    );
  });

  it('walks classes: superclass, static blocks, fields, computed method keys, private names left out', () => {
    expect(preorder('class C extends B { static { s(); } #p = 1; [m]() {} get g() { return this.#p; } }')).toBe(
      'Program ClassDeclaration Identifier:B ClassBody StaticBlock ExpressionStatement CallExpression Identifier:s PropertyDefinition Literal:1 ' +
        'MethodDefinition Identifier:m FunctionExpression BlockStatement MethodDefinition FunctionExpression BlockStatement ReturnStatement MemberExpression ThisExpression',
    );
  });

  it('walks module syntax: import specifiers and attributes, not the names of export specifiers', () => {
    expect(preorder('import d, { e as g } from "m" with { type: "json" }; export { g as h }; export * as ns from "n"; export default d;')).toBe(
      'Program ImportDeclaration ImportDefaultSpecifier ImportSpecifier Literal:"m" ImportAttribute Literal:"json" ExportNamedDeclaration ' +
        'ExportAllDeclaration Identifier:ns Literal:"n" ExportDefaultDeclaration Identifier:d',
    );
    expect(preorder('export const e = 1; export function ef(){}')).toBe(
      'Program ExportNamedDeclaration VariableDeclaration VariableDeclarator Literal:1 ExportNamedDeclaration FunctionDeclaration BlockStatement',
    );
  });

  it('walks loops, labels and the left side of for-in as an expression', () => {
    expect(preorder('for (const [i, j] of y) { label: while (t) break label; } for (k in o); for (;;) {} l: for (;;) { continue l; }')).toBe(
      'Program ForOfStatement VariableDeclaration VariableDeclarator ArrayPattern Identifier:y BlockStatement LabeledStatement WhileStatement Identifier:t BreakStatement ' +
        'ForInStatement Identifier:k Identifier:o EmptyStatement ForStatement BlockStatement LabeledStatement ForStatement BlockStatement ContinueStatement',
    );
  });

  it('walks try, catch patterns, template literals (quasis before expressions) and optional chains', () => {
    expect(preorder('try { a?.b() } catch ({ message }) { throw new E(`t${message}`) } finally { x++ }')).toBe(
      'Program TryStatement BlockStatement ExpressionStatement ChainExpression CallExpression MemberExpression Identifier:a CatchClause ObjectPattern ' +
        'BlockStatement ThrowStatement NewExpression Identifier:E TemplateLiteral TemplateElement TemplateElement Identifier:message BlockStatement ExpressionStatement UpdateExpression Identifier:x',
    );
  });

  it('walks switch, conditionals, do-while and with (script code)', () => {
    expect(preorder('switch (v) { case 1: w; default: } if (a) b; else c ? d : e; do {} while (0); with (o) p;')).toBe(
      'Program SwitchStatement Identifier:v SwitchCase Literal:1 ExpressionStatement Identifier:w SwitchCase IfStatement Identifier:a ExpressionStatement Identifier:b ' +
        'ExpressionStatement ConditionalExpression Identifier:c Identifier:d Identifier:e DoWhileStatement Literal:0 BlockStatement WithStatement Identifier:o ExpressionStatement Identifier:p',
    );
  });

  it('walks generators, dynamic import with options, tagged templates, sequences, holes, spreads and object literals', () => {
    expect(preorder('async function* g() { yield await import("m", { with: {} }); new.target; tag`a${b}`; (x, y); [ , 1, ...z]; o = { a, [b]: c, ...d, m() {} }; -u; v && w || x; debugger; }')).toBe(
      'Program FunctionDeclaration BlockStatement ExpressionStatement YieldExpression AwaitExpression ImportExpression Literal:"m" ObjectExpression Property ObjectExpression ' +
        'ExpressionStatement MetaProperty ExpressionStatement TaggedTemplateExpression Identifier:tag TemplateLiteral TemplateElement TemplateElement Identifier:b ' +
        'ExpressionStatement SequenceExpression Identifier:x Identifier:y ExpressionStatement ArrayExpression Literal:1 SpreadElement Identifier:z ' +
        'ExpressionStatement AssignmentExpression ObjectExpression Property Identifier:a Property Identifier:b Identifier:c SpreadElement Identifier:d Property FunctionExpression BlockStatement ' +
        'ExpressionStatement UnaryExpression Identifier:u ExpressionStatement LogicalExpression LogicalExpression Identifier:v Identifier:w Identifier:x DebuggerStatement',
    );
  });

  it('walks function and class expressions without their own names', () => {
    expect(preorder('var f = function h() {}, g = () => 1, k = class K {};')).toBe(
      'Program VariableDeclaration VariableDeclarator FunctionExpression BlockStatement VariableDeclarator ArrowFunctionExpression Literal:1 VariableDeclarator ClassExpression ClassBody',
    );
  });
});
