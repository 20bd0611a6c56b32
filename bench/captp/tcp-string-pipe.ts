// The string pipe of ./transport.ts, but over a real TCP socket on
// 127.0.0.1 with each string framed as a netstring (`<length>:<UTF-8>,`):
// what the @endo/captp, capnweb and JSON-floor contestants of the
// captp-tcp suite talk through. The framer is written here (no
// @endo/netstring installed) and kept lean, so that it is not what those
// contestants are measured on: one socket write per string, frames parsed
// straight out of the received chunks.
import type { Socket } from 'node:net';
import type { StringEnd } from './transport.js';
import type { OpenPipe } from './open-pipe.js';
import { openLoopbackSockets } from './tcp-loopback.js';

const COLON = 0x3a;
const COMMA = 0x2c;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const EMPTY: Buffer = Buffer.alloc(0);

/** The decimal length between `from` and the colon, or throws. */
const readLength = (bytes: Buffer, from: number, colon: number): number => {
  if (colon === from || colon - from > 10) throw Error('Malformed netstring length');
  let length = 0;
  for (let i = from; i < colon; i += 1) {
    const byte = bytes[i];
    if (byte < DIGIT_0 || byte > DIGIT_9) throw Error('Malformed netstring length');
    length = length * 10 + (byte - DIGIT_0);
  }
  return length;
};

/** One end of the pipe over `socket`; `onSent` is told of every string sent. */
const makeFramedEnd = (socket: Socket, onSent: () => void): StringEnd => {
  let receiver: (text: string) => void = () => {
    throw Error('no receiver attached to this end of the pipe');
  };
  // Bytes of a frame not yet complete.
  let buffered = EMPTY;
  socket.on('data', (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    let at = 0;
    try {
      for (;;) {
        const colon = buffered.indexOf(COLON, at);
        if (colon < 0) break;
        const end = colon + 1 + readLength(buffered, at, colon);
        if (end >= buffered.length) break;
        if (buffered[end] !== COMMA) throw Error('Malformed netstring: no comma after the payload');
        receiver(buffered.toString('utf8', colon + 1, end));
        at = end + 1;
      }
    } catch (error) {
      socket.destroy(error as Error);
      return;
    }
    buffered = at === buffered.length ? EMPTY : buffered.subarray(at);
  });
  // A benchmark that fails must say so, not crash on an unhandled 'error'.
  socket.on('error', error => console.error('captp-tcp pipe:', error.message));
  return {
    send(text) {
      onSent();
      socket.write(`${Buffer.byteLength(text)}:${text},`);
    },
    onReceive(newReceiver) {
      receiver = newReceiver;
    },
  };
};

export const openTcpStringPipe: OpenPipe = async () => {
  const sockets = await openLoopbackSockets();
  let count = 0;
  const countSent = () => {
    count += 1;
  };
  return {
    left: makeFramedEnd(sockets.client, countSent),
    right: makeFramedEnd(sockets.server, countSent),
    sent: () => count,
    close: sockets.close,
  };
};
