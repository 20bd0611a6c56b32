// Bounds how long a peer may keep a frame (a message it has begun) open:
// the whole frame must arrive within frameTimeoutMs of its first byte, and
// no gap inside it may exceed frameIdleTimeoutMs. Without this a peer that
// sends `16777216:{` and then nothing holds the connection (and whatever
// the framing buffers) forever. One lazily armed timer per connection and
// a clock read per chunk that ends inside a frame; a chunk ending on a
// frame boundary costs nothing.

import { makeFrameIdleError, makeFrameTimeoutError, type TransportLimits } from './limits.js';

export type FrameDeadlineHooks = {
  limits: Pick<TransportLimits, 'frameTimeoutMs' | 'frameIdleTimeoutMs'>;
  /** How far the frame in progress has come; undefined on a frame boundary. */
  progress: () => { received: number; claimed: number | undefined } | undefined;
  /** Ends the connection because of `reason` (which names the option). */
  expire: (reason: Error) => void;
};

export type FrameDeadline = {
  /**
   * Call after each chunk is decoded, saying whether the chunk completed
   * at least one frame (then any frame still open began in this chunk).
   */
  afterChunk: (completedFrame: boolean) => void;
  /**
   * While we have paused reading (backpressure), a frame left incomplete
   * is our doing, not the peer's: hold() stops the clock, release() gives
   * the open frame its whole time again from then.
   */
  hold: () => void;
  release: () => void;
  /** Stops the timer (the connection is closed). */
  stop: () => void;
};

export const makeFrameDeadline = (hooks: FrameDeadlineHooks): FrameDeadline => {
  const { frameTimeoutMs, frameIdleTimeoutMs } = hooks.limits;
  let frameStartedAt: number | undefined;
  let lastBytesAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let holding = false;

  const arm = (delay: number): void => {
    timer = setTimeout(onTimer, Math.max(delay, 1));
    timer.unref();
  };

  function onTimer(): void {
    timer = undefined;
    if (stopped || holding) return; // release() re-arms
    const progress = hooks.progress();
    if (progress === undefined || frameStartedAt === undefined) return; // no frame open: stay disarmed
    const now = Date.now();
    const frameEnds = frameStartedAt + frameTimeoutMs;
    const idleEnds = lastBytesAt + frameIdleTimeoutMs;
    if (now >= frameEnds) {
      stopped = true;
      hooks.expire(makeFrameTimeoutError(progress.received, progress.claimed, frameTimeoutMs));
    } else if (now >= idleEnds) {
      stopped = true;
      hooks.expire(makeFrameIdleError(progress.received, progress.claimed, frameIdleTimeoutMs));
    } else {
      arm(Math.min(frameEnds, idleEnds) - now);
    }
  }

  const afterChunk = (completedFrame: boolean): void => {
    if (stopped) return;
    if (hooks.progress() === undefined) {
      // On a boundary: a timer still armed finds no frame and lapses.
      frameStartedAt = undefined;
      return;
    }
    const now = Date.now();
    if (completedFrame || frameStartedAt === undefined) frameStartedAt = now;
    lastBytesAt = now;
    if (timer === undefined) arm(Math.min(frameTimeoutMs, frameIdleTimeoutMs));
  };

  const hold = (): void => {
    holding = true;
  };

  const release = (): void => {
    if (!holding) return;
    holding = false;
    if (stopped || frameStartedAt === undefined || hooks.progress() === undefined) return;
    const now = Date.now();
    frameStartedAt = now;
    lastBytesAt = now;
    if (timer === undefined) arm(Math.min(frameTimeoutMs, frameIdleTimeoutMs));
  };

  const stop = (): void => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  return { afterChunk, hold, release, stop };
};
