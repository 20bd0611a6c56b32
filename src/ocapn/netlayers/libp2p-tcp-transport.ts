// libp2p's own TCP transport (@libp2p/tcp), with the bytes one event-loop
// turn writes to a connection's socket sent in one write.
//
// Why: Noise writes each encrypted frame as two socket writes (its 2-byte
// length, then the ciphertext), and yamux answers every data frame with a
// window-update frame, so one OCapN message costs four writes and TCP
// segments each way (noDelay is on), and the peer wakes up for each. Held
// together until the turn ends (setImmediate, after the microtasks where a
// session writes its reply), the window update and the reply leave in one
// writev and arrive in one read. The bytes and their order on the wire are
// unchanged, so stock libp2p peers see nothing different.
//
// How: dialling, listening and the socket-to-connection glue stay
// @libp2p/tcp's; this wraps its transport so that each raw connection,
// before libp2p upgrades it (Noise, yamux), gets its socket's writes
// corked for the rest of the turn. A connection whose socket cannot be
// found (another @libp2p/tcp) keeps plain writes: slower, not wrong.

import { Socket } from 'node:net';
import { tcp, type TCPOptions } from '@libp2p/tcp';
import type { MultiaddrConnection, Transport, Upgrader } from '@libp2p/interface';
import { delegateTo } from './delegate-to.js';
import { makeBatchCork } from './socket-cork.js';

type TcpComponents = Parameters<ReturnType<typeof tcp>>[0];

/** Sockets whose writes are gathered per turn (for tests: a connection not listed here writes plainly). */
const coalescedSockets = new WeakSet<Socket>();

/** Whether `socket` gathers its writes per turn. */
export const isCoalescingSocket = (socket: unknown): boolean => socket instanceof Socket && coalescedSockets.has(socket);

/**
 * Makes `socket` hold what is written to it until the end of the current
 * turn, then send it at once. Returns false if already done.
 */
export const coalesceSocketWrites = (socket: Socket): boolean => {
  if (coalescedSockets.has(socket)) return false;
  coalescedSockets.add(socket);
  const write = socket.write;
  const corkForTurn = makeBatchCork(socket, setImmediate);
  // An own property on this one socket; Socket.prototype is left alone.
  Object.defineProperty(socket, 'write', {
    configurable: true,
    writable: true,
    value: function coalescingWrite(this: Socket, ...args: Parameters<Socket['write']>): boolean {
      corkForTurn();
      return Reflect.apply(write, socket, args) as boolean;
    },
  });
  return true;
};

/** The node:net socket under one of @libp2p/tcp's raw connections, if it has one. */
const socketOf = (connection: MultiaddrConnection): Socket | undefined => {
  const socket = (connection as { socket?: unknown }).socket;
  return socket instanceof Socket ? socket : undefined;
};

/** `upgrader` with every raw connection's socket set to gather its writes first. */
const coalescingUpgrader = (upgrader: Upgrader): Upgrader => {
  const prepare = (connection: MultiaddrConnection): void => {
    const socket = socketOf(connection);
    if (socket !== undefined) coalesceSocketWrites(socket);
  };
  const overrides: Partial<Upgrader> = {
    upgradeInbound: (connection, options) => {
      prepare(connection);
      return upgrader.upgradeInbound(connection, options);
    },
    upgradeOutbound: (connection, options) => {
      prepare(connection);
      return upgrader.upgradeOutbound(connection, options);
    },
  };
  return delegateTo(upgrader, overrides);
};

/**
 * A libp2p transport factory like `tcp(options)` (same options, same
 * multiaddrs, same wire bytes) whose connections write once per turn.
 */
export const coalescingTcp =
  (options: TCPOptions = {}) =>
  (components: TcpComponents): Transport => {
    const inner = tcp(options)(components);
    return delegateTo(inner, {
      dial: (address, dialOptions) => inner.dial(address, { ...dialOptions, upgrader: coalescingUpgrader(dialOptions.upgrader) }),
      createListener: listenOptions => inner.createListener({ ...listenOptions, upgrader: coalescingUpgrader(listenOptions.upgrader) }),
    });
  };
