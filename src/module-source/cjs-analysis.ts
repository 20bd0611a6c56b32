// What a CommonJS module requires and exports, found statically, as Node
// finds the named exports of a CommonJS module for an ES module importer
// (cjs-module-lexer) and as @endo/module-source lists them:
//
// - imports: the specifiers of `require('literal')` calls, in source order,
//   each once (and of `import('literal')`, when the module uses import());
// - exports, in the order found: `exports.x = `, `module.exports.x = `,
//   `exports['x'] = `, `Object.defineProperty(exports, 'x', descriptor)` when
//   the lexer can read its value (cjs-define-property.ts; when it cannot,
//   `x` is not listed at all), the keys of
//   `module.exports = { a, b: c, ...require('m') }` up to the first value
//   that does not start with a name; `default` always, where
//   `module.exports` is replaced by another value, or else last;
// - reexports: `module.exports = require('m')`, a spread `...require('m')`
//   in such an object literal, TypeScript's and Babel's star-export helpers
//   (`__exportStar(require('m'), exports)`, `__export(require('m'))`), and
//   the `Object.keys(_m).forEach(...)` copy loops of Babel and Rollup
//   (cjs-star-reexport.ts).
//
// The module is read as Node runs it (cjs-parse.ts). The analysis reads the
// tree; the one place it reads text is the gap between an object literal's
// key and its value, which the tree does not keep (a parenthesized value).

import { classifyDefinedExport } from './cjs-define-property.js';
import { requiredBinding, starCopiedName } from './cjs-star-reexport.js';

type Node = { type: string; start: number; end: number; [key: string]: any };

export interface CjsAnalysis {
  imports: string[];
  exports: string[];
  reexports: string[];
  /** Offsets of `import` in `import(...)` expressions. */
  importExpressions: number[];
}

/** The string value of a string literal (a template is not one, for the lexer). */
const staticString = (node: Node | undefined): string | undefined => {
  if (node === undefined || node === null) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  return undefined;
};

/** The specifier of `require('m')`, if `node` is that call. */
const requireSpecifier = (node: Node | undefined): string | undefined =>
  node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1
    ? staticString(node.arguments[0])
    : undefined;

const isIdentifier = (node: Node | undefined, name: string): boolean => node?.type === 'Identifier' && node.name === name;

/** `module.exports` */
const isModuleExports = (node: Node | undefined): boolean =>
  node?.type === 'MemberExpression' && isIdentifier(node.object, 'module') && propertyName(node) === 'exports';

/** `exports` or `module.exports` */
const isExportsObject = (node: Node | undefined): boolean => isIdentifier(node, 'exports') || isModuleExports(node);

/** The name a member expression reads: `o.x`, `o['x']`. */
function propertyName(node: Node): string | undefined {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return staticString(node.property);
}

/** A property key of an object literal, if static. */
const keyName = (property: Node): string | undefined => {
  if (property.computed) return staticString(property.key);
  if (property.key.type === 'Identifier') return property.key.name;
  return staticString(property.key);
};

/**
 * Names never listed as exports, as the original leaves them out: the words
 * reserved in strict code only. (Node lists them; `default` is always listed.)
 */
const STRICT_RESERVED = new Set(['implements', 'interface', 'let', 'package', 'private', 'protected', 'public', 'static', 'yield', 'enum']);

const walk = (node: unknown, visit: (node: Node, parent: Node | undefined) => void, parent?: Node): void => {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit, parent);
    return;
  }
  if (typeof node !== 'object' || node === null || typeof (node as Node).type !== 'string') return;
  visit(node as Node, parent);
  for (const key of Object.keys(node)) {
    if (key !== 'type' && key !== 'start' && key !== 'end' && key !== 'loc') walk((node as Node)[key], visit, node as Node);
  }
};

/** Whether an expression's text begins with an identifier name (a keyword included), as the lexer reads it. */
const leadsWithName = (node: Node): boolean => {
  const leftmost = (child: Node | null | undefined): boolean =>
    child !== null && child !== undefined && child.start === node.start && leadsWithName(child);
  switch (node.type) {
    case 'Identifier':
    case 'ThisExpression':
    case 'Super':
    case 'FunctionExpression':
    case 'ClassExpression':
    case 'NewExpression':
    case 'AwaitExpression':
    case 'YieldExpression':
      return true;
    case 'Literal':
      return node.value === null ? node.regex === undefined && node.bigint === undefined : typeof node.value === 'boolean';
    case 'UnaryExpression':
      return node.operator === 'typeof' || node.operator === 'void' || node.operator === 'delete';
    case 'ArrowFunctionExpression':
      return node.async === true || (node.params.length === 1 && leftmost(node.params[0]));
    case 'MemberExpression':
      return leftmost(node.object);
    case 'CallExpression':
      return leftmost(node.callee);
    case 'TaggedTemplateExpression':
      return leftmost(node.tag);
    case 'ChainExpression':
      return leftmost(node.expression);
    case 'BinaryExpression':
    case 'LogicalExpression':
    case 'AssignmentExpression':
      return leftmost(node.left);
    case 'ConditionalExpression':
      return leftmost(node.test);
    case 'SequenceExpression':
      return leftmost(node.expressions[0]);
    case 'UpdateExpression':
      return !node.prefix && leftmost(node.argument);
    default:
      return false;
  }
};

/** Whether the value is one name token: what the lexer reads past to the next key. */
const isOneName = (node: Node): boolean =>
  node.type === 'Identifier' || node.type === 'ThisExpression' || (node.type === 'Literal' && leadsWithName(node));

export const analyzeCjs = (program: Node, source: string): CjsAnalysis => {
  /** Whether a "(" stands between a property's key and its value (comments aside), which the tree does not keep. */
  const parenthesized = (property: Node, value: Node): boolean =>
    source.slice(property.key.end, value.start).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n\r\u2028\u2029]*/g, '').includes('(');

  const imports = new Set<string>();
  const dynamicImports = new Set<string>();
  /** In the order found: `default` takes its place where `module.exports` is replaced by a value. */
  const exports = new Set<string>();
  /** Names defined with a descriptor whose value is unknown before the module runs: never listed. */
  const unsafeGetters = new Set<string>();
  const reexports = new Set<string>();
  const importExpressions: number[] = [];

  const addObjectLiteralExports = (object: Node) => {
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        const specifier = requireSpecifier(property.argument);
        if (specifier !== undefined) reexports.add(specifier);
        continue;
      }
      if (property.kind !== 'init' || property.method || property.computed) return;
      const name = keyName(property);
      const { value } = property;
      // As the lexer: a key counts when its value's text starts with a name
      // (`a: b.c`, `a: n => n`, `a: function () {}`); the list goes on only
      // past a value that is that one name (`a: b,`, `a: true,`).
      if (!property.shorthand && (parenthesized(property, value) || !leadsWithName(value))) return;
      if (name !== undefined) exports.add(name);
      // (The lexer reads the comma right after the name: `a: b ,` ends the list.)
      if (!property.shorthand && !(isOneName(value) && source[value.end] === ',')) return;
    }
  };

  walk(program, node => {
    switch (node.type) {
      case 'CallExpression': {
        const specifier = requireSpecifier(node);
        if (specifier !== undefined) {
          imports.add(specifier);
          break;
        }
        const { callee, arguments: args } = node;
        // Object.defineProperty(exports, 'x', descriptor)
        if (
          callee.type === 'MemberExpression' &&
          !callee.computed &&
          isIdentifier(callee.object, 'Object') &&
          propertyName(callee) === 'defineProperty' &&
          isExportsObject(args[0])
        ) {
          const name = staticString(args[1]);
          if (name === undefined) break;
          if (classifyDefinedExport(args.slice(2)) === 'listed') exports.add(name);
          else unsafeGetters.add(name);
          break;
        }
        // __exportStar(require('m'), exports), __export(require('m')), tslib's helpers
        if (callee.type === 'Identifier' || (callee.type === 'MemberExpression' && !callee.computed)) {
          const calleeName = callee.type === 'Identifier' ? callee.name : propertyName(callee);
          if (calleeName === '__exportStar' || calleeName === '__export') {
            const reexported = requireSpecifier(args[0]);
            if (reexported !== undefined) reexports.add(reexported);
          }
        }
        break;
      }
      case 'ImportExpression': {
        importExpressions.push(node.start);
        const specifier = staticString(node.source);
        if (specifier !== undefined) dynamicImports.add(specifier);
        break;
      }
      case 'AssignmentExpression': {
        const { left, right } = node;
        if (left.type !== 'MemberExpression' || node.operator !== '=') break;
        if (isModuleExports(left)) {
          // module.exports = require('m') | { ... } | value: the last assignment wins.
          reexports.clear();
          const specifier = requireSpecifier(right);
          if (specifier !== undefined) reexports.add(specifier);
          else if (right.type === 'ObjectExpression') addObjectLiteralExports(right);
          else exports.add('default');
        } else if (isExportsObject(left.object)) {
          const name = propertyName(left);
          if (name !== undefined) exports.add(name);
        }
        break;
      }
    }
  });

  // Babel's and Rollup's star-export loops, over names bound to a required module at the top level.
  const requiredAs = new Map<string, string>();
  for (const statement of program.body as Node[]) {
    const binding = requiredBinding(statement);
    if (binding !== undefined) requiredAs.set(binding.name, binding.specifier);
    const copied = starCopiedName(statement);
    const specifier = copied === undefined ? undefined : requiredAs.get(copied);
    if (specifier !== undefined) reexports.add(specifier);
  }

  const exportList = [...exports].filter(name => !STRICT_RESERVED.has(name) && !unsafeGetters.has(name));
  if (!exportList.includes('default')) exportList.push('default');
  const importList = importExpressions.length > 0 ? [...new Set([...imports, ...dynamicImports])] : [...imports];
  return { imports: importList, exports: exportList, reexports: [...reexports], importExpressions };
};
