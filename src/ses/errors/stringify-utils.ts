// Text helpers for error messages: the indefinite article for redactions
// ("an object", "a string"), English lists, and the forgiving JSON-like
// rendering that `quote` uses. The rendering is for humans reading a message:
// it never throws, shows what JSON drops (undefined, bigint, symbols,
// functions, NaN) in square brackets, and cuts cycles.

import { arrayJoin, freeze, fromEntries, is, isArray, keys, stringStartsWith } from '../commons.js';
import {
  FERAL_SET,
  FERAL_STRING,
  arrayMap,
  arraySlice,
  arraySort,
  isError,
  setAdd,
  setHas,
  stringIncludes,
  stringifyJson,
  toStringTagSymbol,
} from './primordials.js';

/** `an('object')` is "an object", `an('string')` is "a string". */
export const an = (noun: unknown): string => {
  const text = `${noun}`;
  return text.length > 0 && stringIncludes('aeiouAEIOU', text[0]) ? `an ${text}` : `a ${text}`;
};

/** "(none)", "a", "a and b", "a, b, and c" (or with "or"). */
export const enJoin = (terms: readonly unknown[], conjunction: 'and' | 'or'): string => {
  switch (terms.length) {
    case 0:
      return '(none)';
    case 1:
      return `${terms[0]}`;
    case 2:
      return `${terms[0]} ${conjunction} ${terms[1]}`;
    default:
      return `${arrayJoin(arraySlice(terms, 0, -1), ', ')}, ${conjunction} ${terms[terms.length - 1]}`;
  }
};

const hasSortedKeys = (names: string[]): boolean => {
  for (let i = 1; i < names.length; i += 1) {
    if (names[i - 1] >= names[i]) return false;
  }
  return true;
};

/** What an object becomes in the rendering, given the objects already shown. */
const renderObject = (value: object, shown: Set<unknown>): unknown => {
  // Every object is shown once: a cycle, or a second path to it, prints [Seen].
  if (setHas(shown, value)) return '[Seen]';
  setAdd(shown, value);
  if (isError(value)) return `[${value.name}: ${value.message}]`;
  // Maps, promises, typed arrays, remotables...: their tag says enough.
  if (toStringTagSymbol in value) return `[${(value as any)[toStringTagSymbol]}]`;
  if (isArray(value)) return value;
  const names = keys(value);
  if (names.length < 2 || hasSortedKeys(names)) return value;
  // Sorted keys make equal records print equally.
  return fromEntries(arrayMap(arraySort(names), name => [name, (value as any)[name]]));
};

/**
 * Like `JSON.stringify(payload, undefined, spaces)`, but shows what JSON
 * cannot: `[undefined]`, `[123n]`, `[Symbol(x)]`, `[NaN]`, `[Infinity]`,
 * `[Function name]` (`[Function <anon>]`), `[TypeError: msg]`, `[Map]`,
 * `[Seen]`. A string that itself starts with `[` is wrapped in one more pair
 * of brackets so it cannot be mistaken for one of those. Anything that makes
 * rendering throw (a hostile proxy, a throwing getter) yields
 * `[Something that failed to stringify]`.
 */
export const bestEffortStringify = (payload: unknown, spaces?: string | number): string => {
  const shown = new FERAL_SET<unknown>();
  const replacer = (_key: string, value: unknown): unknown => {
    switch (typeof value) {
      case 'object':
        return value === null ? null : renderObject(value, shown);
      case 'function':
        return `[Function ${value.name || '<anon>'}]`;
      case 'string':
        return stringStartsWith(value, '[') ? `[${value}]` : value;
      case 'undefined':
      case 'symbol':
        return `[${FERAL_STRING(value)}]`;
      case 'bigint':
        return `[${value}n]`;
      case 'number':
        if (is(value, NaN)) return '[NaN]';
        if (value === Infinity) return '[Infinity]';
        if (value === -Infinity) return '[-Infinity]';
        return value;
      default:
        return value;
    }
  };
  try {
    return stringifyJson(payload, replacer, spaces);
  } catch {
    // Anything fancier here could throw again: a proxy may throw on every touch.
    return '[Something that failed to stringify]';
  }
};

freeze(an);
freeze(enJoin);
freeze(bestEffortStringify);
