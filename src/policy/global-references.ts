// The globals a module uses: its free names, with the member paths it reads
// or writes of them, minus what every compartment already has.
//
// Decisions (each differs from LavaMoat's generator, see the tests):
// - Only `globalThis` and `global` name Node's global object. `window`,
//   `self`, `top`, `frames`, `parent` are ordinary free names in Node code:
//   `window.fetch` is the path `window.fetch` (a global Node does not have,
//   so granting it grants nothing), never `fetch`.
// - A name seen only in `typeof name` adds nothing; `typeof a.b` reads a.b.
// - The intrinsics a compartment already has (its shared globals, see
//   src/ses/permits.ts) add nothing, except the powers a compartment's Date
//   and Math lack: `Date.now` (and `Date()`, `new Date()` with no
//   arguments, which read the clock) and `Math.random`.
// - Float16/32/64Array are not shared by compartments (a NaN side channel),
//   so they are reported like any host global.
// - A nested write records its path (`process.exitCode = 1` is
//   `process.exitCode: 'write'`); a top-level write records the name.
//   Writes through an intrinsic's members (`Error.stackTraceLimit = 50`)
//   add nothing: lockdown freezes those. `Error.captureStackTrace` and
//   `Error.prepareStackTrace` (V8's call sites, which a compartment's Error
//   lacks) are reported as reads.
// - `process.env.X` values are strings: paths under `process.env` stop at
//   three names.
// - Where `x` and `x.y` are both used, `x` is kept (LavaMoat's files refuse
//   a truthy child under a truthy parent); a write wins over a read of the
//   same path.
// - The global object used as a whole (`f(globalThis)`) cannot be
//   described by a path and adds nothing (as LavaMoat does).

import {
  universalPropertyNames,
  sharedGlobalPropertyNames,
  uniqueGlobalPropertyNames,
  constantProperties,
} from '../ses/permits.js';
import { parentOf, type EsNode, type ScopeAnalysis } from './scope-analysis.js';
import { followValue, type PathUse } from './value-paths.js';

export type GlobalUse = 'read' | 'write';

/** Names of Node's global object in module code. */
const globalObjectNames = new Set(['globalThis', 'global']);

/** Globals a compartment has of its own: using them needs no grant. */
const compartmentGlobals = new Set<string>([
  ...Object.keys(universalPropertyNames),
  ...Object.keys(sharedGlobalPropertyNames),
  ...Object.keys(uniqueGlobalPropertyNames),
  ...Object.keys(constantProperties),
]);

/**
 * Free names that are not globals: the global object inherits
 * Object.prototype's names; `arguments` at a module's top level, and the
 * CommonJS wrapper's names in an ES module (where Node has none of them).
 */
const notGlobals = new Set<string>([
  ...Object.getOwnPropertyNames(Object.prototype),
  'arguments',
  'require',
  'module',
  'exports',
  '__filename',
  '__dirname',
]);

/** The path to record for one use of a global, or undefined for none. */
const pathToRecord = (use: PathUse): string[] | undefined => {
  const { path, kind } = use;
  if (path.length === 0) return undefined;
  if (kind === 'typeof' && path.length === 1) return undefined;
  const [root] = path;
  if (compartmentGlobals.has(root)) {
    if (root === 'Date') {
      if (path[1] === 'now') return ['Date', 'now'];
      const readsClock = path.length === 1 && (kind === 'call' || (kind === 'new' && parentArgumentCount(use) === 0));
      return readsClock ? ['Date'] : undefined;
    }
    if (root === 'Math' && path[1] === 'random') return ['Math', 'random'];
    // V8's call-site API, which compartments' Error lacks (depd reads the
    // caller's file through it): `Error.captureStackTrace` and
    // `Error.prepareStackTrace`, read or written, are the start
    // compartment's Error to grant.
    if (root === 'Error' && (path[1] === 'captureStackTrace' || path[1] === 'prepareStackTrace')) return ['Error', path[1]];
    if (kind === 'write' && path.length === 1) return [...path];
    return undefined;
  }
  if (root === 'process' && path[1] === 'env' && path.length > 3) return path.slice(0, 3);
  return [...path];
};

/** The argument count of `new F(...)` whose callee is use.node. */
const parentArgumentCount = (use: PathUse): number => {
  let node: EsNode | undefined = parentOf(use.node);
  while (node !== undefined && node.type !== 'NewExpression') node = parentOf(node);
  return node === undefined ? -1 : node.arguments.length;
};

/** Adds one use, keeping `x` over `x.y`, and `write` over `read`. */
const record = (globals: Map<string, GlobalUse>, path: string[], use: GlobalUse): void => {
  const key = path.join('.');
  if (globals.get(key) !== 'write') globals.set(key, use);
};

/** Drops every path whose ancestor is also recorded. */
const keepTopmost = (globals: Map<string, GlobalUse>): Map<string, GlobalUse> => {
  const kept = new Map<string, GlobalUse>();
  for (const key of [...globals.keys()].sort()) {
    const parts = key.split('.');
    let covered = false;
    for (let i = 1; i < parts.length && !covered; i += 1) covered = globals.has(parts.slice(0, i).join('.'));
    if (!covered) kept.set(key, globals.get(key)!);
  }
  return kept;
};

/** The globals a module uses: dotted path -> 'read' | 'write'. */
export const findGlobalReferences = (scopes: ScopeAnalysis): Map<string, GlobalUse> => {
  const globals = new Map<string, GlobalUse>();
  const onUse = (use: PathUse): void => {
    const path = pathToRecord(use);
    if (path !== undefined) record(globals, path, use.kind === 'write' ? 'write' : 'read');
  };
  for (const ref of scopes.references) {
    if (ref.binding !== undefined) continue;
    const name: string = ref.node.name;
    if (notGlobals.has(name)) continue;
    if (ref.write) {
      // `x = 1` (or `[x] = a`, `for (x of a)`) writes the global x.
      record(globals, [name], 'write');
      continue;
    }
    // Under the global object, a path's first key names the global: its value is one key deep.
    followValue(ref.node, globalObjectNames.has(name) ? [] : [name], scopes, onUse, 1);
  }
  return keepTopmost(globals);
};
