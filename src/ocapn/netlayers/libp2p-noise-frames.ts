// libp2p's own Noise (@chainsafe/libp2p-noise: handshake, keys, peer id
// check, encryption and decryption all theirs), with one change after the
// handshake: the splitting of the byte stream into Noise messages (a
// 2-byte big-endian length, then that many bytes) is done by
// NoiseFrameDecoder below instead of libp2p's length-prefixed decoder.
//
// Why: libp2p's decoder learns that it has used up its buffer by calling a
// length reader that throws a RangeError on fewer than 2 bytes, so every
// read from the socket builds one Error with its stack: about a tenth of
// the CPU of a small round trip. Ours checks the length instead. The bytes
// handed to Noise's decrypt are the same, frame by frame.
//
// A connection whose decoder is not found where expected (another
// @chainsafe/libp2p-noise) keeps libp2p's: slower, not wrong.

import { noise, type NoiseInit } from '@chainsafe/libp2p-noise';
import type { ConnectionEncrypter, SecuredConnection } from '@libp2p/interface';
import { delegateTo } from './delegate-to.js';

type NoiseComponents = Parameters<ReturnType<typeof noise>>[0];

/** Most bytes waiting for the end of a message, as libp2p's Noise allows (16 MiB). */
export const MAX_NOISE_BUFFER_BYTES = 16 * 1024 * 1024;

/** A chunk as libp2p passes it: bytes, or a list of byte arrays (Uint8ArrayList). */
export type NoiseChunk = Uint8Array | { readonly byteLength: number; subarray(): Uint8Array };

const concatenate = (pieces: readonly Uint8Array[], total: number): Uint8Array => {
  if (pieces.length === 1) return pieces[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    bytes.set(piece, at);
    at += piece.byteLength;
  }
  return bytes;
};

/**
 * Splits a byte stream into Noise messages. Partial data is kept as a list
 * of the chunks received and joined once a whole message is there, so a
 * message trickling in byte by byte costs linear, not quadratic, copying.
 */
export class NoiseFrameDecoder {
  #pieces: Uint8Array[] = [];
  #buffered = 0;

  /** The messages that `chunk` completes, in order (empty messages are skipped, as libp2p does). */
  *decode(chunk: NoiseChunk): Generator<Uint8Array, void, undefined> {
    const bytes = chunk instanceof Uint8Array ? chunk : chunk.subarray();
    if (bytes.byteLength === 0) return;
    this.#pieces.push(bytes);
    this.#buffered += bytes.byteLength;
    if (this.#buffered > MAX_NOISE_BUFFER_BYTES) {
      throw RangeError(`Noise read buffer of ${this.#buffered} bytes is over its limit of ${MAX_NOISE_BUFFER_BYTES}`);
    }
    while (this.#buffered >= 2) {
      const length = this.#readLength();
      if (this.#buffered < 2 + length) return;
      const joined = concatenate(this.#pieces, this.#buffered);
      const message = joined.subarray(2, 2 + length);
      const rest = joined.subarray(2 + length);
      this.#pieces = rest.byteLength === 0 ? [] : [rest];
      this.#buffered = rest.byteLength;
      if (length > 0) yield message;
    }
  }

  /** The big-endian length in the first two buffered bytes (they may lie in two pieces). */
  #readLength(): number {
    const first = this.#pieces[0]!;
    const high = first[0]!;
    const low = first.byteLength > 1 ? first[1]! : this.#pieces[1]![0]!;
    return (high << 8) | low;
  }
}

/** Puts a NoiseFrameDecoder in place of libp2p's in a secured connection; false if it has none where expected. */
export const useNoiseFrameDecoder = (connection: unknown): boolean => {
  const current = (connection as { decoder?: { decode?: unknown } } | null)?.decoder;
  if (typeof current?.decode !== 'function') return false;
  Object.defineProperty(connection, 'decoder', { configurable: true, writable: true, value: new NoiseFrameDecoder() });
  return true;
};

/**
 * A connection encrypter factory like `noise(init)` (same handshake, keys,
 * checks and wire bytes) whose connections split Noise messages with
 * NoiseFrameDecoder.
 */
export const noiseWithFrameDecoder =
  (init?: NoiseInit) =>
  (components: NoiseComponents): ConnectionEncrypter => {
    const inner = noise(init)(components);
    const adopt = <T extends SecuredConnection>(secured: T): T => {
      useNoiseFrameDecoder(secured.connection);
      return secured;
    };
    return delegateTo(inner, {
      secureInbound: async (...args: Parameters<ConnectionEncrypter['secureInbound']>) => adopt(await inner.secureInbound(...args)),
      secureOutbound: async (...args: Parameters<ConnectionEncrypter['secureOutbound']>) => adopt(await inner.secureOutbound(...args)),
    });
  };
