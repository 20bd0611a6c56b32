// The first character(s) of an encodePassable key for each pass style: a
// data table shared by the key encoder (encode-passable.ts) and the rank
// order (rank-order.ts), because the rank of pass styles IS the order of
// these prefixes. Two entries hold two characters: bigint ('n' negative,
// 'p' otherwise) and copyArray ('[' legacy format, '^' compact format).
// undefined must stay last: Array.prototype.sort puts undefined after
// everything without consulting the comparator.

import type { PassStyle } from '../pass-style/types.js';

export const passStylePrefixes: Readonly<Record<PassStyle, string>> = Object.freeze({
  __proto__: null,
  error: '!',
  copyRecord: '(',
  tagged: ':',
  promise: '?',
  copyArray: '[^',
  byteArray: 'a',
  boolean: 'b',
  number: 'f',
  bigint: 'np',
  remotable: 'r',
  string: 's',
  null: 'v',
  symbol: 'y',
  undefined: 'z',
} as any);
