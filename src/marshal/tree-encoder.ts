// What the two body encoders (encode-capdata.ts, encode-smallcaps.ts) share:
// the walk over a validated passable into a JSON-able tree. The caller
// validates the whole value first (one passStyleOf of the root, which
// remembers the style of every object in it), so this walk only asks each
// object for its remembered style, checks the depth limit, walks arrays,
// and numbers capabilities in the slot table; each format says how a leaf,
// a record, a tagged value, a capability and an error are spelled. An
// array or record whose contents all encode to themselves is its own
// encoding: nothing is copied (a decoded value sent on, as an echo does,
// has its records' names in order already).

import { passStyleOf, getInterfaceOf } from '../pass-style/index.js';
import type { ErrorTagger } from './error-tagger.js';
import { putEntry } from './json-tree.js';
import { failType, q, tooDeep } from './reject.js';
import type { SlotTable } from './slot-table.js';

const { isArray } = Array;

export abstract class TreeEncoder {
  protected readonly slots: SlotTable;
  protected readonly tagError: ErrorTagger;
  protected readonly maxDepth: number;

  constructor(slots: SlotTable, tagError: ErrorTagger, maxDepth: number) {
    this.slots = slots;
    this.tagError = tagError;
    this.maxDepth = maxDepth;
  }

  /** Encodes a validated passable found at nesting `depth`. */
  abstract encode(value: any, depth: number): unknown;
  /** Any error, even one that is not passable (allowed at the root only). */
  abstract encodeError(error: Error): unknown;
  protected abstract encodeRecord(record: any, depth: number): unknown;
  protected abstract encodeTagged(tagged: any, depth: number): unknown;
  /** A remotable at slot `index`; `iface` only at its first appearance in the message. */
  protected abstract encodeRemotable(index: number, iface: string | undefined): unknown;
  protected abstract encodePromise(index: number): unknown;
  /** How the format writes a record's property name. */
  protected abstract encodeName(name: string): string;

  /**
   * The encoding of a record's entries, `names` in the order given (which
   * numbers the slots). When the names are in the record's own order
   * (`inOrder`) and every name and value encodes to itself, that is the
   * record itself; else a new object, copied from the first name or value
   * that does not, without encoding any value twice (which would number a
   * slot twice).
   */
  protected encodeEntries(record: any, names: string[], inOrder: boolean, depth: number): unknown {
    let encoded: Record<string, unknown> | undefined;
    for (let i = 0; i < names.length; i += 1) {
      const name = names[i]!;
      const value = record[name];
      const nameEncoding = this.encodeName(name);
      const valueEncoding = this.encode(value, depth + 1);
      if (encoded === undefined) {
        if (inOrder && nameEncoding === name && valueEncoding === value) continue;
        encoded = {};
        for (let j = 0; j < i; j += 1) putEntry(encoded, names[j]!, record[names[j]!]);
      }
      putEntry(encoded, nameEncoding, valueEncoding);
    }
    return encoded ?? record;
  }

  /** The object cases of `encode`. */
  protected encodeObject(value: any, depth: number): unknown {
    // Every passable array is a copyArray (the caller's check of the root
    // found this one passable): asking pass-style's memory, a lookup that
    // slows down with the variety of shapes it has seen, is not needed.
    const style = isArray(value) ? 'copyArray' : passStyleOf(value);
    // Containers count towards the depth limit (see limits.ts); leaves do not.
    if (depth >= this.maxDepth && style !== 'remotable' && style !== 'promise') tooDeep(this.maxDepth);
    switch (style) {
      case 'copyArray': {
        // An array whose elements all encode to themselves is its own
        // encoding (JSON text of it is the same): a copy is made only from
        // the first element that does not.
        const count = value.length;
        let encoded: unknown[] | undefined;
        for (let i = 0; i < count; i += 1) {
          const element = value[i];
          const elementEncoding = this.encode(element, depth + 1);
          if (encoded === undefined) {
            if (elementEncoding === element) continue;
            encoded = new Array(count);
            for (let j = 0; j < i; j += 1) encoded[j] = value[j];
          }
          encoded[i] = elementEncoding;
        }
        return encoded ?? value;
      }
      case 'copyRecord':
        return this.encodeRecord(value, depth);
      case 'tagged':
        return this.encodeTagged(value, depth);
      case 'remotable': {
        const index = this.slots.indexOf(value);
        if (index >= 0) return this.encodeRemotable(index, undefined);
        const iface = getInterfaceOf(value);
        return this.encodeRemotable(this.slots.add(value), iface);
      }
      case 'promise': {
        const index = this.slots.indexOf(value);
        return this.encodePromise(index >= 0 ? index : this.slots.add(value));
      }
      case 'error':
        return this.encodeError(value);
      case 'byteArray':
        return failType`marsal of byteArray not yet implemented: ${value}`;
      default:
        return failType`internal: Unrecognized passStyle ${q(style)}`;
    }
  }
}
