// Passables straight to Syrup bytes and back, without an intermediate Syrup
// value tree: OCapN's passable mapping (spec/ocapn.md §2).
//
//   undefined <4'void>   null <4'null>   boolean t/f   bigint 42+
//   number D+8 bytes (always, even 1)   string 5"hello
//   passable symbol 5'hello (names beginning '@@' refused)
//   byteArray 5:hello   copyArray [...]   copyRecord {"key" value ...}
//   tagged <11'desc:tagged 'tag payload>   error <10'desc:error "message">
//   remotable / promise: whatever the caller's writeReference writes (an
//   OCapN session writes a descriptor record); read back through its
//   decodeRecord.
//
// copyRecord key order: by default Syrup's canonical order (bytewise on the
// encoded key, so the length prefix dominates: "ok" before "name"), which
// the Syrup draft requires of every dictionary. Endo's @endo/ocapn instead
// sorts keys as JS strings and refuses any other order on read, so
// recordKeyOrder: 'endo' writes and expects that order, for Endo peers.

import {
  makeTagged,
  nameForPassableSymbol,
  passableSymbolForName,
  passStyleOf,
} from '../../pass-style/index.js';
import type { Passable } from '../../pass-style/index.js';
import { harden, markFreshHardened } from '../../ses/harden-when-available.js';
import { resolveSyrupDecodeLimits, type SyrupDecodeLimits } from './limits.js';
import { SyrupParser, type SyrupBuilder } from './parser.js';
import { SyrupWriter, type SyrupWriterOptions } from './writer.js';
import { makeStreamDecoderWith, type SyrupStreamDecoder } from './decode.js';

export type RecordKeyOrder = 'syrup' | 'endo';

export interface PassableSyrupEncodeOptions extends SyrupWriterOptions {
  /** copyRecord key order: 'syrup' (canonical, the default) or 'endo' (JS string order, as @endo/ocapn). */
  recordKeyOrder?: RecordKeyOrder;
  /**
   * Writes a remotable or promise, typically as a descriptor record such as
   * `<desc:import-object 1+>`. Without it, either is a TypeError.
   */
  writeReference?: (reference: object, writer: SyrupWriter, passStyle: 'remotable' | 'promise') => void;
}

export interface PassableSyrupDecodeOptions {
  /** copyRecord key order to require: 'syrup' (the default) or 'endo'. */
  recordKeyOrder?: RecordKeyOrder;
  /**
   * Makes the passable for a record whose label is not one of the passable
   * mapping's own (void, null, desc:tagged, desc:error), for example a
   * remotable for `<desc:export 1+>`. Without it, such a record is a TypeError.
   */
  decodeRecord?: (label: string, fields: Passable[], offset: number) => Passable;
  limits?: Partial<SyrupDecodeLimits>;
}

const { defineProperty } = Object;
const objectPrototype = Object.prototype;

const VOID = 'void';
const NULL = 'null';
const TAGGED = 'desc:tagged';
const ERROR = 'desc:error';

/** The name of passable symbol `symbol`, refusing the '@@' names OCapN reserves. */
const selectorName = (symbol: symbol): string => {
  const name = nameForPassableSymbol(symbol);
  if (name === undefined) throw TypeError(`Only passable symbols can be written as Syrup symbols: ${String(symbol)}`);
  if (name.startsWith('@@')) throw TypeError(`OCapN symbols must not begin with '@@' (well-known symbols): ${name}`);
  return name;
};

/** UTF-8 length of `key` if it has no surrogates, else -1 (then key order needs the encoded bytes). */
const utf8LengthWithoutSurrogates = (key: string): number => {
  let length = key.length;
  for (let i = 0; i < key.length; i += 1) {
    const unit = key.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit >= 0xd800) return -1;
    length += unit < 0x800 ? 1 : 2;
  }
  return length;
};

/**
 * Keys in Syrup's canonical order (bytewise on `<utf8 length>"<utf8>`), or
 * undefined when a key has surrogates, where UTF-16 order and UTF-8 byte
 * order part (the caller then sorts the written bytes).
 */
const syrupOrderedKeys = (keys: string[]): string[] | undefined => {
  if (keys.length < 2) return keys;
  const sortable: string[] = [];
  for (const key of keys) {
    const length = utf8LengthWithoutSurrogates(key);
    if (length < 0) return undefined;
    // Below U+D800 code-unit order is code-point order, which is UTF-8 byte order.
    sortable.push(`${length}"${key}`);
  }
  const order = keys.map((_, i) => i).sort((i, j) => (sortable[i]! < sortable[j]! ? -1 : 1));
  return order.map((i) => keys[i]!);
};

class PassableWriter {
  readonly writer: SyrupWriter;
  readonly #endoOrder: boolean;
  readonly #writeReference: PassableSyrupEncodeOptions['writeReference'];

  constructor(writer: SyrupWriter, options: PassableSyrupEncodeOptions) {
    const { recordKeyOrder = 'syrup', writeReference } = options;
    if (recordKeyOrder !== 'syrup' && recordKeyOrder !== 'endo') {
      throw TypeError(`recordKeyOrder must be 'syrup' or 'endo', not ${String(recordKeyOrder)}`);
    }
    this.writer = writer;
    this.#endoOrder = recordKeyOrder === 'endo';
    this.#writeReference = writeReference;
  }

  write(value: Passable): void {
    const writer = this.writer;
    switch (typeof value) {
      case 'string':
        writer.writeString(value);
        return;
      case 'number':
        writer.writeFloat64(value);
        return;
      case 'bigint':
        writer.writeInteger(value);
        return;
      case 'boolean':
        writer.writeBoolean(value);
        return;
      case 'undefined':
        writer.openLabelledRecord(VOID);
        writer.closeRecord();
        return;
      case 'symbol':
        writer.writeSymbol(selectorName(value));
        return;
      default:
        break;
    }
    if (value === null) {
      writer.openLabelledRecord(NULL);
      writer.closeRecord();
      return;
    }
    const style: string = passStyleOf(value as any);
    switch (style) {
      case 'copyArray': {
        writer.openList();
        for (const item of value as readonly Passable[]) this.write(item);
        writer.closeList();
        return;
      }
      case 'copyRecord':
        this.#writeRecord(value as Record<string, Passable>);
        return;
      case 'tagged': {
        writer.openLabelledRecord(TAGGED);
        writer.writeSymbol((value as { [Symbol.toStringTag]: string })[Symbol.toStringTag]);
        this.write((value as { payload: Passable }).payload);
        writer.closeRecord();
        return;
      }
      case 'error': {
        // Only the message crosses (OCapN's desc:error has one field).
        writer.openLabelledRecord(ERROR);
        writer.writeString(String((value as Error).message));
        writer.closeRecord();
        return;
      }
      case 'byteArray':
        writer.writeBytes(new Uint8Array((value as ArrayBuffer).slice(0)));
        return;
      case 'remotable':
      case 'promise': {
        if (this.#writeReference === undefined) {
          throw TypeError(`A ${style} can only be written as Syrup by an OCapN session (no writeReference given)`);
        }
        this.#writeReference(value as object, writer, style as "remotable" | "promise");
        return;
      }
      default:
        throw TypeError(`Cannot write a passable of style ${String(style)} as Syrup`);
    }
  }

  #writeRecord(record: Record<string, Passable>): void {
    const writer = this.writer;
    const keys = Object.keys(record);
    writer.openDictionary();
    const ordered = this.#endoOrder ? keys.sort() : syrupOrderedKeys(keys);
    if (ordered !== undefined) {
      for (const key of ordered) {
        writer.writeString(key);
        this.write(record[key]);
      }
    } else {
      const starts: number[] = [];
      const keyEnds: number[] = [];
      for (const key of keys) {
        starts.push(writer.length);
        writer.writeString(key);
        keyEnds.push(writer.length);
        this.write(record[key]);
      }
      writer.sortEntries(starts, keyEnds, 'dictionary');
    }
    writer.closeDictionary();
  }
}

/** Writes passable `value` with `writer` (for messages that hold passables among other Syrup). */
export const writePassableSyrup = (writer: SyrupWriter, value: Passable, options: PassableSyrupEncodeOptions = {}): void => {
  new PassableWriter(writer, options).write(value);
};

/** The Syrup bytes of passable `value`. */
export const encodePassableSyrup = (value: Passable, options: PassableSyrupEncodeOptions = {}): Uint8Array => {
  const writer = new SyrupWriter(options);
  new PassableWriter(writer, options).write(value);
  return writer.toBytes();
};

const bad = (what: string, offset: number): TypeError => TypeError(`Not an OCapN passable: ${what} at byte offset ${offset}`);

const immutableBuffer = (bytes: Uint8Array): ArrayBuffer => {
  const buffer = bytes.buffer as ArrayBuffer & { transferToImmutable?: () => ArrayBuffer };
  if (typeof buffer.transferToImmutable !== 'function') {
    throw TypeError('Decoding a Syrup byte string as a byteArray needs immutable ArrayBuffers (endo/ses, before lockdown)');
  }
  return harden(buffer.transferToImmutable());
};

/** Builds passables: the passable mapping's records are interpreted, others go to decodeRecord. */
export const makePassableBuilder = (options: PassableSyrupDecodeOptions = {}): SyrupBuilder<Passable> => {
  const { recordKeyOrder = 'syrup', decodeRecord } = options;
  if (recordKeyOrder !== 'syrup' && recordKeyOrder !== 'endo') {
    throw TypeError(`recordKeyOrder must be 'syrup' or 'endo', not ${String(recordKeyOrder)}`);
  }
  const endoOrder = recordKeyOrder === 'endo';
  return {
    checksDictionaryOrder: !endoOrder,
    boolean: (value) => value,
    integer: (value) => value,
    float64: (value) => value,
    string: (value) => value,
    symbol: (name, offset) => {
      if (name.startsWith('@@')) throw bad(`the symbol ${JSON.stringify(name)} (names beginning '@@' are reserved)`, offset);
      return passableSymbolForName(name);
    },
    bytes: (value) => immutableBuffer(value),
    list: (items) => markFreshHardened(items),
    set: (_items, offset) => {
      throw bad('a set (sets are not in the OCapN data model)', offset);
    },
    dictionary: (keysAndValues, offset) => {
      const record: Record<string, Passable> = {};
      let previous: string | undefined;
      for (let i = 0; i < keysAndValues.length; i += 2) {
        const key = keysAndValues[i];
        if (typeof key !== 'string') throw bad(`a dictionary key of type ${typeof key} (copyRecord keys are strings)`, offset);
        if (endoOrder && previous !== undefined && !(previous < key)) {
          throw bad(`the key ${JSON.stringify(key)} after ${JSON.stringify(previous)} (keys must be distinct and in JS string order)`, offset);
        }
        previous = key;
        // Assignment would reach Object.prototype's own names ("__proto__", a
        // frozen "toString"): define those; plain assignment is faster for the rest.
        if (key in objectPrototype) defineProperty(record, key, { value: keysAndValues[i + 1], writable: true, enumerable: true, configurable: true });
        else record[key] = keysAndValues[i + 1];
      }
      return markFreshHardened(record);
    },
    record: (items, offset) => {
      const label = items[0];
      if (typeof label !== 'symbol') throw bad('a record whose label is not a symbol', offset);
      const name = nameForPassableSymbol(label)!;
      const fieldCount = items.length - 1;
      switch (name) {
        case VOID:
        case NULL:
          if (fieldCount !== 0) throw bad(`<${name}> with ${fieldCount} fields (it has none)`, offset);
          return name === VOID ? undefined : null;
        case TAGGED: {
          const tag = items[1];
          if (fieldCount !== 2 || (typeof tag !== 'symbol' && typeof tag !== 'string')) {
            throw bad('a desc:tagged that is not <desc:tagged tag payload>', offset);
          }
          return makeTagged(typeof tag === 'symbol' ? nameForPassableSymbol(tag)! : tag, items[2]);
        }
        case ERROR: {
          const message = items[1];
          if (fieldCount !== 1 || typeof message !== 'string') throw bad('a desc:error that is not <desc:error "message">', offset);
          return harden(Error(message));
        }
        default:
          if (decodeRecord === undefined) throw bad(`a record labelled ${JSON.stringify(name)}`, offset);
          return harden(decodeRecord(name, items.slice(1), offset));
      }
    },
  };
};

/** The passable that `bytes` holds, all of it. */
export const decodePassableSyrup = (bytes: Uint8Array, options: PassableSyrupDecodeOptions = {}): Passable => {
  if (!(bytes instanceof Uint8Array)) throw TypeError('decodePassableSyrup takes a Uint8Array');
  return new SyrupParser(makePassableBuilder(options), resolveSyrupDecodeLimits(options.limits)).parseWhole(bytes);
};

/** A stream decoder yielding passables. */
export const makePassableSyrupStreamDecoder = (options: PassableSyrupDecodeOptions = {}): SyrupStreamDecoder<Passable> =>
  makeStreamDecoderWith(makePassableBuilder(options), options.limits);
