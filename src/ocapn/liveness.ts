// A session's liveness limit: how long a peer we are waiting on may stay
// silent before we take it as gone (stalled, partitioned, its machine
// dead without a reset reaching us).
//
// The OCapN draft has no ping, and no operation makes a peer answer at once
// without touching its objects (op:listen MUST name a promise and waits for
// it; op:deliver runs a method), so a session cannot probe. It can only
// watch: while we wait on the peer (its op:start-session, or answers to
// our questions) something must arrive within livenessTimeoutMs — any
// message counts, so a peer answering other questions or sending its own
// is alive. A session that waits on nothing is never timed out: an idle
// session costs a socket, not a promise anyone waits on.
//
// What this cannot tell apart: a live peer whose one answer takes longer
// than the limit while it sends nothing else (a long poll). Such uses raise
// the limit, or set Infinity and rely on the netlayer's keepalive (libp2p
// pings every connection, see netlayers/libp2p.ts).

/** Default liveness limit: 5 minutes of silence from a peer that owes us answers. */
export const DEFAULT_OCAPN_LIVENESS_TIMEOUT_MS = 300_000;

/** The option's value checked: a whole number of ms of at least 1, or Infinity (no limit). */
export const checkLivenessTimeout = (value: unknown): number => {
  if (value === undefined) return DEFAULT_OCAPN_LIVENESS_TIMEOUT_MS;
  if (typeof value !== 'number' || !(value === Infinity || (Number.isSafeInteger(value) && value >= 1))) {
    throw TypeError(`The livenessTimeoutMs option of makeOcapn must be a whole number of ms of at least 1, or Infinity: ${String(value)}`);
  }
  return value;
};

export interface LivenessWatch {
  /** Something arrived from the peer, or we started waiting on it: the silence starts again. */
  heard(): void;
  /** Stops watching (the session ended). */
  stop(): void;
}

/**
 * Calls `onSilent(ms)` once when `isWaiting()` and nothing was heard for
 * `limitMs`. The timer does not keep the process alive.
 */
export const watchLiveness = (limitMs: number, isWaiting: () => boolean, onSilent: (silentMs: number) => void): LivenessWatch => {
  let quietSince = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = (ms: number): void => {
    // setTimeout takes at most 2^31-1 ms; a longer limit is checked in steps.
    timer = setTimeout(check, Math.min(ms, 0x7fffffff));
    timer.unref();
  };
  function check(): void {
    timer = undefined;
    if (!isWaiting()) {
      // When waiting starts, heard() restarts the clock: the deadline is then at most limitMs away.
      schedule(limitMs);
      return;
    }
    const silent = Date.now() - quietSince;
    if (silent >= limitMs) onSilent(silent);
    else schedule(limitMs - silent);
  }
  if (limitMs !== Infinity) schedule(limitMs);
  return {
    heard: () => {
      quietSince = Date.now();
    },
    stop: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
};
