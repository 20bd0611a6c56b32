// Holding a socket's writes for a while and sending them in one writev: the
// first write of a batch corks the socket and `defer` schedules the uncork
// (a microtask, or setImmediate for the rest of the turn). end() and
// destroy() flush or drop what is corked themselves.

import type { Socket } from 'node:net';

/** A function to call before each write to `socket`: corks it unless a batch is open, and has `defer` end the batch. */
export const makeBatchCork = (socket: Socket, defer: (uncork: () => void) => void): (() => void) => {
  let corked = false;
  const uncork = (): void => {
    corked = false;
    if (!socket.destroyed && socket.writableCorked > 0) socket.uncork();
  };
  return () => {
    if (corked || socket.destroyed) return;
    corked = true;
    socket.cork();
    defer(uncork);
  };
};
