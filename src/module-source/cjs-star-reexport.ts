// The loops with which Babel and Rollup copy every export of a required
// module onto `exports`, recognised as Node's cjs-module-lexer recognises
// them (only these shapes, only at the top level of the module):
//
//   var _m = require('m');                     // or _interopRequireWildcard(require('m'))
//   Object.keys(_m).forEach(function (key) {
//     if (key === 'default' || key === '__esModule') return;
//     if (Object.prototype.hasOwnProperty.call(_exportNames, key)) return;   // optional
//     if (key in exports && exports[key] === _m[key]) return;               // optional
//     exports[key] = _m[key];                  // or a defineProperty getter returning _m[key]
//   });
//
//   Object.keys(_m).forEach(function (k) {
//     if (k !== 'default' && !_m.hasOwnProperty(k)) exports[k] = _m[k];     // the && part optional
//   });
//
// A loop of any other shape copies names we cannot know: it gives nothing.

type Node = { type: string; start: number; end: number; [key: string]: any };

const isIdentifier = (node: Node | null | undefined, name?: string): boolean =>
  node?.type === 'Identifier' && (name === undefined || node.name === name);

const isStringLiteral = (node: Node | null | undefined, value: string): boolean => node?.type === 'Literal' && node.value === value;

/** `object.name`, not computed. */
const isDotted = (node: Node | null | undefined, name: string): boolean =>
  node?.type === 'MemberExpression' && !node.computed && !node.optional && isIdentifier(node.property, name);

/** `exports` or `module.exports` */
const isExportsObject = (node: Node | null | undefined): boolean =>
  isIdentifier(node, 'exports') || (isDotted(node, 'exports') && isIdentifier(node!.object, 'module'));

/** `object[key]` where both are the given names (`exports` standing for either exports object). */
const isKeyedRead = (node: Node | null | undefined, object: string, key: string): boolean =>
  node?.type === 'MemberExpression' &&
  node.computed &&
  !node.optional &&
  (object === 'exports' ? isExportsObject(node.object) : isIdentifier(node.object, object)) &&
  isIdentifier(node.property, key);

const isStrictComparison = (node: Node, operator: '===' | '!==', key: string, value: string): boolean =>
  node.type === 'BinaryExpression' && node.operator === operator && isIdentifier(node.left, key) && isStringLiteral(node.right, value);

/** `if (test) return;` */
const isGuardReturn = (statement: Node | undefined, test: (node: Node) => boolean): boolean =>
  statement?.type === 'IfStatement' &&
  statement.alternate === null &&
  statement.consequent.type === 'ReturnStatement' &&
  statement.consequent.argument === null &&
  test(statement.test);

/** `Object.hasOwnProperty.call(anyName, key)` or `Object.prototype.hasOwnProperty.call(anyName, key)` */
const isObjectHasOwnCall = (node: Node, key: string): boolean => {
  if (node.type !== 'CallExpression' || !isDotted(node.callee, 'call') || node.arguments.length !== 2) return false;
  if (!isIdentifier(node.arguments[0]) || !isIdentifier(node.arguments[1], key)) return false;
  const hasOwn = node.callee.object;
  if (!isDotted(hasOwn, 'hasOwnProperty')) return false;
  const owner = hasOwn.object;
  return isIdentifier(owner, 'Object') || (isDotted(owner, 'prototype') && isIdentifier(owner.object, 'Object'));
};

/** `!Object[.prototype].hasOwnProperty.call(x, key)` or `!anyName.hasOwnProperty(key)` */
const isNegatedHasOwn = (node: Node, key: string): boolean => {
  if (node.type !== 'UnaryExpression' || node.operator !== '!') return false;
  const call = node.argument;
  if (call.type !== 'CallExpression') return false;
  if (isObjectHasOwnCall(call, key)) return true;
  return (
    isDotted(call.callee, 'hasOwnProperty') &&
    isIdentifier(call.callee.object) &&
    call.arguments.length === 1 &&
    isIdentifier(call.arguments[0], key)
  );
};

/** `key in exports && exports[key] === source[key]` */
const isAlreadyExportedTest = (node: Node, source: string, key: string): boolean =>
  node.type === 'LogicalExpression' &&
  node.operator === '&&' &&
  node.left.type === 'BinaryExpression' &&
  node.left.operator === 'in' &&
  isIdentifier(node.left.left, key) &&
  isExportsObject(node.left.right) &&
  node.right.type === 'BinaryExpression' &&
  node.right.operator === '===' &&
  isKeyedRead(node.right.left, 'exports', key) &&
  isKeyedRead(node.right.right, source, key);

/** `Object.defineProperty(exports, key, { enumerable: true, get: function () { return source[key]; } })` */
const isGetterCopy = (node: Node, source: string, key: string): boolean => {
  if (node.type !== 'CallExpression' || !isDotted(node.callee, 'defineProperty') || !isIdentifier(node.callee.object, 'Object')) {
    return false;
  }
  const [target, name, descriptor] = node.arguments;
  if (node.arguments.length !== 3 || !isExportsObject(target) || !isIdentifier(name, key)) return false;
  if (descriptor.type !== 'ObjectExpression' || descriptor.properties.length !== 2) return false;
  const [enumerable, getter] = descriptor.properties;
  const plainKey = (property: Node, word: string) =>
    property.type === 'Property' && !property.computed && isIdentifier(property.key, word) && !property.shorthand;
  if (!plainKey(enumerable, 'enumerable') || enumerable.method || !(enumerable.value.type === 'Literal' && enumerable.value.value === true)) {
    return false;
  }
  if (!plainKey(getter, 'get') || getter.kind !== 'init') return false;
  const fn = getter.value;
  if (fn.type !== 'FunctionExpression' || fn.async || fn.generator || fn.params.length !== 0) return false;
  const { body } = fn.body;
  return body.length === 1 && body[0].type === 'ReturnStatement' && isKeyedRead(body[0].argument, source, key);
};

/** `exports[key] = source[key]` or the getter form, as a statement. */
const isCopyStatement = (statement: Node | undefined, source: string, key: string): boolean => {
  if (statement?.type !== 'ExpressionStatement') return false;
  const { expression } = statement;
  if (expression.type === 'AssignmentExpression') {
    return expression.operator === '=' && isKeyedRead(expression.left, 'exports', key) && isKeyedRead(expression.right, source, key);
  }
  return isGetterCopy(expression, source, key);
};

/** The body of a loop that returns early for `default` and `__esModule`, then copies. */
const isGuardedCopyBody = (body: Node[], source: string, key: string): boolean => {
  const isDefaultOrEsModule = (test: Node) =>
    test.type === 'LogicalExpression' &&
    test.operator === '||' &&
    isStrictComparison(test.left, '===', key, 'default') &&
    isStrictComparison(test.right, '===', key, '__esModule');
  if (!isGuardReturn(body[0], isDefaultOrEsModule)) return false;
  let index = 1;
  if (isGuardReturn(body[index], test => isObjectHasOwnCall(test, key))) index += 1;
  if (isGuardReturn(body[index], test => isAlreadyExportedTest(test, source, key))) index += 1;
  return index === body.length - 1 && isCopyStatement(body[index], source, key);
};

/** The body of a loop that copies under `if (k !== 'default' [&& !hasOwn])`. */
const isConditionalCopyBody = (body: Node[], source: string, key: string): boolean => {
  if (body.length !== 1 || body[0].type !== 'IfStatement' || body[0].alternate !== null) return false;
  const { test, consequent } = body[0];
  const testOk =
    isStrictComparison(test, '!==', key, 'default') ||
    (test.type === 'LogicalExpression' &&
      test.operator === '&&' &&
      isStrictComparison(test.left, '!==', key, 'default') &&
      isNegatedHasOwn(test.right, key));
  return testOk && isCopyStatement(consequent, source, key);
};

/**
 * The name whose module a top-level statement copies, when it is one of the
 * loops above: `Object.keys(name).forEach(function (key) { ... })`.
 */
export const starCopiedName = (statement: Node): string | undefined => {
  if (statement.type !== 'ExpressionStatement') return undefined;
  const call = statement.expression;
  if (call.type !== 'CallExpression' || !isDotted(call.callee, 'forEach') || call.arguments.length !== 1) return undefined;
  const keys = call.callee.object;
  if (keys.type !== 'CallExpression' || !isDotted(keys.callee, 'keys') || !isIdentifier(keys.callee.object, 'Object')) return undefined;
  if (keys.arguments.length !== 1 || !isIdentifier(keys.arguments[0])) return undefined;
  const source: string = keys.arguments[0].name;
  // The lexer reads `function (key) {`: no name, no arrow.
  const fn = call.arguments[0];
  if (fn.type !== 'FunctionExpression' || fn.id !== null || fn.async || fn.generator) return undefined;
  if (fn.params.length !== 1 || !isIdentifier(fn.params[0])) return undefined;
  const key: string = fn.params[0].name;
  const { body } = fn.body;
  return isGuardedCopyBody(body, source, key) || isConditionalCopyBody(body, source, key) ? source : undefined;
};

/** The specifier `name` is bound to by a top-level `var|let|const name = require('m')` (or its interop-wrapped form). */
export const requiredBinding = (statement: Node): { name: string; specifier: string } | undefined => {
  if (statement.type !== 'VariableDeclaration') return undefined;
  // The lexer only looks back from `require` over `kind name =`: the first declarator.
  const [declarator] = statement.declarations;
  if (!isIdentifier(declarator.id) || declarator.init === null) return undefined;
  let init: Node = declarator.init;
  if (init.type === 'CallExpression' && init.arguments.length === 1) {
    const { callee } = init;
    const interop = isIdentifier(callee, '_interopRequireWildcard') || isDotted(callee, '_interopRequireWildcard');
    if (interop) init = init.arguments[0];
  }
  if (init.type !== 'CallExpression' || !isIdentifier(init.callee, 'require') || init.arguments.length !== 1) return undefined;
  const [argument] = init.arguments;
  if (argument.type !== 'Literal' || typeof argument.value !== 'string') return undefined;
  return { name: declarator.id.name, specifier: argument.value };
};
