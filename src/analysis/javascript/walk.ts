/**
 * The children of an ESTree node, in the order and with the omissions of acorn-walk 8's `base`
 * visitors, as one switch. acorn-walk reaches a child through a chain of visitor functions looked up
 * by name (`Statement`, `Expression`, `Pattern`, `Function`…); without that lookup and those calls,
 * analysing 400 large files took 10.0-10.7 s instead of 11.2-11.9 s. What acorn-walk leaves out is
 * left out here: identifiers in binding position (`const x`, `function f(a)`, `x = …`),
 * non-computed keys, labels, and the Property nodes of an object pattern. test/analysis/walk.test.ts holds the preorder
 * acorn-walk 8.3.5 gave on sources that contain every node type.
 */
import type { AstNode } from './types.js';

type Enter<S> = (node: AstNode, state: S) => void;

/** Calls `enter` on each child of `node` that the walk visits, in source order. */
export function forEachChild<S>(node: AstNode, state: S, enter: Enter<S>): void {
  // The commonest types first: a string switch tests its cases in order.
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
    case 'ThisExpression':
      return;
    case 'MemberExpression':
      enter(node.object, state);
      if (node.computed) enter(node.property, state);
      return;
    case 'CallExpression':
    case 'NewExpression':
      enter(node.callee, state);
      if (node.arguments) each(node.arguments, state, enter);
      return;
    case 'ExpressionStatement':
    case 'ParenthesizedExpression':
    case 'ChainExpression':
      enter(node.expression, state);
      return;
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'ClassBody':
      each(node.body, state, enter);
      return;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      if (node.computed) enter(node.key, state);
      if (node.value) enter(node.value, state);
      return;
    case 'BinaryExpression':
    case 'LogicalExpression':
      enter(node.left, state);
      enter(node.right, state);
      return;
    case 'AssignmentExpression':
    case 'AssignmentPattern':
      pattern(node.left, state, enter);
      enter(node.right, state);
      return;
    default:
      lessCommonChildren(node, state, enter);
  }
}

function lessCommonChildren<S>(node: AstNode, state: S, enter: Enter<S>): void {
  switch (node.type) {
    case 'LabeledStatement':
      enter(node.body, state);
      return;
    case 'ReturnStatement':
    case 'YieldExpression':
    case 'AwaitExpression':
    case 'ThrowStatement':
    case 'SpreadElement':
    case 'UnaryExpression':
    case 'UpdateExpression':
      if (node.argument) enter(node.argument, state);
      return;
    case 'ObjectExpression':
      each(node.properties, state, enter);
      return;
    case 'ArrayExpression':
      each(node.elements, state, enter);
      return;
    case 'SequenceExpression':
      each(node.expressions, state, enter);
      return;
    case 'TemplateLiteral':
      each(node.quasis, state, enter);
      each(node.expressions, state, enter);
      return;
    case 'TaggedTemplateExpression':
      enter(node.tag, state);
      enter(node.quasi, state);
      return;
    default:
      statementChildren(node, state, enter);
  }
}

function statementChildren<S>(node: AstNode, state: S, enter: Enter<S>): void {
  switch (node.type) {
    case 'IfStatement':
    case 'ConditionalExpression':
      enter(node.test, state);
      enter(node.consequent, state);
      if (node.alternate) enter(node.alternate, state);
      return;
    case 'WithStatement':
      enter(node.object, state);
      enter(node.body, state);
      return;
    case 'SwitchStatement':
      enter(node.discriminant, state);
      each(node.cases, state, enter);
      return;
    case 'SwitchCase':
      if (node.test) enter(node.test, state);
      each(node.consequent, state, enter);
      return;
    case 'TryStatement':
      enter(node.block, state);
      if (node.handler) enter(node.handler, state);
      if (node.finalizer) enter(node.finalizer, state);
      return;
    case 'CatchClause':
      if (node.param) pattern(node.param, state, enter);
      enter(node.body, state);
      return;
    case 'WhileStatement':
    case 'DoWhileStatement':
      enter(node.test, state);
      enter(node.body, state);
      return;
    default:
      loopAndDeclarationChildren(node, state, enter);
  }
}

function loopAndDeclarationChildren<S>(node: AstNode, state: S, enter: Enter<S>): void {
  switch (node.type) {
    case 'ForStatement':
      if (node.init) enter(node.init, state);
      if (node.test) enter(node.test, state);
      if (node.update) enter(node.update, state);
      enter(node.body, state);
      return;
    case 'ForInStatement':
    case 'ForOfStatement':
      enter(node.left, state);
      enter(node.right, state);
      enter(node.body, state);
      return;
    case 'VariableDeclaration':
      each(node.declarations, state, enter);
      return;
    case 'VariableDeclarator':
      pattern(node.id, state, enter);
      if (node.init) enter(node.init, state);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.id) pattern(node.id, state, enter);
      eachPattern(node.params, state, enter);
      enter(node.body, state);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      if (node.id) pattern(node.id, state, enter);
      if (node.superClass) enter(node.superClass, state);
      enter(node.body, state);
      return;
    default:
      patternAndModuleChildren(node, state, enter);
  }
}

function patternAndModuleChildren<S>(node: AstNode, state: S, enter: Enter<S>): void {
  switch (node.type) {
    case 'RestElement':
      pattern(node.argument, state, enter);
      return;
    case 'ArrayPattern':
      eachPattern(node.elements, state, enter);
      return;
    case 'ObjectPattern':
      objectPattern(node, state, enter);
      return;
    case 'ImportDeclaration':
      each(node.specifiers, state, enter);
      enter(node.source, state);
      if (node.attributes) each(node.attributes, state, enter);
      return;
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
      if (node.declaration) enter(node.declaration, state);
      if (node.source) enter(node.source, state);
      if (node.attributes) each(node.attributes, state, enter);
      return;
    case 'ExportAllDeclaration':
      if (node.exported) enter(node.exported, state);
      enter(node.source, state);
      if (node.attributes) each(node.attributes, state, enter);
      return;
    case 'ImportAttribute':
      enter(node.value, state);
      return;
    case 'ImportExpression':
      enter(node.source, state);
      if (node.options) enter(node.options, state);
      return;
    default:
      // Super, MetaProperty, TemplateElement, PrivateIdentifier,
      // import specifiers, break/continue/empty/debugger statements: no children the walk visits.
      return;
  }
}

/** The Property nodes of an object pattern are not visited, only computed keys and the bound values. */
function objectPattern<S>(node: AstNode, state: S, enter: Enter<S>): void {
  for (const prop of node.properties as AstNode[]) {
    if (prop.type === 'Property') {
      if (prop.computed) enter(prop.key, state);
      pattern(prop.value, state, enter);
    } else if (prop.type === 'RestElement') {
      pattern(prop.argument, state, enter);
    }
  }
}

/** A binding or assignment target: a bare identifier there is a name being bound, not a use. */
function pattern<S>(node: AstNode, state: S, enter: Enter<S>): void {
  if (node.type !== 'Identifier') enter(node, state);
}

/** Binding targets in a list (parameters, array-pattern elements); holes (`[a, , b] = c`) are skipped. */
function eachPattern<S>(list: (AstNode | null)[], state: S, enter: Enter<S>): void {
  for (const item of list) if (item) pattern(item, state, enter);
}

/** Children in a list; array holes (`[a, , b]`) are skipped. */
function each<S>(list: (AstNode | null)[], state: S, enter: Enter<S>): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item) enter(item, state);
  }
}

/** A program's top-level named functions: declarations and `const f = (…) => …` / `function (…) {…}`. */
export function topLevelFunctions(program: AstNode): Map<string, AstNode> {
  const found = new Map<string, AstNode>();
  for (const statement of program.body as AstNode[]) {
    if (statement.type === 'FunctionDeclaration' && statement.id) found.set(statement.id.name as string, statement);
    for (const [name, init] of bindingsOf(statement)) if (/^(FunctionExpression|ArrowFunctionExpression)$/.test(init.type)) found.set(name, init);
  }
  return found;
}

/** `var name = <init>` at the program's top level, each declared name with what it is first given. */
export function* topLevelBindings(program: AstNode): Generator<[string, AstNode]> {
  for (const statement of program.body as AstNode[]) yield* bindingsOf(statement);
}

function* bindingsOf(statement: AstNode): Generator<[string, AstNode]> {
  if (statement.type !== 'VariableDeclaration') return;
  for (const d of statement.declarations as AstNode[]) if (d.id.type === 'Identifier' && d.init) yield [d.id.name as string, d.init];
}

