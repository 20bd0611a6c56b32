// Netstring framing (`<decimal length>:<payload bytes>,`), the framing
// @endo/netstring uses for CapTP over byte streams. The decoder accepts
// chunks cut at any byte boundary and refuses, with an error that says
// what was wrong, anything that is not a sequence of well-formed
// netstrings or that declares a payload above the size limit (checked as
// the length digits arrive, before any payload is buffered). A claimed
// length is never trusted for memory: a partial payload is held in a
// buffer that grows with the bytes that actually arrived, so a peer that
// claims 16 MiB and sends ten bytes costs about ten bytes.

import { makeOversizeError } from './limits.js';

const COLON = 0x3a;
const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

const textEncoder = new TextEncoder();
const EMPTY: Uint8Array = new Uint8Array(0);

/** Frames one payload (bytes, or a string taken as UTF-8) as a netstring. */
export const encodeNetstring = (payload: Uint8Array | string): Uint8Array => {
  const bytes = typeof payload === 'string' ? textEncoder.encode(payload) : payload;
  const prefix = textEncoder.encode(`${bytes.length}:`);
  const frame = new Uint8Array(prefix.length + bytes.length + 1);
  frame.set(prefix, 0);
  frame.set(bytes, prefix.length);
  frame[frame.length - 1] = COMMA;
  return frame;
};

/** The netstring of a text whose UTF-8 encoding is `byteLength` bytes long, as a string to write as UTF-8. */
export const netstringOfText = (text: string, byteLength: number): string => `${byteLength}:${text},`;

/** Decodes a stream of netstrings pushed in chunks. */
export type NetstringDecoder = {
  /**
   * Takes the next chunk and returns the payloads it completes, in order.
   * A payload that lies whole in the chunk is a view of the chunk's bytes,
   * to be read before the chunk's memory is reused.
   * Throws on malformed or oversize input; after that the decoder refuses
   * everything (the stream is no longer in step).
   */
  push: (chunk: Uint8Array) => Uint8Array[];
  /** True when no frame is partly received (a clean place for the stream to end). */
  isAtBoundary: () => boolean;
  /**
   * How far the frame in progress has come: payload bytes received and the
   * claimed length (undefined while its digits are still arriving).
   */
  progress: () => { received: number; claimed: number | undefined };
  /** Bytes held for the payload in progress (its buffer's capacity). */
  bufferedBytes: () => number;
};

/** The first buffer for a payload split across chunks; it then doubles, never beyond what arrived or was claimed. */
const FIRST_PARTIAL_CAPACITY = 4096;

const describeByte = (byte: number): string =>
  byte >= 0x20 && byte < 0x7f ? JSON.stringify(String.fromCharCode(byte)) : `byte 0x${byte.toString(16).padStart(2, '0')}`;

/** Makes a decoder that refuses payloads longer than maxMessageBytes. */
export const makeNetstringDecoder = (maxMessageBytes: number): NetstringDecoder => {
  // 'length': reading digits; 'payload': filling `payload`; 'comma': expecting ','.
  let state: 'length' | 'payload' | 'comma' = 'length';
  let length = 0;
  let digitCount = 0;
  let payload = EMPTY;
  let filled = 0;
  let failure: Error | undefined;

  const fail = (error: Error): never => {
    failure = error;
    throw error;
  };

  const push = (chunk: Uint8Array): Uint8Array[] => {
    if (failure !== undefined) throw failure;
    const done: Uint8Array[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (state === 'length') {
        const byte = chunk[at];
        at += 1;
        if (byte >= DIGIT_0 && byte <= DIGIT_9) {
          if (digitCount === 1 && length === 0) {
            fail(new SyntaxError('Malformed netstring: a length must not have leading zeros'));
          }
          length = length * 10 + (byte - DIGIT_0);
          digitCount += 1;
          if (length > maxMessageBytes) fail(makeOversizeError(length, maxMessageBytes, 'received'));
        } else if (byte === COLON) {
          if (digitCount === 0) fail(new SyntaxError('Malformed netstring: expected a decimal length before ":"'));
          payload = EMPTY;
          filled = 0;
          state = length === 0 ? 'comma' : 'payload';
        } else {
          fail(
            new SyntaxError(
              `Malformed netstring: expected a digit or ":" in the length, got ${describeByte(byte)}`,
            ),
          );
        }
      } else if (state === 'payload') {
        if (filled === 0 && chunk.length - at >= length) {
          // The whole payload is in this chunk: a view of it, not a copy.
          payload = chunk.subarray(at, at + length);
          filled = length;
          at += length;
          state = 'comma';
          continue;
        }
        const take = Math.min(length - filled, chunk.length - at);
        const needed = filled + take;
        if (needed > payload.length) {
          // Grow by doubling: at most twice the bytes in hand, never beyond the claim
          // (so the last growth leaves a buffer of exactly `length` bytes).
          const capacity = Math.min(length, Math.max(needed, FIRST_PARTIAL_CAPACITY, payload.length * 2));
          const grown = new Uint8Array(capacity);
          grown.set(payload.subarray(0, filled), 0);
          payload = grown;
        }
        payload.set(chunk.subarray(at, at + take), filled);
        filled = needed;
        at += take;
        if (filled === length) state = 'comma';
      } else {
        const byte = chunk[at];
        at += 1;
        if (byte !== COMMA) {
          fail(new SyntaxError(`Malformed netstring: expected "," after ${length} payload bytes, got ${describeByte(byte)}`));
        }
        done.push(payload);
        payload = EMPTY;
        filled = 0;
        state = 'length';
        length = 0;
        digitCount = 0;
      }
    }
    return done;
  };

  const isAtBoundary = (): boolean => state === 'length' && digitCount === 0;
  const progress = () => ({ received: filled, claimed: state === 'length' ? undefined : length });
  const bufferedBytes = (): number => payload.length;

  return { push, isAtBoundary, progress, bufferedBytes };
};
