// The send-buffer policy every transport applies: what we have written but
// the peer has not read is measured after each write (and while paused, on
// a short poll). Above the high-water mark we stop reading from that peer,
// so a peer that asks for answers but never reads them stops being served;
// once the buffer is down to half the mark we read again. A peer that
// leaves it above the mark for sendDrainTimeoutMs is disconnected, and a
// buffer above maxSendBufferBytes (answers already on their way when we
// paused) is disconnected at once. The transport supplies how to measure,
// pause, resume and disconnect, so any byte or message transport reuses it.

import {
  makeDrainTimeoutError,
  makeSendBufferOverflowError,
  type TransportLimits,
} from './limits.js';

/** How often a paused connection looks at its send buffer again, in ms. */
const PAUSED_POLL_MS = 20;

export type SendBufferHooks = {
  limits: Pick<TransportLimits, 'sendHighWaterBytes' | 'sendDrainTimeoutMs' | 'maxSendBufferBytes'>;
  /** Bytes written but not yet taken by the peer (socket.writableLength, ws bufferedAmount). */
  bufferedBytes: () => number;
  /** Stops reading from the peer. */
  pauseReading: () => void;
  /** Reads from the peer again. */
  resumeReading: () => void;
  /** Ends the connection because of `reason` (a limit, named in its message). */
  disconnect: (reason: Error) => void;
};

export type SendBufferGuard = {
  /** Looks at the send buffer: call after each write and whenever it may have drained. */
  check: () => void;
  /** True while reading is paused because the peer is not reading. */
  isPaused: () => boolean;
  /** The largest send buffer seen by check(), in bytes. */
  highestBuffered: () => number;
  /** Stops the timers (the connection is closed). */
  stop: () => void;
};

export const makeSendBufferGuard = (hooks: SendBufferHooks): SendBufferGuard => {
  const { sendHighWaterBytes, sendDrainTimeoutMs, maxSendBufferBytes } = hooks.limits;
  const lowWaterBytes = Math.floor(sendHighWaterBytes / 2);
  let paused = false;
  let stopped = false;
  let highest = 0;
  let poll: ReturnType<typeof setInterval> | undefined;
  let drainDeadline: ReturnType<typeof setTimeout> | undefined;

  const clearTimers = (): void => {
    if (poll !== undefined) clearInterval(poll);
    if (drainDeadline !== undefined) clearTimeout(drainDeadline);
    poll = undefined;
    drainDeadline = undefined;
  };

  const stop = (): void => {
    stopped = true;
    clearTimers();
  };

  const giveUp = (reason: Error): void => {
    stop();
    hooks.disconnect(reason);
  };

  const pause = (): void => {
    paused = true;
    hooks.pauseReading();
    poll = setInterval(check, PAUSED_POLL_MS);
    drainDeadline = setTimeout(() => {
      if (paused && !stopped) giveUp(makeDrainTimeoutError(hooks.bufferedBytes(), sendHighWaterBytes, sendDrainTimeoutMs));
    }, sendDrainTimeoutMs);
    // The connection's own handles keep the process alive, not these timers.
    poll.unref();
    drainDeadline.unref();
  };

  const resume = (): void => {
    paused = false;
    clearTimers();
    hooks.resumeReading();
  };

  function check(): void {
    if (stopped) return;
    const buffered = hooks.bufferedBytes();
    if (buffered > highest) highest = buffered;
    if (buffered > maxSendBufferBytes) giveUp(makeSendBufferOverflowError(buffered, maxSendBufferBytes));
    else if (!paused && buffered > sendHighWaterBytes) pause();
    else if (paused && buffered <= lowWaterBytes) resume();
  }

  return { check, isPaused: () => paused, highestBuffered: () => highest, stop };
};
