// The Syrup data model as plain values, for OCapN's protocol records and for
// tests. JS types stand for themselves where they are unambiguous (booleans,
// bigint integers, float64 numbers, strings, byte arrays, lists); symbols,
// records, dictionaries and sets are small frozen objects tagged by `type`,
// because JS has no native form that keeps their Syrup identity.

export type SyrupValue =
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | SyrupSymbol
  | readonly SyrupValue[]
  | SyrupRecord
  | SyrupDictionary
  | SyrupSet;

/** A Syrup symbol (`5'hello`): a name, distinct from the string `5"hello`. */
export interface SyrupSymbol {
  readonly type: 'symbol';
  readonly name: string;
}

/** A Syrup record (`<label field…>`); OCapN's labels are always symbols. */
export interface SyrupRecord {
  readonly type: 'record';
  readonly label: SyrupValue;
  readonly fields: readonly SyrupValue[];
}

/** A Syrup dictionary; the encoder writes entries in canonical key order. */
export interface SyrupDictionary {
  readonly type: 'dictionary';
  readonly entries: ReadonlyArray<readonly [SyrupValue, SyrupValue]>;
}

/** A Syrup set (`#…$`); the encoder writes items in canonical order. */
export interface SyrupSet {
  readonly type: 'set';
  readonly items: readonly SyrupValue[];
}

export const syrupSymbol = (name: string): SyrupSymbol =>
  Object.freeze({ type: 'symbol', name });

export const syrupRecord = (
  label: SyrupValue,
  ...fields: SyrupValue[]
): SyrupRecord =>
  Object.freeze({ type: 'record', label, fields: Object.freeze(fields) });

export const syrupDictionary = (
  entries: ReadonlyArray<readonly [SyrupValue, SyrupValue]>,
): SyrupDictionary =>
  Object.freeze({
    type: 'dictionary',
    entries: Object.freeze(entries.map((entry) => Object.freeze([...entry] as const))),
  });

export const syrupSet = (items: readonly SyrupValue[]): SyrupSet =>
  Object.freeze({ type: 'set', items: Object.freeze([...items]) });

/** True if `value` is a record whose label is the symbol `name`. */
export const isRecordLabelled = (
  value: SyrupValue,
  name: string,
): value is SyrupRecord =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array) &&
  (value as SyrupRecord).type === 'record' &&
  typeof (value as SyrupRecord).label === 'object' &&
  ((value as SyrupRecord).label as SyrupSymbol).type === 'symbol' &&
  ((value as SyrupRecord).label as SyrupSymbol).name === name;
