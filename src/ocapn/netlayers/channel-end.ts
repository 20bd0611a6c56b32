// The once-only end of an OCapN channel, shared by the netlayers: the first
// cause to end a channel (the peer's close, a reset, a send limit, our own
// close) is the one the session hears, once, on a later turn — never from
// inside a socket's event or the caller's frame.

export type ChannelEnd = {
  /** True once the channel has ended. */
  readonly ended: () => boolean;
  /** Ends the channel with this reason unless it already ended; returns whether this call ended it. */
  readonly end: (reason: Error | undefined) => boolean;
  /** Sets the session's close handler (once); if the channel already ended it hears so on a later turn. */
  readonly onClose: (handler: (reason: Error | undefined) => void) => void;
};

export const makeChannelEnd = (): ChannelEnd => {
  let closeHandler: ((reason: Error | undefined) => void) | undefined;
  let handlerSet = false;
  let ended = false;
  let endReason: Error | undefined;

  const reportClose = (): void => {
    const handler = closeHandler;
    if (handler === undefined) return;
    closeHandler = undefined;
    handler(endReason);
  };

  return {
    ended: () => ended,
    end(reason) {
      if (ended) return false;
      ended = true;
      endReason = reason;
      queueMicrotask(reportClose);
      return true;
    },
    onClose(handler) {
      if (handlerSet) throw Error('onClose is set once per OCapN channel');
      handlerSet = true;
      closeHandler = handler;
      if (ended) queueMicrotask(reportClose);
    },
  };
};
