// Messages framed as sequential Syrup byte strings: the payload's length in
// ASCII decimal, ':', then exactly that many bytes, and nothing between
// frames (the framing the OCapN plenary of 2026-04-14 agreed on for
// netlayers without their own, and @endo/ocapn's tcp-testing-only default).
//
// The reader takes bytes from an untrusted peer. It accepts a length only
// in Syrup's canonical form (no leading zero; "0" alone is the empty
// frame), stops reading digits as soon as their value passes maxFrameBytes
// (so a 20-digit length fails at its ninth digit, not its twentieth), and
// allocates for a frame only as its bytes arrive (a buffer at most twice
// what came, up to the frame's length), so a peer that claims a big frame
// and trickles it costs what it sent. A frame inside one chunk is handed
// on as a view of that chunk, without a copy.

const COLON = 0x3a;
const ZERO = 0x30;
const NINE = 0x39;

/** Smallest buffer started for a frame split across reads (then doubled as bytes come). */
const FIRST_PARTIAL_BYTES = 1024;

/** The bytes before a payload of `length` bytes: `${length}:` in ASCII. */
export const syrupFramePrefix = (length: number): Uint8Array => Buffer.from(`${length}:`, 'latin1');

/** `bytes` as one frame, prefix and payload in one array (for tests and callers that cannot write twice). */
export const encodeSyrupFrame = (bytes: Uint8Array): Uint8Array => {
  const prefix = syrupFramePrefix(bytes.length);
  const frame = new Uint8Array(prefix.length + bytes.length);
  frame.set(prefix, 0);
  frame.set(bytes, prefix.length);
  return frame;
};

export interface SyrupFrameReader {
  /**
   * Reads a chunk of the stream, calling onFrame with each payload it
   * completes, in order (empty frames are skipped). Returns undefined, or
   * what is wrong with the stream ("sent a bad Syrup frame length: ...");
   * after a problem the reader reads nothing more and returns it again.
   */
  push(chunk: Uint8Array): string | undefined;
  /** At the end of the stream: undefined between frames, else "in the middle of a Syrup frame (...)" (or the problem push returned). */
  unfinished(): string | undefined;
}

const describeByte = (byte: number): string =>
  byte >= 0x20 && byte < 0x7f ? `${JSON.stringify(String.fromCharCode(byte))} (0x${byte.toString(16).padStart(2, '0')})` : `0x${byte.toString(16).padStart(2, '0')}`;

export const makeSyrupFrameReader = (maxFrameBytes: number, onFrame: (payload: Uint8Array) => void): SyrupFrameReader => {
  if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 1) {
    throw RangeError(`maxFrameBytes must be a positive safe integer, got ${String(maxFrameBytes)}`);
  }
  /** Where in the stream the current frame began (for reasons). */
  let frameStart = 0;
  /** Bytes of the stream read before the current chunk. */
  let streamOffset = 0;
  let problem: string | undefined;

  // Reading the length prefix:
  let digits = 0;
  let length = 0;
  // Reading the payload (after ':'):
  let inPayload = false;
  /** The frame so far when it is split across reads; allocated as bytes arrive. */
  let partial: Uint8Array | undefined;
  let filled = 0;

  const startFrame = (at: number): void => {
    frameStart = at;
    digits = 0;
    length = 0;
    inPayload = false;
    partial = undefined;
    filled = 0;
  };

  const fail = (what: string): string => {
    problem = what;
    partial = undefined;
    return what;
  };

  /** Keeps bytes of a frame that is not complete yet, growing the buffer to at most twice what arrived. */
  const keep = (bytes: Uint8Array): void => {
    const wanted = filled + bytes.length;
    if (partial === undefined || partial.length < wanted) {
      const capacity = Math.min(length, Math.max(wanted, (partial?.length ?? 0) * 2, FIRST_PARTIAL_BYTES));
      const grown = new Uint8Array(capacity);
      if (partial !== undefined) grown.set(partial.subarray(0, filled), 0);
      partial = grown;
    }
    partial.set(bytes, filled);
    filled = wanted;
  };

  const push = (chunk: Uint8Array): string | undefined => {
    if (problem !== undefined) return problem;
    const end = chunk.length;
    // Counted first, so a throwing onFrame leaves the offsets right.
    const base = streamOffset;
    streamOffset += end;
    let at = 0;
    while (at < end) {
      if (!inPayload) {
        while (at < end) {
          const byte = chunk[at]!;
          at += 1;
          if (byte === COLON) {
            if (digits === 0) return fail(`sent a bad Syrup frame length: ":" with no digits before it, at byte ${base + at - 1} of the stream`);
            inPayload = true;
            break;
          }
          if (byte < ZERO || byte > NINE) {
            const expected = digits === 0 ? 'a digit' : 'a digit or ":"';
            return fail(`sent a bad Syrup frame length: ${describeByte(byte)} where ${expected} belongs, at byte ${base + at - 1} of the stream`);
          }
          if (digits === 1 && length === 0) {
            return fail(`sent a bad Syrup frame length: a leading zero, at byte ${frameStart} of the stream`);
          }
          length = length * 10 + (byte - ZERO);
          digits += 1;
          if (length > maxFrameBytes) {
            return fail(`sent a Syrup frame over its limit: a length of ${digits} digits reading more than maxFrameBytes (${maxFrameBytes}), at byte ${frameStart} of the stream`);
          }
        }
        if (!inPayload) break;
        if (length === 0) {
          startFrame(base + at);
          continue;
        }
      }
      const needed = length - filled;
      const available = end - at;
      if (partial === undefined && available >= needed) {
        const payload = chunk.subarray(at, at + needed);
        at += needed;
        startFrame(base + at);
        onFrame(payload);
        continue;
      }
      const taken = Math.min(available, needed);
      keep(chunk.subarray(at, at + taken));
      at += taken;
      if (filled === length) {
        const payload = partial!;
        startFrame(base + at);
        onFrame(payload);
      }
    }
    return undefined;
  };

  const unfinished = (): string | undefined => {
    if (problem !== undefined) return problem;
    if (inPayload) return `in the middle of a Syrup frame (${filled} of its ${length} bytes came; it began at byte ${frameStart} of the stream)`;
    if (digits > 0) return `in the middle of a Syrup frame's length ("${length}" so far, from byte ${frameStart} of the stream)`;
    return undefined;
  };

  return { push, unfinished };
};
