// The smallcaps encoder: a passable → the JSON-able tree whose JSON text,
// after a leading '#', is the body. Values JSON cannot express become
// strings with a prefix character (see smallcaps-prefix.ts); plain strings
// that start with one are escaped with '!'. As in encode-capdata.ts, the
// caller validates the whole value first, records are visited in sorted
// name order (numbering slots), and their encodings list integer-like
// names first, as Object.fromEntries does.

import { getTag, passStyleOf, getInterfaceOf, nameForPassableSymbol } from '../pass-style/index.js';
import type { ErrorTagger } from './error-tagger.js';
import { putEntry } from './json-tree.js';
import { sortedKeys } from './record-keys.js';
import { failType, q, tooDeep } from './reject.js';
import type { SlotTable } from './slot-table.js';
import { escapeString } from './smallcaps-prefix.js';

export class SmallcapsEncoder {
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
        return escapeString(value);
      case 'boolean':
        return value;
      case 'number':
        // JSON writes -0 as 0.
        if (value !== value) return '#NaN';
        if (value === Infinity) return '#Infinity';
        if (value === -Infinity) return '#-Infinity';
        return value;
      case 'undefined':
        return '#undefined';
      case 'bigint':
        return value < 0n ? `${value}` : `+${value}`;
      case 'symbol':
        return `%${nameForPassableSymbol(value)}`;
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
        const encoded: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i += 1) {
          const name = names[i]!;
          putEntry(encoded, escapeString(name), this.encode(value[name], depth + 1));
        }
        return encoded;
      }
      case 'tagged':
        return { '#tag': escapeString(getTag(value)), payload: this.encode(value.payload, depth + 1) };
      case 'remotable': {
        const slots = this.#slots;
        const index = slots.indexOf(value);
        if (index >= 0) return `$${index}`;
        const iface = getInterfaceOf(value);
        const added = slots.add(value);
        return iface === undefined ? `$${added}` : `$${added}.${iface}`;
      }
      case 'promise': {
        const slots = this.#slots;
        const index = slots.indexOf(value);
        return `&${index >= 0 ? index : slots.add(value)}`;
      }
      case 'error':
        return this.encodeError(value);
      case 'byteArray':
        return failType`marsal of byteArray not yet implemented: ${value}`;
      default:
        return failType`internal: Unrecognized passStyle ${q(style)}`;
    }
  }

  /** Any error, even one that is not passable (allowed at the root only). */
  encodeError(error: Error): unknown {
    const message = escapeString(`${error.message}`);
    const name = escapeString(`${error.name}`);
    const errorId = this.#tagError(error);
    return errorId === undefined ? { '#error': message, name } : { '#error': message, errorId, name };
  }
}
