// libp2p's own yamux (@chainsafe/libp2p-yamux: frames, streams, flow
// control all theirs), with one change: a stream tells the peer it may send
// more (a WindowUpdate frame), once its window has grown to its maximum,
// only after it has taken in 16 KiB (or half the window, if less) since
// the last update, instead of after every data frame.
//
// Why: stock js yamux answers each data frame with a window update, so a
// small OCapN message costs two yamux frames, two Noise encryptions and two
// decryptions each way. A window update is advisory: the peer may send what
// it was granted, so granting in larger steps is understood by any yamux
// peer. Why 16 KiB and not half the window (Go's rule): small messages
// still share one update among a hundred or so, while bulk data (frames of
// 16 KiB and more) is granted as promptly as stock yamux grants it.
//
// While a stream's window is still growing towards its maximum, every
// update goes out as stock yamux sends it: yamux doubles the window only
// when it sends an update soon after the last, so a fast sender (a flood
// from the first moment) gets its larger windows as early as from stock.
//
// Unchanged: updates that carry flags (SYN, ACK) go out at once; a paused
// stream grants nothing; a data frame over what we granted is still
// refused by yamux's own check, and since we grant no more than stock
// yamux does, a paused stream buffers no more than before.
//
// A stream or muxer not shaped as expected (another @chainsafe/libp2p-yamux)
// keeps stock behaviour: slower, not wrong.

import { yamux } from '@chainsafe/libp2p-yamux';
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream';
import type { StreamMuxer, StreamMuxerFactory } from '@libp2p/interface';
import { delegateTo } from './delegate-to.js';

type YamuxInit = Parameters<typeof yamux>[0];

/** The fields of a yamux stream that the window update reads and writes. */
type WindowedStream = {
  state: StreamState;
  recvWindow: number;
  recvWindowCapacity: number;
  maxStreamWindowSize: number;
  sendWindowUpdate: () => void;
};

const isWindowedStream = (stream: unknown): stream is WindowedStream => {
  const candidate = stream as Partial<WindowedStream> | null;
  return (
    stream instanceof YamuxStream &&
    typeof candidate?.sendWindowUpdate === 'function' &&
    typeof candidate.recvWindow === 'number' &&
    typeof candidate.recvWindowCapacity === 'number' &&
    typeof candidate.maxStreamWindowSize === 'number' &&
    typeof candidate.state === 'number'
  );
};

/** Bytes taken in after which a window update goes out (or half the window, if less). */
export const WINDOW_UPDATE_STEP_BYTES = 16 * 1024;

/** States in which yamux's next frame carries a flag (SYN or ACK) that must not wait. */
const statesWithFlagsToSend: ReadonlySet<StreamState> = new Set([StreamState.Init, StreamState.SYNReceived]);

/**
 * Makes one yamux stream send its window updates once it has taken in
 * WINDOW_UPDATE_STEP_BYTES, or half its window if less (at once when flags
 * are due); false, and nothing changed, if the stream is not a yamux stream
 * as expected.
 */
export const useStepWindowUpdates = (stream: unknown): boolean => {
  if (!isWindowedStream(stream)) return false;
  const stockSendWindowUpdate = stream.sendWindowUpdate;
  const sendWindowUpdate = function (this: WindowedStream): void {
    // Paused and flagged states go to yamux's own method (it grants nothing while paused),
    // and so does a window still growing: yamux doubles it only when it sends an update.
    const plain = this.state !== StreamState.Paused && !statesWithFlagsToSend.has(this.state);
    const grown = this.recvWindow >= this.maxStreamWindowSize;
    const unacknowledged = this.recvWindow - this.recvWindowCapacity;
    if (plain && grown && unacknowledged < Math.min(WINDOW_UPDATE_STEP_BYTES, this.recvWindow / 2)) return;
    Reflect.apply(stockSendWindowUpdate, this, []);
  };
  Object.defineProperty(stream, 'sendWindowUpdate', { configurable: true, writable: true, value: sendWindowUpdate });
  return true;
};

/**
 * Makes every stream a yamux muxer creates (ours and the peer's) use
 * useStepWindowUpdates; false, and nothing changed, if the muxer has no
 * stream constructor where expected.
 */
export const useStepWindowUpdatesOnMuxer = (muxer: unknown): boolean => {
  const target = muxer as { _newStream?: unknown } | null;
  const makeStream = target?._newStream;
  if (typeof makeStream !== 'function') return false;
  const newStream = function (this: unknown, ...args: unknown[]): unknown {
    const stream: unknown = Reflect.apply(makeStream, this, args);
    useStepWindowUpdates(stream);
    return stream;
  };
  Object.defineProperty(target, '_newStream', { configurable: true, writable: true, value: newStream });
  return true;
};

/**
 * A stream muxer factory like `yamux(init)` (same protocol id, frames and
 * limits) whose streams send window updates in steps (see useStepWindowUpdates).
 */
export const yamuxWithStepWindowUpdates =
  (init?: YamuxInit) =>
  (): StreamMuxerFactory => {
    const inner: StreamMuxerFactory = yamux(init)();
    return delegateTo(inner, {
      createStreamMuxer: (...args: Parameters<StreamMuxerFactory['createStreamMuxer']>): StreamMuxer => {
        const muxer = inner.createStreamMuxer(...args);
        useStepWindowUpdatesOnMuxer(muxer);
        return muxer;
      },
    });
  };
