// Primordials that the errors and console code need beyond those in
// ../commons.ts, captured when this module first loads so that later changes
// to the globals (by other code, or by lockdown's own repairs) cannot change
// how assertions build messages or how the console prints them.

import { FERAL_ERROR, uncurryThis } from '../commons.js';

export const { stringify: stringifyJson } = JSON;
export const FERAL_SET = Set;
export const FERAL_WEAKMAP = WeakMap;
export const FERAL_WEAKSET = WeakSet;
export const FERAL_STRING = String;
export const FERAL_TYPE_ERROR = TypeError;
export const FERAL_RANGE_ERROR = RangeError;
export const FERAL_AGGREGATE_ERROR: AggregateErrorConstructor | undefined =
  typeof AggregateError === 'function' ? AggregateError : undefined;
export const FERAL_FINALIZATION_REGISTRY: FinalizationRegistryConstructor | undefined =
  typeof FinalizationRegistry === 'function' ? FinalizationRegistry : undefined;
export const FERAL_MAP = Map;
export const toStringTagSymbol = Symbol.toStringTag;

export const setHas = uncurryThis(Set.prototype.has) as (set: Set<unknown>, value: unknown) => boolean;
export const setAdd = uncurryThis(Set.prototype.add) as (set: Set<unknown>, value: unknown) => Set<unknown>;
export const weakmapHas = uncurryThis(WeakMap.prototype.has) as (map: WeakMap<object, unknown>, key: unknown) => boolean;
export const weakmapDelete = uncurryThis(WeakMap.prototype.delete) as (map: WeakMap<object, unknown>, key: unknown) => boolean;
export const mapGet = uncurryThis(Map.prototype.get) as <K, V>(map: Map<K, V>, key: K) => V | undefined;
export const mapSet = uncurryThis(Map.prototype.set) as <K, V>(map: Map<K, V>, key: K, value: V) => Map<K, V>;
export const mapHas = uncurryThis(Map.prototype.has) as <K>(map: Map<K, unknown>, key: K) => boolean;
export const mapDelete = uncurryThis(Map.prototype.delete) as <K>(map: Map<K, unknown>, key: K) => boolean;
export const arrayMap = uncurryThis(Array.prototype.map) as <T, U>(
  array: ArrayLike<T>,
  fn: (value: T, index: number) => U,
) => U[];
export const arrayFilter = uncurryThis(Array.prototype.filter) as <T>(
  array: readonly T[],
  fn: (value: T) => unknown,
) => T[];
export const arraySort = uncurryThis(Array.prototype.sort) as <T>(array: T[]) => T[];
export const arrayPop = uncurryThis(Array.prototype.pop) as <T>(array: T[]) => T | undefined;
export const arrayShift = uncurryThis(Array.prototype.shift) as <T>(array: T[]) => T | undefined;
export const arraySlice = uncurryThis(Array.prototype.slice) as <T>(array: readonly T[], start?: number, end?: number) => T[];
export const stringEndsWith = uncurryThis(String.prototype.endsWith) as (s: string, search: string) => boolean;
export const stringIncludes = uncurryThis(String.prototype.includes) as (s: string, search: string) => boolean;
export const stringIndexOf = uncurryThis(String.prototype.indexOf) as (s: string, search: string, from?: number) => number;
export const stringSplit = uncurryThis(String.prototype.split) as unknown as (s: string, separator: string) => string[];
export const regexpTest = uncurryThis(RegExp.prototype.test) as (re: RegExp, s: string) => boolean;

/**
 * An error of this realm: anything inheriting from the original
 * `Error.prototype`, which the tamed Error constructors keep sharing.
 */
export const isError = (value: unknown): value is Error => value instanceof FERAL_ERROR;
