// Enforces the permits table (permits.ts) on the collected intrinsics
// (intrinsics.ts): walks every intrinsic by its permit, removes each own
// property the table does not permit, and throws when a permitted property
// holds the wrong thing (a wrong type, another object than the named
// intrinsic, a wrong prototype): the realm is then not what lockdown
// assumes, and going on would harden a hole.
//
// Removal is quiet. Properties the table lists as `false` (known extras of
// some engine) go without a word; the paths of the others are returned so
// that lockdown can print one summary line.

import { getOwnPropertyDescriptor, getPrototypeOf, isArray, isObject, objectHasOwn, ownKeys } from './commons.js';
import { completePrototypes, isIntrinsicName, type Intrinsics } from './intrinsics.js';
import {
  permits as defaultPermits,
  primitiveTypeNames,
  type AccessorPermit,
  type LeafPermit,
  type Permit,
  type PermitRecord,
} from './permits.js';

type Permits = Readonly<Record<string, Permit>>;

const PROTO = '[[Proto]]';

const { deleteProperty, set: setProperty } = Reflect;

// Captured now: the symbol taming may replace the global Symbol later.
const wellKnownSymbolNames = new Map<symbol, string>();
for (const name of Object.getOwnPropertyNames(Symbol)) {
  const value = (Symbol as unknown as Record<string, unknown>)[name];
  if (typeof value === 'symbol') wellKnownSymbolNames.set(value, `@@${name}`);
}
const symbolKeyFor = Symbol.keyFor;
const symbolToString = (symbol: symbol) => String(symbol);

/** The key of a property in the table's notation ('@@iterator', 'RegisteredSymbol(x)', ...). */
export const permitKeyOf = (key: PropertyKey): string => {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return `${key}`;
  const wellKnown = wellKnownSymbolNames.get(key);
  if (wellKnown !== undefined) return wellKnown;
  const registered = symbolKeyFor(key);
  if (registered !== undefined) return `RegisteredSymbol(${registered})`;
  return `Unique${symbolToString(key)}`;
};

const isAccessorPermit = (permit: unknown): permit is AccessorPermit =>
  isObject(permit) && objectHasOwn(permit, '[[Get]]') && objectHasOwn(permit, '[[Set]]');

// A record rather than the list: this test runs for every permitted property.
const primitiveTypeNameSet: Record<string, true> = Object.create(null);
for (const name of primitiveTypeNames) primitiveTypeNameSet[name] = true;
const isPrimitiveTypeName = (permit: unknown): boolean =>
  typeof permit === 'string' && primitiveTypeNameSet[permit] === true;

/** The own properties every function may keep beside those of its record. */
const functionInstancePermits: PermitRecord = { length: 'number', name: 'string' };

const functionKindRecords: Record<string, PermitRecord> = {
  fn: { [PROTO]: '%FunctionPrototype%' },
  asyncFn: { [PROTO]: '%AsyncFunctionPrototype%' },
};

const describeValue = (value: unknown): string => {
  if (value === null) return 'null';
  if (typeof value === 'function') return `function ${JSON.stringify((value as Function).name)}`;
  return typeof value;
};

const describeLeaf = (leaf: LeafPermit): string => {
  if (isAccessorPermit(leaf)) return `an accessor (get: ${describeLeaf(leaf['[[Get]]'])}, set: ${describeLeaf(leaf['[[Set]]'])})`;
  if (leaf === 'fn') return 'a function';
  if (leaf === 'asyncFn') return 'an async function';
  if (leaf === 'undefined') return 'undefined';
  if (isPrimitiveTypeName(leaf)) return `a ${leaf}`;
  return `the intrinsic ${leaf}`;
};

/**
 * Removes what `permits` does not allow from each intrinsic of `intrinsics`
 * (and drops from the record the intrinsics permitted as `false`). First
 * binds the `.prototype` of each intrinsic under its permitted name, so a
 * taming's constructors bring their prototypes into the record.
 * `markVirtualizedNativeFunction` is called with every function visited, so
 * that Function.prototype.toString can keep calling them native code.
 * Returns the paths of the removed properties that the table did not know,
 * like '%ArrayPrototype%.bogus'. Throws a TypeError naming the path of the
 * first permitted property whose value is wrong.
 */
export const removeUnpermittedIntrinsics = (
  intrinsics: Intrinsics,
  permits: Permits = defaultPermits,
  markVirtualizedNativeFunction: (fn: Function) => void = () => {},
  /** Gets the paths of removed properties that could only be emptied (a function's undeletable `prototype`). */
  tolerated: string[] = [],
): string[] => {
  const removed: string[] = [];

  const intrinsicNamed = (name: string, path: string): unknown => {
    if (!objectHasOwn(intrinsics, name)) {
      throw TypeError(`lockdown: ${path} is permitted as the intrinsic ${name}, which was not collected`);
    }
    return intrinsics[name];
  };

  /** Whether a single value satisfies a non-accessor leaf, without changing anything. */
  const valueMatches = (value: unknown, leaf: string): boolean => {
    if (isPrimitiveTypeName(leaf)) return typeof value === leaf;
    const kindRecord = functionKindRecords[leaf];
    if (kindRecord !== undefined) {
      const protoName = kindRecord[PROTO] as string;
      return typeof value === 'function' && objectHasOwn(intrinsics, protoName) && getPrototypeOf(value) === intrinsics[protoName];
    }
    return objectHasOwn(intrinsics, leaf) && value === intrinsics[leaf];
  };

  const leafMatches = (desc: PropertyDescriptor, leaf: LeafPermit): boolean => {
    if (isAccessorPermit(leaf)) {
      return (
        !objectHasOwn(desc, 'value') &&
        valueMatches(desc.get, leaf['[[Get]]'] as string) &&
        valueMatches(desc.set, leaf['[[Set]]'] as string)
      );
    }
    return objectHasOwn(desc, 'value') && valueMatches(desc.value, leaf);
  };

  /** Why `value` fails `leaf`, for the error message. */
  const explainValue = (path: string, value: unknown, leaf: string): string => {
    const kindRecord = functionKindRecords[leaf];
    if (kindRecord !== undefined && typeof value === 'function') {
      return `lockdown: ${path} should be ${describeLeaf(leaf)} inheriting from ${kindRecord[PROTO] as string}, but its [[Prototype]] is another object`;
    }
    if (!isPrimitiveTypeName(leaf) && kindRecord === undefined) {
      intrinsicNamed(leaf, path); // throws its own message if absent
    }
    return `lockdown: ${path} should be ${describeLeaf(leaf)}, but is ${describeValue(value)}`;
  };

  const explainMismatch = (path: string, desc: PropertyDescriptor, leaf: LeafPermit): string => {
    if (isAccessorPermit(leaf)) {
      if (objectHasOwn(desc, 'value')) return `lockdown: ${path} should be an accessor property, but is a data property`;
      if (!valueMatches(desc.get, leaf['[[Get]]'] as string)) return explainValue(`${path}<get>`, desc.get, leaf['[[Get]]'] as string);
      return explainValue(`${path}<set>`, desc.set, leaf['[[Set]]'] as string);
    }
    if (!objectHasOwn(desc, 'value')) return `lockdown: ${path} should be a data property, but is an accessor`;
    return explainValue(path, desc.value, leaf);
  };

  /** Walks the own properties of a function value that a function-kind leaf allowed. */
  const visitLeafValue = (path: string, value: unknown, leaf: string): void => {
    const kindRecord = functionKindRecords[leaf];
    if (kindRecord !== undefined) visitFunctionOfKind(path, value as Function, kindRecord);
  };

  /**
   * The common case of the walk (most intrinsic properties are methods), kept
   * short: a function whose [[Prototype]] the leaf's match already checked,
   * that may keep only a number `length` and a string `name`. Any other
   * property, or a wrong `length` or `name`, takes the general path (removal,
   * or an error that says what is wrong).
   */
  const visitFunctionOfKind = (path: string, fn: Function, kindRecord: PermitRecord): void => {
    markVirtualizedNativeFunction(fn);
    const keys = ownKeys(fn);
    for (let i = 0; i < keys.length; i += 1) {
      const key = keys[i];
      if (key === 'length' || key === 'name') {
        const desc = getOwnPropertyDescriptor(fn, key);
        if (desc !== undefined && objectHasOwn(desc, 'value') && typeof desc.value === (key === 'length' ? 'number' : 'string')) {
          continue;
        }
      }
      visitOwnProperty(path, fn, key, kindRecord);
    }
  };

  const checkPrototype = (path: string, object: object, record: PermitRecord): void => {
    const expected = objectHasOwn(record, PROTO) ? record[PROTO] : '%ObjectPrototype%';
    const actual = getPrototypeOf(object);
    if (expected === null) {
      if (actual === null) return;
      throw TypeError(`lockdown: ${path} should have a null [[Prototype]], but has an object`);
    }
    if (actual === intrinsicNamed(expected as string, `${path}.[[Prototype]]`)) return;
    throw TypeError(`lockdown: ${path} has an unexpected [[Prototype]] (expected ${expected as string})`);
  };

  const removeProperty = (object: object, key: PropertyKey, path: string, known: boolean): void => {
    if (!known) removed.push(path);
    if (deleteProperty(object, key)) return;
    // A function made with `function` syntax has an undeletable
    // `prototype`; emptying it is as good as removing it.
    if (typeof object === 'function' && key === 'prototype') {
      setProperty(object, 'prototype', undefined);
      if (getOwnPropertyDescriptor(object, 'prototype')?.value === undefined) {
        tolerated.push(path);
        return;
      }
    }
    throw TypeError(`lockdown: cannot remove ${path}: the property is not configurable`);
  };

  /** Checks one own property against its permit, removing it if the permit is `false`. */
  const checkProperty = (path: string, object: object, key: PropertyKey, permit: Permit): void => {
    const desc = getOwnPropertyDescriptor(object, key) as PropertyDescriptor;

    if (permit === false) {
      removeProperty(object, key, path, true);
      return;
    }

    if (isArray(permit)) {
      const leaves = permit as readonly LeafPermit[];
      const chosen = leaves.find(leaf => leafMatches(desc, leaf));
      if (chosen === undefined) {
        throw TypeError(`lockdown: ${path} should be one of: ${leaves.map(describeLeaf).join('; ')}`);
      }
      visitMatchedLeaf(path, desc, chosen);
      return;
    }

    if (isAccessorPermit(permit) || typeof permit === 'string') {
      const leaf = permit as LeafPermit;
      if (!leafMatches(desc, leaf)) throw TypeError(explainMismatch(path, desc, leaf));
      visitMatchedLeaf(path, desc, leaf);
      return;
    }

    // A nested record: the value must be an object it describes.
    if (!objectHasOwn(desc, 'value')) {
      throw TypeError(`lockdown: ${path} should be a data property, but is an accessor`);
    }
    if (!isObject(desc.value)) {
      throw TypeError(`lockdown: ${path} should be an object, but is ${describeValue(desc.value)}`);
    }
    visitObject(path, desc.value, permit as PermitRecord);
  };

  const visitMatchedLeaf = (path: string, desc: PropertyDescriptor, leaf: LeafPermit): void => {
    if (isAccessorPermit(leaf)) {
      visitLeafValue(`${path}<get>`, desc.get, leaf['[[Get]]'] as string);
      visitLeafValue(`${path}<set>`, desc.set, leaf['[[Set]]'] as string);
    } else {
      visitLeafValue(path, desc.value, leaf);
    }
  };

  const permitFor = (object: object, record: PermitRecord, permitKey: string): Permit | undefined => {
    if (permitKey !== PROTO && objectHasOwn(record, permitKey)) return record[permitKey] as Permit;
    if (typeof object === 'function' && objectHasOwn(functionInstancePermits, permitKey)) {
      return functionInstancePermits[permitKey] as Permit;
    }
    return undefined;
  };

  /** Removes the own property `key` of `object` or checks it, by the permit `record` gives it. */
  const visitOwnProperty = (path: string, object: object, key: PropertyKey, record: PermitRecord): void => {
    const permitKey = permitKeyOf(key);
    const subPath = `${path}.${permitKey}`;
    const permit = permitFor(object, record, permitKey);
    if (permit === undefined) {
      removeProperty(object, key, subPath, false);
    } else {
      checkProperty(subPath, object, key, permit);
    }
  };

  const visitObject = (path: string, object: object, record: PermitRecord): void => {
    checkPrototype(path, object, record);
    if (typeof object === 'function') markVirtualizedNativeFunction(object);
    const keys = ownKeys(object);
    for (let i = 0; i < keys.length; i += 1) visitOwnProperty(path, object, keys[i], record);
  };

  // Prototypes of constructors that tamings added after collection.
  completePrototypes(intrinsics, permits);

  // The record itself is walked like an object whose permits are the
  // table, except that an intrinsic the table does not know is a mistake of
  // whoever added it, not an engine extra.
  for (const name of ownKeys(intrinsics)) {
    if (typeof name !== 'string' || !objectHasOwn(permits, name)) {
      throw TypeError(`lockdown: the intrinsic ${String(name)} has no entry in the permits table`);
    }
    const permit = permits[name] as Permit;
    if (permit === false) {
      delete intrinsics[name];
      continue;
    }
    checkProperty(name, intrinsics, name, permit);
  }

  return removed;
};

/**
 * Consistency of a permits table: every intrinsic name it mentions (as a
 * value or a '[[Proto]]') has an entry of its own; alternatives hold no
 * records; `prototype` and `constructor` name intrinsics. Returns the
 * problems found, an empty list when none.
 */
export const checkPermitsTable = (permits: Permits = defaultPermits): string[] => {
  const problems: string[] = [];
  const checkName = (path: string, name: unknown) => {
    if (typeof name !== 'string' || !objectHasOwn(permits, name)) {
      problems.push(`${path}: ${String(name)} is not an intrinsic of the table`);
    }
  };
  const checkLeaf = (path: string, leaf: unknown, key: string) => {
    if (isAccessorPermit(leaf)) {
      checkLeaf(`${path}<get>`, leaf['[[Get]]'], '');
      checkLeaf(`${path}<set>`, leaf['[[Set]]'], '');
    } else if (typeof leaf !== 'string') {
      problems.push(`${path}: malformed permit`);
    } else if (isIntrinsicName(leaf)) {
      checkName(path, leaf);
    } else if (key === 'prototype' || key === 'constructor') {
      problems.push(`${path}: ${key} must name an intrinsic, not ${leaf}`);
    }
  };
  const checkPermit = (path: string, permit: unknown, key: string) => {
    if (permit === false) return;
    if (isArray(permit)) {
      for (const leaf of permit) checkLeaf(path, leaf, key);
    } else if (isObject(permit) && !isAccessorPermit(permit)) {
      for (const [subKey, sub] of Object.entries(permit)) {
        if (subKey === PROTO) {
          if (sub !== null) checkName(`${path}.[[Proto]]`, sub);
        } else {
          checkPermit(`${path}.${subKey}`, sub, subKey);
        }
      }
    } else {
      checkLeaf(path, permit, key);
    }
  };
  for (const [name, permit] of Object.entries(permits)) checkPermit(name, permit, '');
  return problems;
};
