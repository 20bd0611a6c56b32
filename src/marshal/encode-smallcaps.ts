// The smallcaps encoder: a passable → the JSON-able tree whose JSON text,
// after a leading '#', is the body. Values JSON cannot express become
// strings with a prefix character (see smallcaps-prefix.ts); plain strings
// that start with one are escaped with '!'. The walk is tree-encoder.ts's;
// records are visited in sorted name order (numbering slots), and their
// encodings list integer-like names first, as Object.fromEntries does.

import { getTag, nameForPassableSymbol } from '../pass-style/index.js';
import { sortedKeysOf } from './record-keys.js';
import { escapeString } from './smallcaps-prefix.js';
import type { ErrorTagger } from './error-tagger.js';
import type { SlotTable } from './slot-table.js';
import { TreeEncoder } from './tree-encoder.js';

export class SmallcapsEncoder extends TreeEncoder {
  // Written out: the implicit constructor spreads its arguments, which is
  // slow once lockdown has run (see ../ses/array-spread.ts).
  constructor(slots: SlotTable, tagError: ErrorTagger, maxDepth: number) {
    super(slots, tagError, maxDepth);
  }

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
        return this.encodeObject(value, depth);
    }
  }

  protected encodeRecord(record: any, depth: number): unknown {
    const { names, inOrder } = sortedKeysOf(record);
    return this.encodeEntries(record, names, inOrder, depth);
  }

  protected encodeName(name: string): string {
    return escapeString(name);
  }

  protected encodeTagged(tagged: any, depth: number): unknown {
    return { '#tag': escapeString(getTag(tagged)), payload: this.encode(tagged.payload, depth + 1) };
  }

  protected encodeRemotable(index: number, iface: string | undefined): unknown {
    return iface === undefined ? `$${index}` : `$${index}.${iface}`;
  }

  protected encodePromise(index: number): unknown {
    return `&${index}`;
  }

  encodeError(error: Error): unknown {
    const message = escapeString(`${error.message}`);
    const name = escapeString(`${error.name}`);
    const errorId = this.tagError(error);
    return errorId === undefined ? { '#error': message, name } : { '#error': message, errorId, name };
  }
}
