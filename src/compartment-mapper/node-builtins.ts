// Which specifiers name Node's builtin modules. Node 20 lets most builtins be
// named with or without "node:", and a few ("node:test", "node:sea") only
// with it.

import { builtinModules } from 'node:module';

/** Builtins that Node 20 loads only through the "node:" scheme. */
const schemeOnlyBuiltins = ['test', 'test/reporters', 'sea'];

export interface NodeBuiltins {
  /** The builtin id named by a specifier with or without "node:", if any. */
  readonly builtinOf: (specifier: string) => string | undefined;
  /** Whether an id (without "node:") names a builtin at all. */
  readonly isBuiltinId: (id: string) => boolean;
}

export const makeNodeBuiltins = (
  withoutScheme: readonly string[] = builtinModules,
  onlyWithScheme: readonly string[] = schemeOnlyBuiltins,
): NodeBuiltins => {
  const plain = new Set(withoutScheme);
  const all = new Set([...withoutScheme, ...onlyWithScheme]);
  return {
    builtinOf: specifier => {
      if (specifier.startsWith('node:')) {
        const id = specifier.slice('node:'.length);
        return all.has(id) ? id : undefined;
      }
      return plain.has(specifier) ? specifier : undefined;
    },
    isBuiltinId: id => all.has(id),
  };
};
