// SyrupParser: untrusted Syrup bytes to values, iteratively (an explicit
// stack of open containers, no recursion, so nesting depth is bounded by
// maxDepth alone and never by the JS stack) and resumably (bytes may arrive
// in chunks of any size: an atom cut short is re-read from its first byte
// when more bytes come, while the open containers and what they hold so far
// are kept). It is strict: only the canonical form of each value is
// accepted. What a value becomes is the builder's business (SyrupBuilder),
// so the same parser yields the Syrup data model or passables directly.
//
// Errors: malformed bytes are a SyntaxError, input over a limit a
// RangeError (limits.ts); each names the absolute byte offset in the input
// (for a stream, counted from its first byte).

import { compareByteRanges } from './compare-bytes.js';
import { overSyrupLimit, type SyrupDecodeLimits } from './limits.js';

const uint8Slice = Uint8Array.prototype.slice;
/** A fresh Uint8Array of `bytes[start..end)`, never a view (not Buffer#slice). */
const copyBytes = (bytes: Uint8Array, start: number, end: number): Uint8Array => uint8Slice.call(bytes, start, end);

/** Makes values from what the parser reads; `offset` is where the value began. */
export interface SyrupBuilder<T> {
  boolean(value: boolean): T;
  integer(value: bigint): T;
  float64(value: number): T;
  string(value: string): T;
  symbol(name: string, offset: number): T;
  /** A fresh copy of the bytes, the builder's to keep. */
  bytes(value: Uint8Array): T;
  list(items: T[], offset: number): T;
  /** `items[0]` is the label, the rest are the fields. */
  record(items: T[], offset: number): T;
  /** Keys and values alternate: `[k0, v0, k1, v1, …]`. */
  dictionary(keysAndValues: T[], offset: number): T;
  set(items: T[], offset: number): T;
  /**
   * Whether the parser enforces Syrup's canonical key order in dictionaries
   * (a builder that accepts another order checks it itself). Duplicate keys
   * are refused either way when this is true; a builder that sets it false
   * must refuse them itself.
   */
  readonly checksDictionaryOrder: boolean;
}

const enum Kind {
  List,
  Record,
  Dictionary,
  Set,
}

const KIND_NAME = ['list', 'record', 'dictionary', 'set'] as const;
const CLOSER = [']', '>', '}', '$'] as const;

interface Frame<T> {
  kind: Kind;
  /** Absolute offset of the opening byte. */
  start: number;
  items: T[];
  /** Absolute offset where the item being read began. */
  itemStart: number;
  /** Absolute range of the previous key (dictionary) or item (set), for the order check; -1 before the first. */
  previousStart: number;
  previousEnd: number;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const EMPTY = new Uint8Array(0);

const printable = (byte: number): string =>
  byte >= 0x20 && byte < 0x7f ? `'${String.fromCharCode(byte)}' (0x${byte.toString(16).padStart(2, '0')})` : `0x${byte.toString(16).padStart(2, '0')}`;

const syntax = (what: string, offset: number): SyntaxError => SyntaxError(`Invalid Syrup: ${what} at byte offset ${offset}`);

/** Digits needed to write `limit`, the most a length prefix within it can have. */
const digitsFor = (limit: number): number => (limit === Infinity ? 15 : String(limit).length);

export class SyrupParser<T> {
  readonly #limits: Readonly<SyrupDecodeLimits>;
  readonly #builder: SyrupBuilder<T>;
  readonly #integerDigitsCap: number;
  readonly #lengthDigitsCap: number;

  #bytes: Uint8Array = EMPTY;
  #view: DataView = new DataView(EMPTY.buffer);
  /** Whether #bytes is this parser's own buffer (else a caller's chunk, read in place). */
  #owned = false;
  /** Absolute offset of #bytes[0]. */
  #base = 0;
  #position = 0;
  #end = 0;
  /** Where the top-level value being read began (an index into #bytes). */
  #valueStart = 0;
  readonly #frames: Frame<T>[] = [];
  #failure: Error | undefined;

  constructor(builder: SyrupBuilder<T>, limits: Readonly<SyrupDecodeLimits>) {
    this.#builder = builder;
    this.#limits = limits;
    this.#integerDigitsCap = limits.maxIntegerDigits === Infinity ? Infinity : limits.maxIntegerDigits;
    this.#lengthDigitsCap = digitsFor(limits.maxStringBytes);
  }

  /** Bytes received but not yet part of a complete top-level value. */
  get pendingBytes(): number {
    return this.#end - this.#valueStart;
  }

  /** The one value that `bytes` holds, all of it. */
  parseWhole(bytes: Uint8Array): T {
    this.#use(bytes);
    const out: T[] = [];
    this.#run(out, true);
    if (out.length === 0) {
      if (bytes.length === 0) throw syntax('empty input, where one value was expected', 0);
      throw syntax(`input ends inside a value begun at byte offset ${this.#valueStart}`, bytes.length);
    }
    if (this.#position < this.#end) throw syntax('bytes after the end of the value', this.#position);
    return out[0]!;
  }

  /** Takes the next chunk of a stream; returns the top-level values it completed, in order. */
  push(chunk: Uint8Array): T[] {
    if (this.#failure !== undefined) throw this.#failure;
    if (!(chunk instanceof Uint8Array)) throw TypeError('A Syrup stream decoder takes Uint8Array chunks');
    const out: T[] = [];
    try {
      if (this.#valueStart === this.#end) this.#use(chunk);
      else this.#append(chunk);
      this.#run(out, false);
      this.#keepRest();
    } catch (error) {
      this.#failure = error as Error;
      throw error;
    }
    return out;
  }

  /** Says the stream is over: throws if it stopped inside a value. */
  finish(): void {
    if (this.#failure !== undefined) throw this.#failure;
    if (this.#valueStart !== this.#end) {
      throw syntax(`stream ends inside a value begun at byte offset ${this.#base + this.#valueStart}`, this.#base + this.#end);
    }
  }

  /** Reads `bytes` in place, from the start: nothing is pending. */
  #use(bytes: Uint8Array): void {
    this.#base += this.#end;
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#owned = false;
    this.#position = 0;
    this.#end = bytes.length;
    this.#valueStart = 0;
  }

  /** Adds `chunk` after the pending bytes, in this parser's own buffer. */
  #append(chunk: Uint8Array): void {
    const pending = this.#end - this.#valueStart;
    // No limit check here: the chunk may hold the ends of several values; each token is checked as it is read.
    const needed = pending + chunk.length;
    let target = this.#bytes;
    if (!this.#owned || target.length < needed) {
      let capacity = Math.max(4096, this.#owned ? target.length : 0);
      while (capacity < needed) capacity *= 2;
      target = new Uint8Array(capacity);
    }
    if (target !== this.#bytes || this.#valueStart > 0) target.set(this.#bytes.subarray(this.#valueStart, this.#end), 0);
    target.set(chunk, pending);
    this.#base += this.#valueStart;
    this.#position -= this.#valueStart;
    this.#valueStart = 0;
    this.#end = needed;
    if (target !== this.#bytes) {
      this.#bytes = target;
      this.#view = new DataView(target.buffer);
      this.#owned = true;
    }
  }

  /** After a push read a caller's chunk in place: copies what is still pending, since the caller may reuse its chunk. */
  #keepRest(): void {
    if (this.#owned || this.#valueStart === this.#end) return;
    const rest = this.#bytes.slice(this.#valueStart, this.#end);
    const capacity = Math.max(4096, rest.length * 2);
    const own = new Uint8Array(capacity);
    own.set(rest);
    this.#base += this.#valueStart;
    this.#position -= this.#valueStart;
    this.#end -= this.#valueStart;
    this.#valueStart = 0;
    this.#bytes = own;
    this.#view = new DataView(own.buffer);
    this.#owned = true;
  }

  /** Reads values from #position; stops at the end of input or inside an incomplete atom (or after one value if `justOne`). */
  #run(out: T[], justOne: boolean): void {
    const bytes = this.#bytes;
    const end = this.#end;
    const frames = this.#frames;
    const builder = this.#builder;
    const { maxValueBytes, maxDepth, maxStringBytes, maxIntegerDigits } = this.#limits;
    const base = this.#base;
    let position = this.#position;

    scan: while (position < end) {
      const byte = bytes[position]!;
      const top = frames.length > 0 ? frames[frames.length - 1] : undefined;
      let value: T;
      if (byte === 0x5d || byte === 0x3e || byte === 0x7d || byte === 0x24) {
        // ] > } $
        const kind = byte === 0x5d ? Kind.List : byte === 0x3e ? Kind.Record : byte === 0x7d ? Kind.Dictionary : Kind.Set;
        if (top === undefined) throw syntax(`${printable(byte)} closes a ${KIND_NAME[kind]} that was never opened`, base + position);
        if (top.kind !== kind) {
          throw syntax(
            `${printable(byte)} where the ${KIND_NAME[top.kind]} opened at byte offset ${top.start} must be closed with '${CLOSER[top.kind]}'`,
            base + position,
          );
        }
        const { items } = top;
        if (kind === Kind.Record && items.length === 0) throw syntax('a record with no label', base + position);
        if (kind === Kind.Dictionary && items.length % 2 === 1) throw syntax('a dictionary key with no value', base + position);
        frames.pop();
        position += 1;
        value =
          kind === Kind.List
            ? builder.list(items, top.start)
            : kind === Kind.Record
              ? builder.record(items, top.start)
              : kind === Kind.Dictionary
                ? builder.dictionary(items, top.start)
                : builder.set(items, top.start);
      } else {
        if (top !== undefined) top.itemStart = base + position;
        switch (byte) {
          case 0x5b: // [
          case 0x3c: // <
          case 0x7b: // {
          case 0x23: {
            // #
            if (frames.length >= maxDepth) throw overSyrupLimit('maxDepth', maxDepth, frames.length + 1, base + position);
            const kind = byte === 0x5b ? Kind.List : byte === 0x3c ? Kind.Record : byte === 0x7b ? Kind.Dictionary : Kind.Set;
            frames.push({ kind, start: base + position, items: [], itemStart: -1, previousStart: -1, previousEnd: -1 });
            position += 1;
            if (position - this.#valueStart > maxValueBytes) {
              throw overSyrupLimit('maxValueBytes', maxValueBytes, position - this.#valueStart, base + position - 1);
            }
            continue scan;
          }
          case 0x74: // t
            value = builder.boolean(true);
            position += 1;
            break;
          case 0x66: // f
            value = builder.boolean(false);
            position += 1;
            break;
          case 0x44: {
            // D
            if (end - position < 9) break scan;
            const number = this.#view.getFloat64(position + 1);
            if (number !== number && !(this.#view.getUint32(position + 1) === 0x7ff80000 && this.#view.getUint32(position + 5) === 0)) {
              throw syntax('a NaN other than the canonical D 7f f8 00 00 00 00 00 00', base + position);
            }
            value = builder.float64(number);
            position += 9;
            break;
          }
          default: {
            if (byte < 0x30 || byte > 0x39) throw syntax(`unexpected byte ${printable(byte)}`, base + position);
            // Digits, then what they are: + or - (an integer), or : " ' (a length).
            const digitsCap = this.#integerDigitsCap > this.#lengthDigitsCap ? this.#integerDigitsCap : this.#lengthDigitsCap;
            let after = position + 1;
            while (after < end && bytes[after]! >= 0x30 && bytes[after]! <= 0x39) {
              after += 1;
              if (after - position > digitsCap) {
                throw this.#integerDigitsCap >= this.#lengthDigitsCap
                  ? overSyrupLimit('maxIntegerDigits', maxIntegerDigits, after - position, base + position)
                  : overSyrupLimit('maxStringBytes', maxStringBytes, after - position, base + position);
              }
            }
            if (after === end) break scan;
            const digits = after - position;
            if (byte === 0x30 && digits > 1) throw syntax('a number with a leading zero', base + position);
            const marker = bytes[after]!;
            if (marker === 0x2b || marker === 0x2d) {
              // + -
              if (digits > maxIntegerDigits) throw overSyrupLimit('maxIntegerDigits', maxIntegerDigits, digits, base + position);
              if (marker === 0x2d && byte === 0x30) throw syntax("'0-' (zero is written 0+)", base + position);
              let magnitude: bigint;
              if (digits <= 15) {
                let small = 0;
                for (let i = position; i < after; i += 1) small = small * 10 + (bytes[i]! - 0x30);
                magnitude = BigInt(small);
              } else {
                let text = '';
                for (let i = position; i < after; i += 1) text += String.fromCharCode(bytes[i]!);
                magnitude = BigInt(text);
              }
              value = builder.integer(marker === 0x2d ? -magnitude : magnitude);
              position = after + 1;
              break;
            }
            if (marker !== 0x3a && marker !== 0x22 && marker !== 0x27) {
              throw syntax(`unexpected byte ${printable(marker)} after the digits at byte offset ${base + position}`, base + after);
            }
            if (digits > this.#lengthDigitsCap) throw overSyrupLimit('maxStringBytes', maxStringBytes, Number(`1e${digits - 1}`), base + position);
            let length = 0;
            for (let i = position; i < after; i += 1) length = length * 10 + (bytes[i]! - 0x30);
            if (length > maxStringBytes) throw overSyrupLimit('maxStringBytes', maxStringBytes, length, base + position);
            const dataStart = after + 1;
            const dataEnd = dataStart + length;
            if (dataEnd - this.#valueStart > maxValueBytes) {
              throw overSyrupLimit('maxValueBytes', maxValueBytes, dataEnd - this.#valueStart, base + position);
            }
            if (dataEnd > end) break scan; // the bytes have not all arrived
            if (marker === 0x3a) {
              // A copy, whatever kind of view `bytes` is: Buffer's own slice shares
              // Node's pool, which making the bytes immutable would detach.
              value = builder.bytes(copyBytes(bytes, dataStart, dataEnd));
            } else {
              const text = decodeText(bytes, dataStart, dataEnd, base + position);
              value = marker === 0x22 ? builder.string(text) : builder.symbol(text, base + position);
            }
            position = dataEnd;
            break;
          }
        }
      }
      if (position - this.#valueStart > maxValueBytes) {
        throw overSyrupLimit('maxValueBytes', maxValueBytes, position - this.#valueStart, base + position - 1);
      }
      // The value belongs to the innermost open container (after a closer, the one below it), or is a top-level value.
      const holder = frames.length > 0 ? frames[frames.length - 1]! : undefined;
      if (holder === undefined) {
        out.push(value);
        this.#valueStart = position;
        if (justOne) break;
        continue;
      }
      if (holder.kind === Kind.Set || (holder.kind === Kind.Dictionary && holder.items.length % 2 === 0)) {
        this.#checkOrder(holder, base + position);
      }
      holder.items.push(value);
    }
    this.#position = position;
  }

  /** The item of `frame` that ends at absolute `itemEnd` must sort after the previous key or item. */
  #checkOrder(frame: Frame<T>, itemEnd: number): void {
    const itemStart = frame.itemStart;
    if (frame.kind === Kind.Dictionary && !this.#builder.checksDictionaryOrder) return;
    if (frame.previousStart >= 0) {
      const bytes = this.#bytes;
      const base = this.#base;
      const order = compareByteRanges(bytes, frame.previousStart - base, frame.previousEnd - base, bytes, itemStart - base, itemEnd - base);
      const what = frame.kind === Kind.Dictionary ? 'dictionary key' : 'set item';
      if (order === 0) throw syntax(`a ${what} repeated (the same bytes as the one at byte offset ${frame.previousStart})`, itemStart);
      if (order > 0) {
        throw syntax(`a ${what} out of canonical order (it must sort after the one at byte offset ${frame.previousStart})`, itemStart);
      }
    }
    frame.previousStart = itemStart;
    frame.previousEnd = itemEnd;
  }
}

// Short ASCII strings recur (record keys above all): a small table of
// recently decoded ones, indexed by a hash of their bytes and checked
// against them, saves making the same string again. It holds only strings,
// which are immutable, so sharing it between parsers shares nothing else.
const RECENT_SIZE = 2048;
const recentTexts: (string | undefined)[] = new Array(RECENT_SIZE).fill(undefined);
const fromCharCode = String.fromCharCode;

/** UTF-8 to a string, refusing malformed UTF-8 and encoded surrogates. */
const decodeText = (bytes: Uint8Array, start: number, end: number, offset: number): string => {
  const length = end - start;
  if (length <= 32) {
    let hash = length;
    let i = start;
    for (; i < end; i += 1) {
      const byte = bytes[i]!;
      if (byte >= 0x80) break;
      hash = (Math.imul(hash, 31) + byte) | 0;
    }
    if (i === end) {
      const slot = hash & (RECENT_SIZE - 1);
      const recent = recentTexts[slot];
      if (recent !== undefined && recent.length === length) {
        let same = true;
        for (let j = 0; j < length; j += 1) {
          if (recent.charCodeAt(j) !== bytes[start + j]) {
            same = false;
            break;
          }
        }
        if (same) return recent;
      }
      const text = fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
      recentTexts[slot] = text;
      return text;
    }
  }
  try {
    return textDecoder.decode(bytes.subarray(start, end));
  } catch {
    throw syntax('text that is not well-formed UTF-8', offset);
  }
};
