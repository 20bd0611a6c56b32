// What a session sends, in order, on its channel. Our op:start-session goes
// first: messages made before it (an answering session waits for the
// peer's) are held until it is out. After that, the messages made in one
// turn go out in one channel write (one syscall, one read event at the
// peer) at the end of the turn, or sooner once 64 KiB are waiting; the
// session's GC ops ride along at the end (beforeFlush). On a channel that
// frames each write as one message, they go out one write each (the
// channel gathers a turn's frames into one syscall itself).

import { SyrupWriter } from './syrup/index.js';
import type { OcapnChannel } from './netlayer.js';

const FLUSH_BYTES = 64 * 1024;

export interface SessionOutbox {
  /** Encodes one message with `write` and sends it (or holds it before our hello). Throws if it cannot be encoded. */
  send(write: (writer: SyrupWriter) => void): void;
  /** Writes our op:start-session, then what was held for it. */
  sendHello(hello: Uint8Array): void;
  readonly helloSent: boolean;
  /** True while a flush at the end of this turn is on its way. */
  readonly flushScheduled: boolean;
  /** Writes what waits, then `last` (an op:abort) if given, and sends nothing more. */
  close(last?: Uint8Array): void;
}

export const makeSessionOutbox = (channel: OcapnChannel, beforeFlush: () => void): SessionOutbox => {
  const writer = new SyrupWriter();
  let writing = false;
  let closed = false;
  let helloSent = false;
  /** Messages made before our op:start-session went out. */
  let heldForHello: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let flushScheduled = false;

  const writePending = (): void => {
    if (pending.length === 0) return;
    const messages = pending;
    pending = [];
    if (channel.framesMessages === true) {
      pendingBytes = 0;
      for (const message of messages) channel.write(message);
      return;
    }
    const chunk = messages.length === 1 ? messages[0]! : Buffer.concat(messages, pendingBytes);
    pendingBytes = 0;
    channel.write(chunk);
  };

  const flush = (): void => {
    flushScheduled = false;
    if (closed) return;
    beforeFlush();
    writePending();
  };

  const encode = (write: (writer: SyrupWriter) => void): Uint8Array => {
    // Encoding never sends, but keep a nested send from sharing the buffer.
    const own = writing ? new SyrupWriter() : writer;
    const outer = writing;
    writing = true;
    own.reset();
    try {
      write(own);
      return own.toBytes();
    } finally {
      writing = outer;
      own.reset();
    }
  };

  return {
    send(write) {
      if (closed) return;
      const bytes = encode(write);
      if (!helloSent) {
        heldForHello.push(bytes);
        return;
      }
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
      else if (!flushScheduled) {
        flushScheduled = true;
        queueMicrotask(flush);
      }
    },
    sendHello(hello) {
      if (closed || helloSent) return;
      channel.write(hello);
      helloSent = true;
      const held = heldForHello;
      heldForHello = [];
      for (const bytes of held) channel.write(bytes);
    },
    get helloSent() {
      return helloSent;
    },
    get flushScheduled() {
      return flushScheduled;
    },
    close(last) {
      if (closed) return;
      closed = true;
      heldForHello = [];
      // What was sent before the end goes out first, as it would have unbatched.
      try {
        writePending();
        if (last !== undefined) channel.write(last);
      } catch {
        // The channel is gone already.
      }
      pending = [];
      pendingBytes = 0;
    },
  };
};
