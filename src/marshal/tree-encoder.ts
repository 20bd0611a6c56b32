// What the two body encoders (encode-capdata.ts, encode-smallcaps.ts) share:
// the walk over a validated passable into a JSON-able tree. The caller
// validates the whole value first (one passStyleOf of the root, which
// remembers the style of every object in it), so this walk only asks each
// object for its remembered style, checks the depth limit, walks arrays,
// and numbers capabilities in the slot table; each format says how a leaf,
// a record, a tagged value, a capability and an error are spelled.

import { passStyleOf, getInterfaceOf } from '../pass-style/index.js';
import type { ErrorTagger } from './error-tagger.js';
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
        const count = value.length;
        const encoded = new Array(count);
        for (let i = 0; i < count; i += 1) encoded[i] = this.encode(value[i], depth + 1);
        return encoded;
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
