// The builtin modules a module loads, with the members it uses of each.
//
// Decisions:
// - Names: `node:fs` and `fs` are one builtin, `fs` (the prefix is dropped
//   when Node also knows the name without it); builtins that exist only
//   with the prefix keep it (`node:test`, `node:sqlite`), since `test`
//   would name a package.
// - Members are full paths (`fs.promises.readFile` is `promises.readFile`),
//   as LavaMoat's dotted keys are: the least a policy can grant. A call
//   stops the path (`fs.readFileSync(f).toString()` is `readFileSync`).
// - Any use of the module other than reading members (passing it on,
//   storing it, `export *`, `import('fs')`) is 'whole'.
// - A module loaded and never used (`require('fs');`, `import 'fs'`) has an
//   empty member set: it must load, and nothing of it is used.

import { builtinModules, isBuiltin } from 'node:module';
import { type EsNode, type ScopeAnalysis } from './scope-analysis.js';
import { followValue, type PathUse } from './value-paths.js';
import { type ModuleRequest } from './module-requests.js';

export type BuiltinMembers = Set<string> | 'whole';

const unprefixedBuiltins = new Set(builtinModules);

/** The builtin name a specifier loads, or undefined if it names no builtin. */
export const builtinName = (specifier: string): string | undefined => {
  if (unprefixedBuiltins.has(specifier)) return specifier;
  if (!specifier.startsWith('node:')) return undefined;
  const bare = specifier.slice('node:'.length);
  if (unprefixedBuiltins.has(bare)) return bare;
  return isBuiltin(specifier) ? specifier : undefined;
};

/** The name an import specifier takes from the module (`default` is the module object for a builtin). */
const importedName = (specifier: EsNode): string | undefined => {
  if (specifier.type !== 'ImportSpecifier') return undefined;
  const { imported } = specifier;
  const name: string = imported.type === 'Identifier' ? imported.name : imported.value;
  return name === 'default' ? undefined : name;
};

/** The builtin modules used: name -> members used, or 'whole'. */
export const findBuiltinUses = (requests: readonly ModuleRequest[], scopes: ScopeAnalysis): Map<string, BuiltinMembers> => {
  const builtins = new Map<string, BuiltinMembers>();
  const useWhole = (name: string): void => {
    builtins.set(name, 'whole');
  };
  const useMember = (name: string, path: readonly string[]): void => {
    const members = builtins.get(name);
    if (members === 'whole') return;
    if (path.length === 0) return;
    members!.add(path.join('.'));
  };
  const onUse =
    (name: string) =>
    (use: PathUse): void => {
      if (use.kind === 'typeof') return;
      if (use.path.length === 0) {
        if (use.kind !== 'unused') useWhole(name);
        return;
      }
      useMember(name, use.path);
    };

  for (const request of requests) {
    if (request.specifier === undefined) continue;
    const name = builtinName(request.specifier);
    if (name === undefined) continue;
    if (!builtins.has(name)) builtins.set(name, new Set());
    const { node } = request;
    switch (request.form) {
      case 'require':
        followValue(node, [], scopes, onUse(name));
        break;
      case 'import':
        for (const specifier of node.specifiers as EsNode[]) {
          const binding = scopes.bindingOfDeclaration(specifier.local);
          if (binding === undefined) continue;
          const member = importedName(specifier);
          const path = member === undefined ? [] : [member];
          if (binding.references.length === 0) {
            if (member !== undefined) useMember(name, path);
            continue;
          }
          for (const ref of binding.references) followValue(ref.node, path, scopes, onUse(name));
        }
        break;
      case 'export':
        if (node.type === 'ExportAllDeclaration') {
          useWhole(name);
          break;
        }
        for (const specifier of node.specifiers as EsNode[]) {
          const local: string = specifier.local.type === 'Identifier' ? specifier.local.name : specifier.local.value;
          if (local === 'default') useWhole(name);
          else useMember(name, [local]);
        }
        break;
      case 'import()':
        useWhole(name);
        break;
    }
  }

  for (const [name, members] of builtins) {
    if (members === 'whole') continue;
    // `fs.promises` covers `fs.promises.readFile`.
    for (const member of members) {
      const parts = member.split('.');
      for (let i = 1; i < parts.length; i += 1) {
        if (members.has(parts.slice(0, i).join('.'))) {
          members.delete(member);
          break;
        }
      }
    }
    builtins.set(name, members);
  }
  return builtins;
};
