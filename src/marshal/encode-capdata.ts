// The capdata encoder: a passable → the JSON-able tree whose JSON text is
// the body. Plain JSON where JSON suffices; objects with an `@qclass` key
// for the rest (see qclass.ts). The caller validates the whole value first
// (one passStyleOf of the root, which remembers the style of every object
// in it), so this walk only asks each object for its remembered style.
// Records are visited in sorted name order, which numbers the slots; their
// encodings list integer-like names first, as Object.fromEntries does, so
// the body is byte for byte @endo/marshal's.

import { getTag, passStyleOf, getInterfaceOf, nameForPassableSymbol } from '../pass-style/index.js';
import type { ErrorTagger } from './error-tagger.js';
import { putEntry } from './json-tree.js';
import { QCLASS } from './qclass.js';
import { sortedKeys } from './record-keys.js';
import { failType, q, tooDeep } from './reject.js';
import type { SlotTable } from './slot-table.js';

const { hasOwn, freeze } = Object;

// Shared, frozen: JSON.stringify only reads them.
const UNDEFINED = freeze({ [QCLASS]: 'undefined' });
const NAN = freeze({ [QCLASS]: 'NaN' });
const INFINITY = freeze({ [QCLASS]: 'Infinity' });
const NEGATIVE_INFINITY = freeze({ [QCLASS]: '-Infinity' });

export class CapDataEncoder {
  readonly #slots: SlotTable;
  readonly #tagError: ErrorTagger;
  readonly #maxDepth: number;

  constructor(slots: SlotTable, tagError: ErrorTagger, maxDepth: number) {
    this.#slots = slots;
    this.#tagError = tagError;
    this.#maxDepth = maxDepth;
  }

  /** Encodes a validated passable. */
  encode(value: any, depth: number): unknown {
    switch (typeof value) {
      case 'string':
      case 'boolean':
        return value;
      case 'number':
        // JSON writes -0 as 0.
        if (value !== value) return NAN;
        if (value === Infinity) return INFINITY;
        if (value === -Infinity) return NEGATIVE_INFINITY;
        return value;
      case 'undefined':
        return UNDEFINED;
      case 'bigint':
        return { [QCLASS]: 'bigint', digits: `${value}` };
      case 'symbol':
        return { [QCLASS]: 'symbol', name: nameForPassableSymbol(value) };
      default:
        if (value === null) return null;
        return this.#encodeObject(value, depth);
    }
  }

  #encodeObject(value: any, depth: number): unknown {
    const style = passStyleOf(value);
    // Containers count towards the depth limit (see limits.ts); leaves do not.
    if (depth >= this.#maxDepth && style !== 'remotable' && style !== 'promise') tooDeep(this.#maxDepth);
    switch (style) {
      case 'copyArray': {
        const count = value.length;
        const encoded = new Array(count);
        for (let i = 0; i < count; i += 1) encoded[i] = this.encode(value[i], depth + 1);
        return encoded;
      }
      case 'copyRecord': {
        const names = sortedKeys(value);
        if (hasOwn(value, QCLASS)) return this.#encodeHilbert(value, names, depth);
        return this.#encodeRecord(value, names, depth);
      }
      case 'tagged':
        return { [QCLASS]: 'tagged', tag: getTag(value), payload: this.encode(value.payload, depth + 1) };
      case 'remotable': {
        const slots = this.#slots;
        const index = slots.indexOf(value);
        if (index >= 0) return { [QCLASS]: 'slot', index };
        const iface = getInterfaceOf(value);
        const added = slots.add(value);
        return iface === undefined ? { [QCLASS]: 'slot', index: added } : { [QCLASS]: 'slot', iface, index: added };
      }
      case 'promise': {
        const slots = this.#slots;
        const index = slots.indexOf(value);
        return { [QCLASS]: 'slot', index: index >= 0 ? index : slots.add(value) };
      }
      case 'error':
        return this.encodeError(value);
      case 'byteArray':
        return failType`marsal of byteArray not yet implemented: ${value}`;
      default:
        return failType`internal: Unrecognized passStyle ${q(style)}`;
    }
  }

  #encodeRecord(record: any, names: string[], depth: number): Record<string, unknown> {
    const encoded: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i]!;
      putEntry(encoded, name, this.encode(record[name], depth + 1));
    }
    return encoded;
  }

  /** A record with its own `@qclass`: the Hilbert hotel encoding. */
  #encodeHilbert(record: any, names: string[], depth: number): unknown {
    if (depth + 1 >= this.#maxDepth) tooDeep(this.#maxDepth);
    const encoded: Record<string, unknown> = { [QCLASS]: 'hilbert', original: this.encode(record[QCLASS], depth + 1) };
    const rest = names.filter(name => name !== QCLASS);
    if (rest.length > 0) encoded.rest = this.#encodeRecord(record, rest, depth + 1);
    return encoded;
  }

  /** Any error, even one that is not passable (allowed at the root only). */
  encodeError(error: Error): unknown {
    const message = `${error.message}`;
    const name = `${error.name}`;
    const errorId = this.#tagError(error);
    return errorId === undefined
      ? { [QCLASS]: 'error', message, name }
      : { [QCLASS]: 'error', errorId, message, name };
  }
}
