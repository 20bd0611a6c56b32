// Following a value (a global, a required module) to the member paths a
// module uses of it: up its chain of non-computed member reads, through the
// bindings it is stored in (`const g = globalThis`, `const { readFile } =
// require('fs')`), until it is called, written, tested with `typeof`, or
// escapes (passed on, returned, stored), where what is used is decided.

import { parentOf, type EsNode, type ScopeAnalysis, type Binding } from './scope-analysis.js';

/** How the value at `path` is used where the chain ends. */
export type PathUseKind =
  /** read and passed on, compared, stored: the whole value at path is needed */
  | 'read'
  /** called (`f()`, a tagged template); `node` is the callee */
  | 'call'
  /** constructed (`new F()`); `node` is the callee */
  | 'new'
  /** the target of an assignment, update or `delete` */
  | 'write'
  /** only its type tested (`typeof x`) */
  | 'typeof'
  /** stored in a binding that nothing references, or discarded (`x.y;`): read, and nothing more */
  | 'unused';

export interface PathUse {
  path: readonly string[];
  kind: PathUseKind;
  /** The expression whose value is at `path`. */
  node: EsNode;
}

/**
 * Methods every value inherits (strings, functions, objects): calling one
 * (or reading `length`)
 * uses the value the path leads to, not an API of the global or module, so
 * the path stops before it (`process.env.DEBUG.split()` is
 * `process.env.DEBUG`, `fetch.call(...)` is `fetch`).
 */
const inheritedMethodNames = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  ...Object.getOwnPropertyNames(Function.prototype),
]);

/**
 * Methods of strings and arrays: the path stops before one only below the
 * root value (`process.env.DEBUG.split()`, `http.METHODS.map()`), since a
 * module or global may have an API of that name itself (`path.join`,
 * `path.normalize`, `Buffer.concat`).
 */
const valueMethodNames = new Set<string>([
  ...Object.getOwnPropertyNames(String.prototype),
  ...Object.getOwnPropertyNames(Array.prototype),
]);

/** The key of a member access when it is known statically: `a.b`, `a['b']`, `` a[`b`] ``. */
export const staticKey = (member: EsNode): string | undefined => {
  const { property } = member;
  if (!member.computed) return property.type === 'Identifier' ? property.name : undefined;
  if (property.type === 'Literal' && typeof property.value === 'string') return property.value;
  if (property.type === 'TemplateLiteral' && property.expressions.length === 0) return property.quasis[0].value.cooked ?? undefined;
  return undefined;
};

/** Literal string values: `'fs'`, `` `fs` ``; undefined for anything computed. */
export const literalString = (node: EsNode | null | undefined): string | undefined => {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
};

const isCallee = (node: EsNode, parent: EsNode | undefined): boolean =>
  parent !== undefined &&
  (((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === node) ||
    (parent.type === 'TaggedTemplateExpression' && parent.tag === node));

/** The parent, looking through wrappers that pass their value on unchanged (`a?.b`, parentheses). */
const transparentParent = (node: EsNode): { node: EsNode; parent: EsNode | undefined } => {
  let parent = parentOf(node);
  while (parent !== undefined && (parent.type === 'ChainExpression' || parent.type === 'ParenthesizedExpression')) {
    node = parent;
    parent = parentOf(node);
  }
  return { node, parent };
};

/** A binding that always holds what its one declaration stored. */
const isStable = (binding: Binding): boolean => binding.declarations === 1 && binding.writes === 0;

/**
 * Follows the value of `start` (whose value is at `path`) and reports each
 * way it is used. Bindings already followed are not followed again (`seen`
 * guards against `var a = a.b`-style cycles).
 */
export const followValue = (
  start: EsNode,
  path: readonly string[],
  scopes: ScopeAnalysis,
  report: (use: PathUse) => void,
  /** How many keys of a path name the root value (a global's name: 1; a module namespace: 0). */
  rootDepth = 0,
  seen: Set<Binding> = new Set(),
): void => {
  const keys = [...path];
  let node = start;
  for (;;) {
    const up = transparentParent(node);
    node = up.node;
    const { parent } = up;
    if (parent === undefined) {
      report({ path: keys, kind: 'read', node });
      return;
    }
    switch (parent.type) {
      case 'MemberExpression': {
        if (parent.object !== node) break; // the value is a computed key
        const key = staticKey(parent);
        if (key === undefined) break; // a computed access cuts the path here
        const above = transparentParent(parent);
        const called = isCallee(above.node, above.parent);
        if (called ? inheritedMethodNames.has(key) || (keys.length > rootDepth && valueMethodNames.has(key)) : key === 'length') break;
        // A constructor's prototype is reached through the constructor, which
        // is what must be granted (`EventEmitter.prototype.emit` is `EventEmitter`).
        if (key === 'prototype') break;
        keys.push(key);
        node = parent;
        continue;
      }
      case 'CallExpression':
      case 'TaggedTemplateExpression':
        if (isCallee(node, parent)) return report({ path: keys, kind: 'call', node });
        break;
      case 'NewExpression':
        if (parent.callee === node) return report({ path: keys, kind: 'new', node });
        break;
      case 'AssignmentExpression':
        if (parent.left === node) return report({ path: keys, kind: 'write', node });
        break;
      case 'UpdateExpression':
        return report({ path: keys, kind: 'write', node });
      case 'UnaryExpression':
        if (parent.operator === 'delete') return report({ path: keys, kind: 'write', node });
        if (parent.operator === 'typeof') return report({ path: keys, kind: 'typeof', node });
        if (parent.operator === 'void') return;
        break;
      case 'LogicalExpression':
        // `a || b` and `c ? a : b` pass a's value on (`g = globalThis || global`).
        node = parent;
        continue;
      case 'ConditionalExpression':
        if (parent.test === node) break;
        node = parent;
        continue;
      case 'SequenceExpression':
        if (parent.expressions[parent.expressions.length - 1] !== node) return;
        node = parent;
        continue;
      case 'VariableDeclarator':
        if (parent.init === node) return followPattern(parent.id, keys, node, scopes, report, rootDepth, seen);
        break;
      case 'ExpressionStatement':
        // Evaluated for its effect only (`require('fs');`, `globalThis.x;`).
        return report({ path: keys, kind: 'unused', node });
    }
    report({ path: keys, kind: 'read', node });
    return;
  }
};

/** The value at `path` is stored into a binding pattern: follow each name it declares. */
const followPattern = (
  pattern: EsNode,
  path: readonly string[],
  valueNode: EsNode,
  scopes: ScopeAnalysis,
  report: (use: PathUse) => void,
  rootDepth: number,
  seen: Set<Binding>,
): void => {
  switch (pattern.type) {
    case 'Identifier': {
      const binding = scopes.bindingOfDeclaration(pattern);
      if (binding === undefined || !isStable(binding)) return report({ path, kind: 'read', node: valueNode });
      if (seen.has(binding)) return;
      seen.add(binding);
      const reads = binding.references.filter((ref) => !ref.write);
      if (reads.length === 0) return report({ path, kind: 'unused', node: valueNode });
      for (const ref of reads) followValue(ref.node, path, scopes, report, rootDepth, seen);
      return;
    }
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') {
          report({ path, kind: 'read', node: valueNode });
          continue;
        }
        const key = staticKey({ ...property, property: property.key } as EsNode);
        if (key === undefined) {
          report({ path, kind: 'read', node: valueNode });
          continue;
        }
        followPattern(property.value, [...path, key], valueNode, scopes, report, rootDepth, seen);
      }
      return;
    case 'AssignmentPattern':
      // The default is used only when the value is undefined: follow the value.
      return followPattern(pattern.left, path, valueNode, scopes, report, rootDepth, seen);
    default:
      // Array patterns iterate the value: it is used whole.
      report({ path, kind: 'read', node: valueNode });
  }
};
