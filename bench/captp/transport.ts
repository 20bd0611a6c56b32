// The in-process transport every captp-suite contestant talks through: two
// ends that exchange JSON *strings*, each message delivered in a microtask
// of its own (queueMicrotask per message, never batched), and a count of
// the strings sent either way, for the "messages per call" rows.
// Contestants stringify and parse at the ends they plug in, so the same
// JSON work is paid by all of them.

/** One end of the pipe. */
export interface StringEnd {
  /** Sends a string to the other end; it arrives in a later microtask. */
  send(text: string): void;
  /** Sets who receives the strings sent to this end (one receiver at a time). */
  onReceive(receiver: (text: string) => void): void;
}

export interface StringPipe {
  left: StringEnd;
  right: StringEnd;
  /** Strings sent so far, both directions together. */
  sent(): number;
}

export const makeStringPipe = (): StringPipe => {
  let count = 0;
  const makeEnd = () => {
    let receiver: (text: string) => void = () => {
      throw Error('no receiver attached to this end of the pipe');
    };
    const deliverTo = (text: string) => queueMicrotask(() => receiver(text));
    return { deliverTo, setReceiver: (r: (text: string) => void) => (receiver = r) };
  };
  const leftInbox = makeEnd();
  const rightInbox = makeEnd();
  const endOf = (inbox: ReturnType<typeof makeEnd>, peerInbox: ReturnType<typeof makeEnd>): StringEnd => ({
    send(text) {
      count += 1;
      peerInbox.deliverTo(text);
    },
    onReceive(receiver) {
      inbox.setReceiver(receiver);
    },
  });
  return { left: endOf(leftInbox, rightInbox), right: endOf(rightInbox, leftInbox), sent: () => count };
};
