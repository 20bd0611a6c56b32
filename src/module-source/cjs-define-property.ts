// Which `Object.defineProperty(exports, 'name', descriptor)` calls give a
// named export, as Node's cjs-module-lexer decides it:
//
// - `{ value: ... }`, optionally after `enumerable: true,`: listed;
// - `{ get: function [name]() { return id; } }` or `{ get() { return id; } }`,
//   optionally after `enumerable: true,`, where the getter returns a name,
//   `id.name` or `id['name']` and is the last property: listed;
// - any other descriptor (an arrow getter, `enumerable: false`, a getter
//   that computes, no descriptor at all): an unsafe getter. The lexer then
//   leaves the name out of the exports even where another statement defines
//   it, because its value is not known before the module runs.

type Node = { type: string; start: number; end: number; [key: string]: any };

export type DefinedExport = 'listed' | 'unsafe';

/** A plain `key:` or `key()` property whose key is the bare word `name`. */
const hasPlainKey = (property: Node, name: string): boolean =>
  property.type === 'Property' && !property.computed && property.key.type === 'Identifier' && property.key.name === name;

/** `return x`, `return x.y` or `return x['y']`, alone in a block. */
const returnsPlainReference = (body: Node): boolean => {
  if (body.type !== 'BlockStatement' || body.body.length !== 1) return false;
  const [statement] = body.body;
  if (statement.type !== 'ReturnStatement' || !statement.argument) return false;
  const value = statement.argument;
  if (value.type === 'Identifier') return true;
  if (value.type !== 'MemberExpression' || value.optional || value.object.type !== 'Identifier') return false;
  if (!value.computed) return value.property.type === 'Identifier';
  return value.property.type === 'Literal' && typeof value.property.value === 'string';
};

/** `get: function [name]() { ... }` or `get() { ... }`: an ordinary function without parameters. */
const isPlainGetter = (property: Node): boolean => {
  if (property.kind !== 'init' || property.shorthand) return false;
  const fn = property.value;
  if (fn.type !== 'FunctionExpression' || fn.async || fn.generator || fn.params.length !== 0) return false;
  return returnsPlainReference(fn.body);
};

/** How the call `Object.defineProperty(exports, name, ...rest)` defines its name. */
export const classifyDefinedExport = (rest: Node[]): DefinedExport => {
  const [descriptor] = rest;
  if (rest.length !== 1 || descriptor.type !== 'ObjectExpression') return 'unsafe';
  const { properties } = descriptor;
  let index = 0;
  if (properties[0] !== undefined && hasPlainKey(properties[0], 'enumerable')) {
    const { value, kind, shorthand } = properties[0];
    if (kind !== 'init' || shorthand || value.type !== 'Literal' || value.value !== true) return 'unsafe';
    index = 1;
  }
  const property = properties[index];
  if (property === undefined) return 'unsafe';
  if (hasPlainKey(property, 'value')) {
    // The lexer stops reading at `value:`; what follows does not matter.
    return property.kind === 'init' && !property.shorthand && !property.method ? 'listed' : 'unsafe';
  }
  if (hasPlainKey(property, 'get') && index + 1 === properties.length && isPlainGetter(property)) return 'listed';
  return 'unsafe';
};
