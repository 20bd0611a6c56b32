// A trapHost and a trapGuest for two threads sharing a SharedArrayBuffer:
// the host (its CapTP is the one with makeTrapHandler objects) writes the
// JSON of a Trap call's completion into the buffer, one slice per
// iteration step; the guest, blocked in Atomics.wait, copies each slice
// and asks for the next (CTP_TRAP_ITERATE) until the last. So a result
// larger than the buffer still arrives whole.
//
// Buffer layout: a 64-bit count of bytes still to come (this slice
// included), a 32-bit status word the guest waits on, then the data.

import { Fail, q } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import type { TrapCompletion, TrapGuest, TrapHost } from './types.js';

/** The smallest data area that still works (one byte per iteration). */
export const MIN_DATA_BUFFER_LENGTH = 1;
/** Bytes before the data area: the remaining count and the status word. */
export const TRANSFER_OVERHEAD_LENGTH = BigUint64Array.BYTES_PER_ELEMENT + Int32Array.BYTES_PER_ELEMENT;
export const MIN_TRANSFER_BUFFER_LENGTH = MIN_DATA_BUFFER_LENGTH + TRANSFER_OVERHEAD_LENGTH;

// Status word values (bit flags once a slice is ready).
const WAITING = 1;
const LAST_SLICE = 2;
const REJECTED = 4;

const viewsOf = (transferBuffer: SharedArrayBuffer) => {
  if (transferBuffer.byteLength < MIN_TRANSFER_BUFFER_LENGTH) {
    Fail`Transfer buffer of ${q(transferBuffer.byteLength)} bytes is smaller than MIN_TRANSFER_BUFFER_LENGTH ${q(MIN_TRANSFER_BUFFER_LENGTH)}`;
  }
  const remaining = new BigUint64Array(transferBuffer, 0, 1);
  const status = new Int32Array(transferBuffer, BigUint64Array.BYTES_PER_ELEMENT, 1);
  const data = new Uint8Array(transferBuffer, TRANSFER_OVERHEAD_LENGTH);
  return { remaining, status, data };
};

/** The host half: pair it with makeAtomicsTrapGuest on the same buffer. */
export const makeAtomicsTrapHost = (transferBuffer: SharedArrayBuffer): TrapHost => {
  const { remaining, status, data } = viewsOf(transferBuffer);
  const encoder = new TextEncoder();
  // An async generator: it starts on the guest's first `next` and writes a
  // slice per step; the guest's `return`/`throw` ends it early.
  async function* serveSlices([isReject, serialized]: TrapCompletion): AsyncGenerator<void, void, unknown> {
    const bytes = encoder.encode(JSON.stringify(serialized));
    let offset = 0;
    for (;;) {
      const slice = bytes.subarray(offset, offset + data.length);
      data.set(slice);
      remaining[0] = BigInt(bytes.length - offset);
      offset += slice.length;
      const last = offset >= bytes.length;
      // eslint-disable-next-line no-bitwise
      Atomics.store(status, 0, (isReject ? REJECTED : 0) | (last ? LAST_SLICE : 0));
      Atomics.notify(status, 0);
      if (last) return;
      yield;
    }
  }
  return harden(serveSlices) as TrapHost;
};

/**
 * The most bytes of one completion's JSON a guest accepts by default: room
 * for the largest body marshal decodes (16 MiB of UTF-16, up to 3 bytes
 * each in UTF-8) and its slots.
 */
export const DEFAULT_MAX_TRAP_COMPLETION_LENGTH = 64 * 1024 * 1024;

export type AtomicsTrapGuestOptions = {
  /** The most bytes of one completion (default DEFAULT_MAX_TRAP_COMPLETION_LENGTH). */
  maxCompletionLength?: number;
};

/**
 * The guest half: blocks this thread until the host has written the whole
 * completion. The host's claimed remaining length is only checked, never
 * allocated from: the guest keeps the slices that actually arrived, and
 * refuses a claim over maxCompletionLength or one that does not shrink by
 * each slice's length.
 */
export const makeAtomicsTrapGuest = (
  transferBuffer: SharedArrayBuffer,
  { maxCompletionLength = DEFAULT_MAX_TRAP_COMPLETION_LENGTH }: AtomicsTrapGuestOptions = {},
): TrapGuest => {
  if (!(typeof maxCompletionLength === 'number' && maxCompletionLength >= 1)) {
    Fail`maxCompletionLength must be a number of at least 1: ${q(maxCompletionLength)}`;
  }
  const { remaining, status, data } = viewsOf(transferBuffer);
  const decoder = new TextDecoder('utf-8');
  return harden(({ startTrap }) => {
    const steps = startTrap();
    const slices: Uint8Array[] = [];
    let filled = 0;
    let flags = 0;
    /** What the host said was left before this slice, checked against the previous claim. */
    let expected: number | undefined;
    try {
      for (;;) {
        Atomics.store(status, 0, WAITING);
        steps.next();
        Atomics.wait(status, 0, WAITING);
        flags = Atomics.load(status, 0);
        const claimed = remaining[0]!;
        if (claimed > BigInt(maxCompletionLength - filled)) {
          Fail`Trap host claims ${q(String(claimed))} more bytes: over the guest's maxCompletionLength ${q(maxCompletionLength)}`;
        }
        const left = Number(claimed);
        if (expected !== undefined && left !== expected) {
          Fail`Trap host claims ${q(left)} bytes left where ${q(expected)} were`;
        }
        const length = Math.min(left, data.length);
        // A copy of what arrived, no larger than the buffer.
        slices.push(data.slice(0, length));
        filled += length;
        expected = left - length;
        // eslint-disable-next-line no-bitwise
        if (flags & LAST_SLICE) {
          if (expected !== 0) Fail`Trap host ended its completion with ${q(expected)} bytes still claimed`;
          break;
        }
      }
    } finally {
      // Lets the host clean up; harmless if its generator has finished.
      steps.throw(null);
    }
    let whole = slices[0]!;
    if (slices.length > 1) {
      whole = new Uint8Array(filled);
      let offset = 0;
      for (const slice of slices) {
        whole.set(slice, offset);
        offset += slice.length;
      }
    }
    // eslint-disable-next-line no-bitwise
    const isReject = (flags & REJECTED) !== 0;
    return [isReject, JSON.parse(decoder.decode(whole))] as TrapCompletion;
  });
};
