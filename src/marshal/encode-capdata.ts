// The capdata encoder: a passable → the JSON-able tree whose JSON text is
// the body. Plain JSON where JSON suffices; objects with an `@qclass` key
// for the rest (see qclass.ts). The walk is tree-encoder.ts's.
// Records are visited in sorted name order, which numbers the slots; their
// encodings list integer-like names first, as Object.fromEntries does, so
// the body is byte for byte @endo/marshal's.

import { getTag, nameForPassableSymbol } from '../pass-style/index.js';
import { QCLASS } from './qclass.js';
import { sortedKeysOf } from './record-keys.js';
import { tooDeep } from './reject.js';
import type { ErrorTagger } from './error-tagger.js';
import type { SlotTable } from './slot-table.js';
import { TreeEncoder } from './tree-encoder.js';

const { hasOwn, freeze } = Object;

// Shared, frozen: JSON.stringify only reads them.
const UNDEFINED = freeze({ [QCLASS]: 'undefined' });
const NAN = freeze({ [QCLASS]: 'NaN' });
const INFINITY = freeze({ [QCLASS]: 'Infinity' });
const NEGATIVE_INFINITY = freeze({ [QCLASS]: '-Infinity' });

export class CapDataEncoder extends TreeEncoder {
  // Written out: the implicit constructor spreads its arguments, which is
  // slow once lockdown has run (see ../ses/array-spread.ts).
  constructor(slots: SlotTable, tagError: ErrorTagger, maxDepth: number) {
    super(slots, tagError, maxDepth);
  }

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
        return this.encodeObject(value, depth);
    }
  }

  protected encodeRecord(record: any, depth: number): unknown {
    const { names, inOrder } = sortedKeysOf(record);
    if (hasOwn(record, QCLASS)) return this.#encodeHilbert(record, names, depth);
    return this.encodeEntries(record, names, inOrder, depth);
  }

  protected encodeName(name: string): string {
    return name;
  }

  protected encodeTagged(tagged: any, depth: number): unknown {
    return { [QCLASS]: 'tagged', tag: getTag(tagged), payload: this.encode(tagged.payload, depth + 1) };
  }

  protected encodeRemotable(index: number, iface: string | undefined): unknown {
    return iface === undefined ? { [QCLASS]: 'slot', index } : { [QCLASS]: 'slot', iface, index };
  }

  protected encodePromise(index: number): unknown {
    return { [QCLASS]: 'slot', index };
  }

  /** A record with its own `@qclass`: the Hilbert hotel encoding. */
  #encodeHilbert(record: any, names: string[], depth: number): unknown {
    if (depth + 1 >= this.maxDepth) tooDeep(this.maxDepth);
    const encoded: Record<string, unknown> = { [QCLASS]: 'hilbert', original: this.encode(record[QCLASS], depth + 1) };
    const rest = names.filter(name => name !== QCLASS);
    // Never the record itself: `rest` leaves out a name.
    if (rest.length > 0) encoded.rest = this.encodeEntries(record, rest, false, depth + 1);
    return encoded;
  }

  encodeError(error: Error): unknown {
    const message = `${error.message}`;
    const name = `${error.name}`;
    const errorId = this.tagError(error);
    return errorId === undefined
      ? { [QCLASS]: 'error', message, name }
      : { [QCLASS]: 'error', errorId, message, name };
  }
}
