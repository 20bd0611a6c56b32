// SyrupWriter: Syrup bytes into one growing buffer, token by token. It knows
// the byte forms (and refuses what has none: lone surrogates, non-integers
// as integers) but not the data model; encode.ts and the passable encoder
// walk values and call it. Dictionaries and sets are written in their
// entries' arrival order and then put in canonical order in place
// (sortEntries), so no entry is encoded twice.
//
// Single bytes are stored through a DataView, never as `bytes[i] = b`: once
// Object.prototype is frozen (lockdown), V8 (Node 20) takes a slow path for
// every indexed store into a typed array (about 40 ns each, 60 times the
// DataView store); loads and bulk copies are unaffected.

import { compareByteRanges } from './compare-bytes.js';

export interface SyrupWriterOptions {
  /**
   * How -0 is written. 'preserve' (the default) writes its own IEEE bytes
   * `D 80 00…`, as the OCapN data model (Model.md) keeps -0 apart from 0;
   * 'zero' writes 0, as Endo's @endo/ocapn does (its decoder refuses
   * `D 80 00…`), for talking to Endo peers.
   */
  negativeZero?: 'preserve' | 'zero';
}

const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const COLON = 0x3a; // :
const PLUS = 0x2b;
const MINUS = 0x2d;

const textEncoder = new TextEncoder();
const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();
const decimalDigits = (n: number): number => (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : String(n).length);

export class SyrupWriter {
  #bytes: Uint8Array;
  #view: DataView;
  #length = 0;
  readonly #zeroForNegativeZero: boolean;

  constructor(options: SyrupWriterOptions = {}, initialCapacity = 256) {
    const { negativeZero = 'preserve' } = options;
    if (negativeZero !== 'preserve' && negativeZero !== 'zero') {
      throw TypeError(`negativeZero must be 'preserve' or 'zero', not ${String(negativeZero)}`);
    }
    this.#zeroForNegativeZero = negativeZero === 'zero';
    this.#bytes = new Uint8Array(initialCapacity);
    this.#view = new DataView(this.#bytes.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.#bytes.slice(0, this.#length);
  }

  /** Forgets what was written, keeping the buffer for reuse. */
  reset(): void {
    this.#length = 0;
  }

  #reserve(more: number): void {
    const needed = this.#length + more;
    if (needed <= this.#bytes.length) return;
    let capacity = this.#bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.#bytes.subarray(0, this.#length));
    this.#bytes = grown;
    this.#view = new DataView(grown.buffer);
  }

  #byte(byte: number): void {
    if (this.#length === this.#bytes.length) this.#reserve(1);
    this.#view.setUint8(this.#length++, byte);
  }

  /** Writes `text`, known to be ASCII, byte for byte. */
  #ascii(text: string): void {
    const count = text.length;
    this.#reserve(count);
    const view = this.#view;
    let at = this.#length;
    for (let i = 0; i < count; i += 1) view.setUint8(at++, text.charCodeAt(i));
    this.#length = at;
  }

  /** Writes already-encoded Syrup (for example the signed bytes of an envelope). */
  writeRaw(bytes: Uint8Array): void {
    this.#reserve(bytes.length);
    this.#bytes.set(bytes, this.#length);
    this.#length += bytes.length;
  }

  writeBoolean(value: boolean): void {
    this.#byte(value ? 0x74 : 0x66);
  }

  /** `42+`, `1-`; zero is `0+`. */
  writeInteger(value: bigint): void {
    if (typeof value !== 'bigint') throw TypeError(`A Syrup integer must be a bigint, not ${typeof value}`);
    if (value < 0n) {
      this.#ascii(String(-value));
      this.#byte(MINUS);
    } else {
      this.#ascii(String(value));
      this.#byte(PLUS);
    }
  }

  /** `D` and the IEEE 754 double, big-endian; every NaN as the canonical `7f f8 00…`. */
  writeFloat64(value: number): void {
    if (typeof value !== 'number') throw TypeError(`A Syrup float64 must be a number, not ${typeof value}`);
    this.#reserve(9);
    const at = this.#length;
    this.#view.setUint8(at, 0x44);
    if (value !== value) {
      this.#view.setUint32(at + 1, 0x7ff80000);
      this.#view.setUint32(at + 5, 0);
    } else {
      this.#view.setFloat64(at + 1, value === 0 && this.#zeroForNegativeZero ? 0 : value);
    }
    this.#length = at + 9;
  }

  /** `5"hello`: the UTF-8 byte count, `"`, the bytes. */
  writeString(text: string): void {
    this.#text(text, QUOTE, 'string');
  }

  /** `5'hello`: a symbol's name, as a string but marked `'`. */
  writeSymbol(name: string): void {
    this.#text(name, APOSTROPHE, 'symbol');
  }

  /** `5:hello`. */
  writeBytes(bytes: Uint8Array): void {
    this.#ascii(String(bytes.length));
    this.#byte(COLON);
    this.writeRaw(bytes);
  }

  #text(text: string, marker: number, what: string): void {
    if (typeof text !== 'string') throw TypeError(`A Syrup ${what} must be written from a string, not ${typeof text}`);
    const count = text.length;
    // Short ASCII text, the common case, is copied unit by unit after its prefix.
    if (count < 64) {
      const start = this.#length;
      this.#reserve(count + 3);
      const view = this.#view;
      let at = start;
      if (count >= 10) view.setUint8(at++, 0x30 + ((count / 10) | 0));
      view.setUint8(at++, 0x30 + (count % 10));
      view.setUint8(at++, marker);
      let i = 0;
      for (; i < count; i += 1) {
        const unit = text.charCodeAt(i);
        if (unit >= 0x80) break;
        view.setUint8(at++, unit);
      }
      if (i === count) {
        this.#length = at;
        return;
      }
      this.#length = start; // not ASCII after all: start over below
    }
    if (!isWellFormed(text)) {
      throw TypeError(`A Syrup ${what} must be well-formed Unicode: this one has a lone surrogate`);
    }
    // Encode into room for the longest prefix, then close the gap if the prefix came out shorter.
    const most = count * 3;
    const room = decimalDigits(most) + 1;
    this.#reserve(room + most);
    const start = this.#length;
    const { written } = textEncoder.encodeInto(text, this.#bytes.subarray(start + room));
    const prefix = `${written}`;
    const gap = room - (prefix.length + 1);
    if (gap > 0) this.#bytes.copyWithin(start + prefix.length + 1, start + room, start + room + written);
    for (let i = 0; i < prefix.length; i += 1) this.#view.setUint8(start + i, prefix.charCodeAt(i));
    this.#view.setUint8(start + prefix.length, marker);
    this.#length = start + prefix.length + 1 + written;
  }

  openList(): void {
    this.#byte(0x5b);
  }
  closeList(): void {
    this.#byte(0x5d);
  }
  /** `<`; the label is written next, as any value (OCapN: a symbol). */
  openRecord(): void {
    this.#byte(0x3c);
  }
  closeRecord(): void {
    this.#byte(0x3e);
  }
  openDictionary(): void {
    this.#byte(0x7b);
  }
  closeDictionary(): void {
    this.#byte(0x7d);
  }
  openSet(): void {
    this.#byte(0x23);
  }
  closeSet(): void {
    this.#byte(0x24);
  }

  /** A record whose label is the symbol `label`, opened and labelled. */
  openLabelledRecord(label: string): void {
    this.#byte(0x3c);
    this.writeSymbol(label);
  }

  /**
   * Puts the entries just written into canonical order, in place. Entry i
   * began at `starts[i]` and its key (for a set, the whole item) ended at
   * `keyEnds[i]`; the entries are contiguous and the last one ends at the
   * current length. Two equal keys are refused: a dictionary or set has
   * each key once.
   */
  sortEntries(starts: readonly number[], keyEnds: readonly number[], what: 'dictionary' | 'set'): void {
    const count = starts.length;
    if (count < 2) return;
    const bytes = this.#bytes;
    const end = this.#length;
    const endOf = (i: number): number => (i + 1 < count ? starts[i + 1]! : end);
    const compare = (i: number, j: number): number =>
      compareByteRanges(bytes, starts[i]!, keyEnds[i]!, bytes, starts[j]!, keyEnds[j]!);
    let sorted = true;
    for (let i = 1; i < count; i += 1) {
      const order = compare(i - 1, i);
      if (order === 0) throw duplicate(what);
      if (order > 0) sorted = false;
    }
    if (sorted) return;
    const order = Array.from({ length: count }, (_, i) => i).sort(compare);
    for (let i = 1; i < count; i += 1) if (compare(order[i - 1]!, order[i]!) === 0) throw duplicate(what);
    const regionStart = starts[0]!;
    const region = bytes.slice(regionStart, end);
    let at = regionStart;
    for (const i of order) {
      const from = starts[i]! - regionStart;
      const to = endOf(i) - regionStart;
      bytes.set(region.subarray(from, to), at);
      at += to - from;
    }
  }
}

const duplicate = (what: 'dictionary' | 'set'): TypeError =>
  TypeError(what === 'dictionary' ? 'A Syrup dictionary must not have the same key twice' : 'A Syrup set must not have the same item twice');
