// The globals a package's compartment gets from its policy's `globals` record
// (LavaMoat's format), as property descriptors for its global object.
//
// - `"fetch": true` gives the host's value itself (identity kept, so that
//   `Buffer` is still `require('buffer').Buffer`).
// - `"Buffer.from": true` gives a minimal view: an object holding only that
//   member (nested views for deeper paths; grants under one root merge). A
//   member is read through from the host object at each access (so
//   `process.env.DEBUG` set later is seen); a function member is wrapped so
//   that, called on the view (`view.a.b()`), it runs with the host object as
//   `this`, and with any other receiver it runs with that receiver.
// - `false` bans, with LavaMoat's rule: a ban only matters under a grant made
//   below it: `{a: true, "a.b": false}` still exposes `a.b`;
//   `{a: true, "a.b": false, "a.b.c": true}` exposes `a` with `a.b` cut down
//   to `c` (LavaMoat does that by writing into the host object; here the host
//   object is left alone and `a` becomes a copy-view).
// - `"write"` (top level only) is shared: see shared-globals.ts.
// - `__proto__` anywhere in a path throws.
// Powerful globals (`process`) are attenuated before any view is cut from them.

import { attenuatePowerfulGlobal, globalObjectNames, isEnvironmentView, isPowerfulGlobal } from './powerful-globals.js';
import type { SharedGlobals } from './shared-globals.js';

export type GlobalGrant = true | false | 'write';

export interface GlobalsOptions {
  /** The package's canonical name, for error messages. */
  packageName?: string;
  /** The package's own global object, given for `global`/`globalThis` grants. */
  globalObject?: object;
}

/** One segment of granted paths: `read` grants the whole value there, `ban` is a `false` entry. */
export interface PathNode {
  grant?: 'read' | 'ban';
  children: Map<string, PathNode>;
}

type AnyFunction = (...args: unknown[]) => unknown;

const isObjectLike = (value: unknown): value is object =>
  value !== null && (typeof value === 'object' || typeof value === 'function');

/** Splits a dotted policy key, refusing `__proto__` and empty segments. */
export function splitGrantPath(path: string, kind: string): string[] {
  const parts = path.split('.');
  if (parts.includes('__proto__')) {
    throw new TypeError(`"__proto__" is not allowed in a policy path: ${JSON.stringify(path)} in ${kind}`);
  }
  if (parts.some(part => part === '')) {
    throw new TypeError(`Empty segment in the policy path ${JSON.stringify(path)} in ${kind}`);
  }
  return parts;
}

export function makePathTree(entries: Iterable<[string[], 'read' | 'ban']>): PathNode {
  const root: PathNode = { children: new Map() };
  for (const [parts, grant] of entries) {
    let node = root;
    for (const part of parts) {
      let child = node.children.get(part);
      if (child === undefined) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.grant = grant;
  }
  return root;
}

/** Some grant at or below this node. */
export function hasReadAtOrBelow(node: PathNode): boolean {
  if (node.grant === 'read') return true;
  for (const child of node.children.values()) if (hasReadAtOrBelow(child)) return true;
  return false;
}

/** Below a whole grant, a ban that has a grant under it: the whole value must be cut there. */
export function hasCutBelow(node: PathNode): boolean {
  for (const child of node.children.values()) {
    if (child.grant === 'ban' && hasReadAtOrBelow(child)) return true;
    if (hasCutBelow(child)) return true;
  }
  return false;
}

/**
 * A function that runs `fn` with `realThis` when called on `view`, and with
 * its own receiver otherwise. Wrapped rather than bound: a bound function
 * would also replace a receiver the caller chose (`view.f.call(other)`), and
 * could not carry `fn`'s `prototype`, which `new` and `instanceof` need.
 */
export function wrapMethod(fn: AnyFunction, view: object, realThis: object): AnyFunction {
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    if (new.target !== undefined) {
      return Reflect.construct(fn, args, new.target === wrapper ? fn : new.target);
    }
    return Reflect.apply(fn, this === view ? realThis : this, args);
  };
  // Statics and `prototype` are part of the granted function (hrtime.bigint, Foo.prototype).
  for (const key of Reflect.ownKeys(fn)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(fn, key);
    if (descriptor !== undefined) Reflect.defineProperty(wrapper, key, descriptor);
  }
  Reflect.setPrototypeOf(wrapper, Reflect.getPrototypeOf(fn));
  return Object.freeze(wrapper);
}

interface ViewContext {
  /** `"process.env.DEBUG"`, for error messages. */
  describe: (path: readonly string[]) => string;
  refuseWrite: (path: readonly string[]) => never;
}

/** A member read through from `sourceParent` at each access; functions wrapped once per identity. */
function liveMember(
  sourceParent: object,
  key: string,
  view: object,
  path: readonly string[],
  context: ViewContext,
): PropertyDescriptor {
  const wrappers = new WeakMap<AnyFunction, AnyFunction>();
  return {
    get() {
      const value: unknown = Reflect.get(sourceParent, key);
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(value as AnyFunction);
      if (wrapper === undefined) {
        wrapper = wrapMethod(value as AnyFunction, view, sourceParent);
        wrappers.set(value as AnyFunction, wrapper);
      }
      return wrapper;
    },
    set() {
      context.refuseWrite(path);
    },
    enumerable: true,
    configurable: false,
  };
}

/** A fresh object holding only the members granted under `node`, cut from `source`. */
function makeContainer(
  source: object,
  node: PathNode,
  path: readonly string[],
  context: ViewContext,
  container: object = {},
): object {
  for (const [key, child] of node.children) {
    const descriptor = describeMember(source, key, child, container, [...path, key], context);
    if (descriptor !== undefined) Object.defineProperty(container, key, descriptor);
  }
  return Object.freeze(container);
}

/**
 * `value` whole except where bans with grants under them cut it: every other
 * member is read through; the prototype is the value's own.
 */
function makeCutCopy(value: object, node: PathNode, path: readonly string[], context: ViewContext): object {
  const copy: object =
    typeof value === 'function'
      ? function (this: unknown, ...args: unknown[]): unknown {
          if (new.target !== undefined) return Reflect.construct(value as AnyFunction, args, new.target);
          return Reflect.apply(value as AnyFunction, this === copy ? value : this, args);
        }
      : {};
  Reflect.setPrototypeOf(copy, Reflect.getPrototypeOf(value));
  const keys = new Set<PropertyKey>([...Reflect.ownKeys(value), ...node.children.keys()]);
  for (const key of keys) {
    if (typeof key !== 'string') {
      const symbolDescriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (symbolDescriptor !== undefined) Reflect.defineProperty(copy, key, symbolDescriptor);
      continue;
    }
    const child = node.children.get(key);
    const memberPath = [...path, key];
    let descriptor: PropertyDescriptor | undefined;
    if (child !== undefined && child.grant === 'ban' && hasReadAtOrBelow(child)) {
      descriptor = describeMember(value, key, { children: child.children }, copy, memberPath, context);
    } else if (child !== undefined && hasCutBelow(child)) {
      descriptor = describeMember(value, key, { grant: 'read', children: child.children }, copy, memberPath, context);
    } else if (key === 'prototype' || key === 'length' || key === 'name') {
      // A function's own bookkeeping: copied as is (a getter here could not replace them).
      const own = Reflect.getOwnPropertyDescriptor(value, key);
      if (own !== undefined && Reflect.defineProperty(copy, key, own)) continue;
      descriptor = liveMember(value, key, copy, memberPath, context);
    } else if (key in value) {
      descriptor = liveMember(value, key, copy, memberPath, context);
    }
    if (descriptor !== undefined) Reflect.defineProperty(copy, key, descriptor);
  }
  return Object.freeze(copy);
}

/** The descriptor of member `key` of a view whose host counterpart is `sourceParent`. */
function describeMember(
  sourceParent: object,
  key: string,
  node: PathNode,
  view: object,
  path: readonly string[],
  context: ViewContext,
): PropertyDescriptor | undefined {
  if (node.grant === 'read') {
    // Absent when the view is made, absent for good (as LavaMoat), except for
    // environment variables, which may be set later.
    if (!(key in sourceParent) && !isEnvironmentView(sourceParent)) return undefined;
    if (!hasCutBelow(node)) return liveMember(sourceParent, key, view, path, context);
    const value: unknown = Reflect.get(sourceParent, key);
    if (!isObjectLike(value)) return liveMember(sourceParent, key, view, path, context);
    return { value: makeCutCopy(value, node, path, context), enumerable: true, writable: false, configurable: false };
  }
  if (!hasReadAtOrBelow(node)) return undefined;
  // An intermediate object is taken once, when the view is made (as LavaMoat does).
  const value: unknown = Reflect.get(sourceParent, key);
  if (!isObjectLike(value)) return undefined;
  return { value: makeContainer(value, node, path, context), enumerable: true, writable: false, configurable: false };
}

/**
 * The value a top-level grant gives: the value itself, or a cut copy, or a
 * container of granted members. `undefined` when nothing is there.
 */
export function viewOfRoot(
  value: unknown,
  node: PathNode,
  path: readonly string[],
  context: ViewContext,
  rootContainer?: object,
): { value: unknown } | undefined {
  if (node.grant === 'read') {
    if (!hasCutBelow(node) || !isObjectLike(value)) return { value };
    return { value: makeCutCopy(value, node, path, context) };
  }
  if (!hasReadAtOrBelow(node) || !isObjectLike(value)) return undefined;
  return { value: makeContainer(value, node, path, context, rootContainer) };
}

export function makeViewContext(kind: string, packageName: string | undefined): ViewContext {
  const describe = (path: readonly string[]) => path.join('.');
  const who = packageName === undefined ? 'This package' : `Package ${JSON.stringify(packageName)}`;
  return {
    describe,
    refuseWrite(path) {
      throw new TypeError(
        `${who} may read ${JSON.stringify(describe(path))} but not assign it: its policy ${kind} grants read access only ("write" exists only for top-level globals)`,
      );
    },
  };
}

function parseGlobalGrants(grants: Record<string, unknown>) {
  const parsed: { parts: string[]; grant: GlobalGrant }[] = [];
  for (const [path, raw] of Object.entries(grants)) {
    // "read" is LavaMoat's deprecated spelling of true.
    const grant = raw === 'read' ? true : raw;
    if (grant !== true && grant !== false && grant !== 'write') {
      throw new TypeError(`Unrecognized policy value ${JSON.stringify(raw)} for the global ${JSON.stringify(path)}`);
    }
    let parts = splitGrantPath(path, 'globals');
    // `global.fetch` names `fetch`: the global object's own names are not a path.
    while (parts.length > 1 && globalObjectNames.has(parts[0]!)) parts = parts.slice(1);
    if (grant === 'write' && parts.length > 1) {
      throw new TypeError(`"write" is only allowed for a top-level global, not ${JSON.stringify(path)}`);
    }
    parsed.push({ parts, grant });
  }
  return parsed;
}

/** A view of a shared global: each member walks from the cell's current value. */
function makeSharedView(
  readRoot: () => unknown,
  node: PathNode,
  path: readonly string[],
  context: ViewContext,
): object {
  const container: object = {};
  for (const [key, child] of node.children) {
    const childPath = [...path, key];
    if (child.grant === 'read') {
      const wrappers = new WeakMap<AnyFunction, { parent: object; wrapper: AnyFunction }>();
      Object.defineProperty(container, key, {
        get() {
          const parent = walk(readRoot(), childPath.slice(1, -1));
          const value = isObjectLike(parent) ? Reflect.get(parent, key) : undefined;
          if (typeof value !== 'function' || !isObjectLike(parent)) return value;
          const cached = wrappers.get(value as AnyFunction);
          if (cached !== undefined && cached.parent === parent) return cached.wrapper;
          const wrapper = wrapMethod(value as AnyFunction, container, parent);
          wrappers.set(value as AnyFunction, { parent, wrapper });
          return wrapper;
        },
        set() {
          context.refuseWrite(childPath);
        },
        enumerable: true,
        configurable: false,
      });
    } else if (hasReadAtOrBelow(child)) {
      Object.defineProperty(container, key, {
        value: makeSharedView(readRoot, child, childPath, context),
        enumerable: true,
        writable: false,
        configurable: false,
      });
    }
  }
  return Object.freeze(container);
}

function walk(value: unknown, parts: readonly string[]): unknown {
  let current = value;
  for (const part of parts) {
    if (!isObjectLike(current)) return undefined;
    current = Reflect.get(current, part);
  }
  return current;
}

/**
 * The property descriptors to define on a package's compartment global.
 * `source` is the host's global object (or a record of its values taken
 * before lockdown); `shared` is the application's store of `"write"` globals.
 */
/** Intrinsics that compartments have, tamed: a grant under one gives the host's whole. */
const wholeOnGrant = new Set(['Date', 'Math', 'Error']);

export function globalsForPackage(
  grants: Record<string, GlobalGrant>,
  source: object,
  shared: SharedGlobals,
  options: GlobalsOptions = {},
): Record<string, PropertyDescriptor> {
  const { packageName } = options;
  const context = makeViewContext('globals', packageName);
  const parsed = parseGlobalGrants(grants as Record<string, unknown>);
  const writes = new Set(parsed.filter(entry => entry.grant === 'write').map(entry => entry.parts[0]!));
  const tree = makePathTree(
    parsed
      .filter(entry => entry.grant !== 'write')
      .map(entry => [entry.parts, entry.grant === true ? 'read' : 'ban'] as [string[], 'read' | 'ban']),
  );
  for (const name of writes) {
    const node: PathNode = tree.children.get(name) ?? { children: new Map() };
    node.grant = 'read';
    tree.children.set(name, node);
  }

  const hostValue = (name: string, envWritable: boolean): unknown => {
    const value: unknown = Reflect.get(source, name);
    return isPowerfulGlobal(name) ? attenuatePowerfulGlobal(name, value, { packageName, envWritable }) : value;
  };

  const descriptors: Record<string, PropertyDescriptor> = {};
  for (const [name, node] of tree.children) {
    if (globalObjectNames.has(name)) {
      if (node.grant === 'read' && options.globalObject !== undefined) {
        descriptors[name] = { value: options.globalObject, writable: false, enumerable: false, configurable: false };
      }
      continue;
    }
    // The compartment has its own Date, Math and Error (without the clock,
    // randomness and V8's call sites): a grant of any member of one
    // (`Date.now`) gives the host's whole, since a view of that member
    // alone would take `new Date()` or `Math.max` away.
    if (wholeOnGrant.has(name)) {
      if (hasReadAtOrBelow(node)) descriptors[name] = { value: Reflect.get(source, name), writable: false, enumerable: false, configurable: false };
      continue;
    }
    const enumerable = Reflect.getOwnPropertyDescriptor(source, name)?.enumerable ?? true;
    if (shared.names.has(name)) {
      if (!hasReadAtOrBelow(node)) continue;
      shared.initialize(name, () => hostValue(name, false));
      const mayWrite = writes.has(name);
      if (node.grant === 'read') {
        // A package that may write `process` may also change its environment:
        // it reads its own stand-in until someone assigns the global.
        const ownValue = mayWrite && isPowerfulGlobal(name) ? hostValue(name, true) : undefined;
        const initial = shared.initialValue(name);
        descriptors[name] = {
          get: () => {
            const value = shared.read(name);
            return ownValue !== undefined && value === initial ? ownValue : value;
          },
          set: mayWrite
            ? (value: unknown) => shared.write(name, value)
            : () => {
                throw new TypeError(
                  `${packageName === undefined ? 'This package' : `Package ${JSON.stringify(packageName)}`} may read the global ${JSON.stringify(name)} but not assign it: grant ${JSON.stringify(name)}: "write" in its policy's globals`,
                );
              },
          enumerable,
          configurable: false,
        };
      } else {
        descriptors[name] = {
          value: makeSharedView(() => shared.read(name), node, [name], context),
          writable: false,
          enumerable,
          configurable: false,
        };
      }
      continue;
    }
    if (writes.has(name)) {
      throw new TypeError(
        `The global ${JSON.stringify(name)} is granted "write" but the shared globals store was made without it: make the store with writableGlobalNames(policy)`,
      );
    }
    if (!hasReadAtOrBelow(node) || !(name in source)) continue;
    const view = viewOfRoot(hostValue(name, false), node, [name], context);
    if (view === undefined) continue;
    descriptors[name] = { value: view.value, writable: false, enumerable, configurable: false };
  }
  return descriptors;
}
