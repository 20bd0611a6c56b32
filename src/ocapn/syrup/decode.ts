// decodeSyrup and makeSyrupStreamDecoder: untrusted bytes to the Syrup data
// model (value.ts), strictly and within limits (limits.ts). The stream
// decoder is for transports without framing, such as OCapN's
// tcp-testing-only netlayer: it finds where each top-level value ends.

import { resolveSyrupDecodeLimits, type SyrupDecodeLimits } from './limits.js';
import { SyrupParser, type SyrupBuilder } from './parser.js';
import type { SyrupValue } from './value.js';

const { freeze } = Object;

/** Builds value.ts's frozen representation. */
export const syrupValueBuilder: SyrupBuilder<SyrupValue> = freeze({
  checksDictionaryOrder: true,
  boolean: (value: boolean) => value,
  integer: (value: bigint) => value,
  float64: (value: number) => value,
  string: (value: string) => value,
  symbol: (name: string) => freeze({ type: 'symbol' as const, name }),
  bytes: (value: Uint8Array) => value,
  list: (items: SyrupValue[]) => freeze(items),
  record: (items: SyrupValue[]) => freeze({ type: 'record' as const, label: items[0]!, fields: freeze(items.slice(1)) }),
  dictionary: (keysAndValues: SyrupValue[]) => {
    const entries: (readonly [SyrupValue, SyrupValue])[] = [];
    for (let i = 0; i < keysAndValues.length; i += 2) entries.push(freeze([keysAndValues[i]!, keysAndValues[i + 1]!] as const));
    return freeze({ type: 'dictionary' as const, entries: freeze(entries) });
  },
  set: (items: SyrupValue[]) => freeze({ type: 'set' as const, items: freeze(items) }),
});

/**
 * The one Syrup value that `bytes` holds, all of it. Throws SyntaxError on
 * malformed or non-canonical bytes, RangeError over a limit.
 */
export const decodeSyrup = (bytes: Uint8Array, limits?: Partial<SyrupDecodeLimits>): SyrupValue => {
  if (!(bytes instanceof Uint8Array)) throw TypeError('decodeSyrup takes a Uint8Array');
  return new SyrupParser(syrupValueBuilder, resolveSyrupDecodeLimits(limits)).parseWhole(bytes);
};

export interface SyrupStreamDecoder<T = SyrupValue> {
  /** Takes the next chunk; returns the top-level values it completed, in order. After an error, every call throws it again. */
  push(chunk: Uint8Array): T[];
  /** The stream is over: throws a SyntaxError if it stopped inside a value. */
  finish(): void;
  /** Bytes held for a value not yet complete. */
  readonly pendingBytes: number;
}

/** A decoder for a byte stream of concatenated Syrup values, fed chunk by chunk. */
export const makeSyrupStreamDecoder = (limits?: Partial<SyrupDecodeLimits>): SyrupStreamDecoder =>
  makeStreamDecoderWith(syrupValueBuilder, limits);

/** The same over any builder (the passable one, for instance). */
export const makeStreamDecoderWith = <T>(builder: SyrupBuilder<T>, limits?: Partial<SyrupDecodeLimits>): SyrupStreamDecoder<T> => {
  const parser = new SyrupParser(builder, resolveSyrupDecodeLimits(limits));
  return freeze({
    push: (chunk: Uint8Array) => parser.push(chunk),
    finish: () => parser.finish(),
    get pendingBytes() {
      return parser.pendingBytes;
    },
  });
};
