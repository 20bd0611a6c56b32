// What a CommonJS module requires and exports, found statically, as Node
// finds the named exports of a CommonJS module for an ES module importer
// (cjs-module-lexer) and as @endo/module-source lists them:
//
// - imports: the specifiers of `require('literal')` calls, in source order,
//   each once (and of `import('literal')`, when the module uses import());
// - exports: `exports.x = `, `module.exports.x = `, `exports['x'] = `,
//   `Object.defineProperty(exports, 'x', { value | enumerable, get() { return id } })`,
//   the keys of `module.exports = { a, b: c, ...require('m') }` up to the
//   first value that does not start with a name; always `default` too;
// - reexports: `module.exports = require('m')`, a spread `...require('m')`
//   in such an object literal, TypeScript's and Babel's star-export helpers
//   (`__exportStar(require('m'), exports)`, `__export(require('m'))`,
//   `Object.keys(_m).forEach(...)` over `var _m = require('m')`).
//
// The module is read by acorn as a sloppy script where `return` may stand at
// the top level, as Node wraps it. The analysis reads the tree and never
// scans text by hand.

import { Parser } from 'acorn';

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

/** Whether a getter `get() { return x }` / `get: function () { return x.y }` returns a plain name or member: safe to list. */
const isSafeGetter = (fn: Node | undefined): boolean => {
  if (fn === undefined || (fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression')) return false;
  const body = fn.body;
  if (body.type !== 'BlockStatement' || body.body.length !== 1) return false;
  const statement = body.body[0];
  if (statement.type !== 'ReturnStatement' || !statement.argument) return false;
  const value = statement.argument;
  return value.type === 'Identifier' || (value.type === 'MemberExpression' && value.object.type === 'Identifier');
};

/**
 * Whether the descriptor of `Object.defineProperty(exports, 'x', descriptor)`
 * makes a listable export: `enumerable: true` may come first, then `value`
 * or a safe getter must (as the lexer reads it).
 */
const isListableDescriptor = (descriptor: Node | undefined): boolean => {
  if (descriptor?.type !== 'ObjectExpression') return false;
  const properties = descriptor.properties.filter((p: Node) => p.type === 'Property');
  let index = 0;
  if (properties[0] !== undefined && keyName(properties[0]) === 'enumerable') {
    const { value } = properties[0];
    if (!(value.type === 'Literal' && value.value === true)) return false;
    index = 1;
  }
  const first = properties[index];
  if (first === undefined) return false;
  const key = keyName(first);
  if (key === 'value') return true;
  if (key === 'get') return isSafeGetter(first.value);
  return false;
};

/** Names a module cannot bind, which are never listed as exports (`default` is, always). */
const RESERVED = new Set(
  ('break case catch class const continue debugger delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await').split(' '),
);

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

/** Parses CommonJS source as Node runs it; a syntax error names the location, line and column. */
export const parseCjs = (source: string, location: string | undefined): Node => {
  try {
    return Parser.parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      allowHashBang: true,
      allowAwaitOutsideFunction: false,
    }) as unknown as Node;
  } catch (error) {
    const where = location === undefined ? '<unknown>' : JSON.stringify(location);
    throw SyntaxError(`Error transforming source in ${where}: ${(error as Error).message}`, { cause: error });
  }
};

export const analyzeCjs = (program: Node): CjsAnalysis => {
  const imports = new Set<string>();
  const dynamicImports = new Set<string>();
  const exports = new Set<string>();
  const reexports = new Set<string>();
  const importExpressions: number[] = [];
  /** Names bound to `require('m')`: `var _m = require('m')`. */
  const requiredAs = new Map<string, string>();

  const addObjectLiteralExports = (object: Node) => {
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') {
        const specifier = requireSpecifier(property.argument);
        if (specifier !== undefined) reexports.add(specifier);
        continue;
      }
      if (property.kind !== 'init' || property.method) return;
      const name = keyName(property);
      const { value } = property;
      // As the lexer: a key counts when its value starts with a name; anything else ends the list.
      if (!property.shorthand && value.type !== 'Identifier' && value.type !== 'MemberExpression' && value.type !== 'CallExpression') return;
      if (name !== undefined) exports.add(name);
      if (!property.shorthand && value.type !== 'Identifier') return;
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
          isIdentifier(callee.object, 'Object') &&
          propertyName(callee) === 'defineProperty' &&
          isExportsObject(args[0])
        ) {
          const name = staticString(args[1]);
          if (name !== undefined && isListableDescriptor(args[2])) exports.add(name);
          break;
        }
        // __exportStar(require('m'), exports), __export(require('m')), tslib's helpers
        if (callee.type === 'Identifier' || (callee.type === 'MemberExpression' && propertyName(callee) !== undefined)) {
          const calleeName = callee.type === 'Identifier' ? callee.name : propertyName(callee);
          if (calleeName === '__exportStar' || calleeName === '__export') {
            const reexported = requireSpecifier(args[0]) ?? (args[0]?.type === 'Identifier' ? requiredAs.get(args[0].name) : undefined);
            if (reexported !== undefined) reexports.add(reexported);
            break;
          }
        }
        // Object.keys(_m).forEach(function (k) { ... exports[k] = _m[k] ... })
        if (
          callee.type === 'MemberExpression' &&
          propertyName(callee) === 'forEach' &&
          callee.object.type === 'CallExpression' &&
          callee.object.callee.type === 'MemberExpression' &&
          isIdentifier(callee.object.callee.object, 'Object') &&
          propertyName(callee.object.callee) === 'keys' &&
          callee.object.arguments[0]?.type === 'Identifier'
        ) {
          const reexported = requiredAs.get(callee.object.arguments[0].name);
          if (reexported !== undefined) reexports.add(reexported);
        }
        break;
      }
      case 'ImportExpression': {
        importExpressions.push(node.start);
        const specifier = staticString(node.source);
        if (specifier !== undefined) dynamicImports.add(specifier);
        break;
      }
      case 'VariableDeclarator': {
        const specifier = requireSpecifier(node.init);
        if (specifier !== undefined && node.id.type === 'Identifier') requiredAs.set(node.id.name, specifier);
        break;
      }
      case 'AssignmentExpression': {
        const { left, right } = node;
        if (left.type !== 'MemberExpression') break;
        if (isModuleExports(left) && node.operator === '=') {
          // module.exports = require('m') | { ... }: the last assignment wins.
          reexports.clear();
          const specifier = requireSpecifier(right);
          if (specifier !== undefined) reexports.add(specifier);
          else if (right.type === 'ObjectExpression') addObjectLiteralExports(right);
        } else if (isExportsObject(left.object)) {
          const name = propertyName(left);
          if (name !== undefined) exports.add(name);
        }
        break;
      }
    }
  });

  const exportList = [...exports].filter(name => !RESERVED.has(name));
  if (!exportList.includes('default')) exportList.push('default');
  const importList = importExpressions.length > 0 ? [...new Set([...imports, ...dynamicImports])] : [...imports];
  return { imports: importList, exports: exportList, reexports: [...reexports], importExpressions };
};
