// A builtin module cut to the members a package's policy `builtin` record
// grants (LavaMoat's format): `"fs": true` gives the whole module;
// `"fs.readFile": true` gives a frozen namespace-like object (null
// prototype, tagged "Module") holding only `readFile`, read through from the
// real module, functions keeping the real module as `this` when called on
// the view. An ES module importer gets the same object as its namespace: its
// members are the named exports and the object itself is the default export.
// Bans follow the same rule as for globals (see global-views.ts).
// `node:fs` and `fs` are one module here (LavaMoat keeps them apart, so a
// policy written for one breaks the other's importers).
// `process` is attenuated, whole or cut (see powerful-globals.ts).
// vm, module, worker_threads, inspector, v8, async_hooks and timers lose
// their ways out of confinement (see builtin-attenuations.ts). A whole
// grant of any other module gives the package its own copy of it, so that
// its changes reach no other package (see builtin-copies.ts).

import { hasReadAtOrBelow, makePathTree, makeViewContext, splitGrantPath, viewOfRoot } from './global-views.js';
import { attenuatePowerfulGlobal, isPowerfulGlobal } from './powerful-globals.js';
import { attenuateBuiltin } from './builtin-attenuations.js';
import { ownCopyOf } from './builtin-copies.js';

export interface BuiltinOptions {
  /** The package's canonical name, for error messages. */
  packageName?: string;
}

const withoutNodeScheme = (specifier: string) => (specifier.startsWith('node:') ? specifier.slice(5) : specifier);

/**
 * What a package gets when it imports the builtin `name` (`fs`, `node:fs`,
 * `fs/promises`). Throws a TypeError naming the policy entry to add when its
 * policy grants nothing of that builtin.
 */
export function builtinForPackage(
  name: string,
  grants: Readonly<Record<string, unknown>>,
  realModule: object,
  options: BuiltinOptions = {},
): object {
  const moduleName = withoutNodeScheme(name);
  const entries: [string[], 'read' | 'ban'][] = [];
  for (const [key, grant] of Object.entries(grants)) {
    if (grant !== true && grant !== false) {
      throw new TypeError(`Unrecognized policy value ${JSON.stringify(grant)} for the builtin ${JSON.stringify(key)}`);
    }
    const [root, ...rest] = splitGrantPath(key, 'builtin');
    if (withoutNodeScheme(root!) !== moduleName) continue;
    entries.push([[moduleName, ...rest], grant ? 'read' : 'ban']);
  }
  const node = makePathTree(entries).children.get(moduleName);
  if (node === undefined || !hasReadAtOrBelow(node)) {
    const who = options.packageName === undefined ? 'This package' : `Package ${JSON.stringify(options.packageName)}`;
    const resource = options.packageName === undefined ? '<package>' : JSON.stringify(options.packageName);
    throw new TypeError(
      `${who} may not import the builtin ${JSON.stringify(name)}: to allow it, add ${JSON.stringify(moduleName)}: true ` +
        `(or ${JSON.stringify(`${moduleName}.<member>`)}: true) to resources[${resource}].builtin in the policy`,
    );
  }
  const module = isPowerfulGlobal(moduleName)
    ? (attenuatePowerfulGlobal(moduleName, realModule, { packageName: options.packageName }) as object)
    : attenuateBuiltin(moduleName, realModule, node, options.packageName);
  // Namespace-like: no prototype, tagged as module namespaces are.
  const namespace = Object.create(null, { [Symbol.toStringTag]: { value: 'Module' } }) as object;
  const view = viewOfRoot(module, node, [moduleName], makeViewContext('builtin', options.packageName), namespace);
  // A whole grant gives the host's module itself: the package gets its own copy (builtin-copies.ts).
  return view?.value === realModule ? ownCopyOf(realModule) : (view?.value as object);
}

/** The exports an ES module importer links to: every member named, and the object as default. */
export function builtinExports(view: object): Record<string, unknown> {
  const exports: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(view)) exports[key] = (view as Record<string, unknown>)[key];
  exports.default = view;
  return exports;
}
