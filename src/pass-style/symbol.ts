// Symbols: the passable ones are the registered symbols (Symbol.for) and the
// well-known ones (static properties of Symbol), each named by a string so
// that it can cross a wire: a registered symbol by its key, a well-known one
// as "@@" + its property name, and a registered key that itself starts
// with "@@" gets one more "@@" in front (the "Hilbert hotel" escape).

import { hideAndHardenFunction } from '../ses/errors/index.js';
import { ownKeys, stringSlice, stringStartsWith } from '../ses/commons.js';
import { failType, q } from './reject.js';

const { keyFor, for: symbolFor } = Symbol;
const SymbolConstructor = Symbol as unknown as Record<PropertyKey, unknown>;

/** Well-known symbol → "@@" + its name on Symbol, read once at load. */
const wellKnownSymbolNames = new Map<symbol, string>();
for (const key of ownKeys(Symbol)) {
  const value = SymbolConstructor[key];
  if (typeof key === 'string' && typeof value === 'symbol') {
    // A future well-known symbol named "@@..." would make names ambiguous.
    if (stringStartsWith(key, '@@')) throw TypeError(`Did not expect Symbol to have a symbol-valued property name starting with "@@": ${key}`);
    wellKnownSymbolNames.set(value, `@@${key}`);
  }
}
const wellKnownNameOf = (symbol: symbol): string | undefined => wellKnownSymbolNames.get(symbol);

/** True for registered and well-known symbols. */
export const isPassableSymbol = (value: unknown): value is symbol =>
  typeof value === 'symbol' && (typeof keyFor(value) === 'string' || wellKnownNameOf(value) !== undefined);
Object.freeze(isPassableSymbol);

/** Throws unless `isPassableSymbol(value)`. */
export const assertPassableSymbol = (value: unknown): true =>
  isPassableSymbol(value) || failType`Only registered symbols or well-known symbols are passable: ${q(value)}`;
hideAndHardenFunction(assertPassableSymbol);

/** The name that stands for a passable symbol; undefined for any other symbol. */
export const nameForPassableSymbol = (symbol: symbol): string | undefined => {
  const key = keyFor(symbol);
  if (key === undefined) return wellKnownNameOf(symbol);
  return stringStartsWith(key, '@@') ? `@@${key}` : key;
};
Object.freeze(nameForPassableSymbol);

/** The inverse of nameForPassableSymbol; throws for "@@x" when Symbol.x is not a symbol. */
export const passableSymbolForName = (name: string): symbol => {
  if (typeof name !== 'string') failType`${q(name)} must be a string, not ${q(typeof name)}`;
  if (!stringStartsWith(name, '@@')) return symbolFor(name);
  const rest = stringSlice(name, 2);
  if (stringStartsWith(rest, '@@')) return symbolFor(rest);
  const wellKnown = SymbolConstructor[rest];
  if (typeof wellKnown === 'symbol') return wellKnown;
  return failType`Reserved for well known symbol ${q(rest)}: ${q(name)}`;
};
Object.freeze(passableSymbolForName);

/** A fresh unregistered symbol: what a receiver may make of a name it cannot pass. */
export const unpassableSymbolForName = (name: string): symbol => Symbol(name);
Object.freeze(unpassableSymbolForName);
