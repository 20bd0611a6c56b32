// Wires makeCapTP to a message connection: each message the peer sends is
// dispatched, in bounded batches per event-loop turn (fair-dispatcher.ts),
// so one busy peer cannot starve the other connections, and with a bound
// on what waits (over it, the connection stops reading); when the
// connection ends (cleanly or not) what arrived before is still
// dispatched and then CapTP is aborted, so everything pending rejects.
// When CapTP says CTP_DISCONNECT, the connection ends with it: after our
// abort() or the peer's CTP_DISCONNECT, cleanly; after CapTP refused a
// message, at once (the socket, port or WebSocket is torn down, and the
// peer is told why). One function per transport on top.

import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { makeCapTP } from '../captp/index.js';
import type { CapTP, CapTPMessage, CapTPOptions } from '../captp/index.js';
import { harden } from '../ses/harden-when-available.js';
import { makeNetstringConnection, type StreamPair } from './stream-connection.js';
import { makePortConnection, type PortLike } from './port-connection.js';
import { makeWebSocketConnection } from './websocket-connection.js';
import type { ConnectionOptions, MessageConnection } from './types.js';
import { makeFairDispatcher, type DispatchBudget } from './fair-dispatcher.js';
import { checkDispatchLimits, checkTransportLimits } from './limits.js';
import { truncateForLog } from '../captp/bounded-log.js';

/**
 * Options of connectCapTP and its kin: CapTP's, the connection's limits
 * (ConnectionOptions) and the dispatch budget and queue bound
 * (DispatchBudget). The last two kinds are all checked before anything is
 * made; a bad one throws a RangeError that names it.
 */
export type ConnectCapTPOptions = CapTPOptions & ConnectionOptions & DispatchBudget;

/** A CapTP end over a connection. abort() also closes the connection. */
export type CapTPConnection = CapTP & {
  connection: MessageConnection;
  /** Fulfills once the connection is closed: undefined if cleanly, else the Error that ended it. */
  closed: Promise<Error | undefined>;
};

/** The longest disconnection reason sent to the peer or kept as the close reason, in characters. */
const MAX_REASON_CHARS = 1000;

const reasonText = (reason: unknown): string =>
  truncateForLog(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason), MAX_REASON_CHARS);

// An Error reason in CTP_DISCONNECT would cross JSON as `{}`: send its
// name and message instead (never its stack), and turn a string reason
// from the peer back into an Error, so what is pending rejects with
// something that says why. A reason may quote the peer's own bad data:
// it goes back shortened, not whole.
const outgoing = (message: CapTPMessage): CapTPMessage =>
  message.type === 'CTP_DISCONNECT' && (message.reason instanceof Error || typeof message.reason === 'string')
    ? { ...message, reason: message.reason instanceof Error ? reasonText(message.reason) : truncateForLog(message.reason as string, MAX_REASON_CHARS) }
    : message;
const incoming = (message: CapTPMessage): CapTPMessage =>
  message.type === 'CTP_DISCONNECT' && typeof message.reason === 'string'
    ? { ...message, reason: new Error(`The peer disconnected: ${message.reason}`) }
    : message;

/** Makes a CapTP end named `ourId` that talks over `connection`. */
export const connectCapTPToConnection = (
  connection: MessageConnection,
  ourId: string,
  bootstrap?: unknown,
  options: CapTPOptions & DispatchBudget = {},
): CapTPConnection => {
  const { maxMessagesPerTurn, maxMillisPerTurn, maxQueuedMessages, maxQueuedBytes, ...captpOptions } = options;
  const budget = { maxMessagesPerTurn, maxMillisPerTurn, maxQueuedMessages, maxQueuedBytes };
  checkDispatchLimits(budget);
  /** Set while CapTP's CTP_DISCONNECT is a goodbye (ours, by abort(), or the peer's), not a refusal. */
  let isGoodbye = false;
  /** The CTP_DISCONNECT CapTP made when it refused a message: the farewell the connection sends. */
  let refusal: CapTPMessage | undefined;

  const rawSend = (message: CapTPMessage): void => {
    if (message.type !== 'CTP_DISCONNECT') {
      // Once the connection is closed, CapTP is aborted as soon as what the
      // peer sent before is dispatched; until then there is no one to tell.
      if (!connection.isClosed()) connection.send(outgoing(message));
      return;
    }
    // CapTP is done: nothing waiting from the peer matters any more.
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    dispatcher.stop();
    if (connection.isClosed()) return;
    if (isGoodbye) {
      connection.send(outgoing(message));
      connection.close();
      return;
    }
    // CapTP refused what the peer sent: tear the transport down (a clean
    // close would leave a peer that keeps its side open connected).
    refusal = message;
    connection.abort(new Error(reasonText(message.reason)));
  };

  const captp = makeCapTP(ourId, rawSend, bootstrap, captpOptions);
  const epoch = captpOptions.epoch ?? 0;
  connection.setFarewell(reason => outgoing(refusal ?? { type: 'CTP_DISCONNECT', epoch, reason }));

  const dispatcher = makeFairDispatcher<CapTPMessage>(
    message => {
      const isPeerGoodbye = message.type === 'CTP_DISCONNECT';
      isGoodbye = isPeerGoodbye;
      try {
        captp.dispatch(incoming(message));
      } finally {
        isGoodbye = false;
      }
      // The peer is gone; nothing more can usefully cross.
      if (isPeerGoodbye) connection.close();
    },
    budget,
    {
      pauseReading: () => connection.pauseReading?.(),
      resumeReading: () => connection.resumeReading?.(),
    },
  );
  connection.onMessage(dispatcher.push);
  void connection.closed.then(reason => {
    dispatcher.whenDrained(() => {
      captp.abort(reason ?? new Error(`CapTP ${JSON.stringify(ourId)}: the connection closed`));
    });
  });
  const abort = (reason?: unknown): void => {
    isGoodbye = true;
    try {
      captp.abort(reason);
    } finally {
      isGoodbye = false;
    }
    connection.close();
  };
  return harden({ ...captp, abort, connection, closed: connection.closed });
};

// The connection takes what it knows of the options (its limits) and
// ignores CapTP's. Every limit is checked before the connection is made,
// so a bad option leaves the socket untouched.
const connectionOptionsOf = (options: ConnectCapTPOptions): ConnectionOptions => {
  checkTransportLimits(options);
  checkDispatchLimits(options);
  return options;
};

/** CapTP over a Node byte stream (socket, stdio pair), framed as netstrings. */
export const connectCapTP = (
  stream: Duplex | StreamPair,
  ourId: string,
  bootstrap?: unknown,
  options: ConnectCapTPOptions = {},
): CapTPConnection =>
  connectCapTPToConnection(makeNetstringConnection(stream, connectionOptionsOf(options)), ourId, bootstrap, options);

/** CapTP over a MessagePort, a Worker or parentPort (messages posted as JSON strings). */
export const connectCapTPToPort = (
  port: PortLike,
  ourId: string,
  bootstrap?: unknown,
  options: ConnectCapTPOptions = {},
): CapTPConnection =>
  connectCapTPToConnection(makePortConnection(port, connectionOptionsOf(options)), ourId, bootstrap, options);

/** CapTP over an open ws WebSocket (either end), one JSON text frame per message. */
export const connectCapTPToWebSocket = (
  socket: WebSocket,
  ourId: string,
  bootstrap?: unknown,
  options: ConnectCapTPOptions = {},
): CapTPConnection =>
  connectCapTPToConnection(makeWebSocketConnection(socket, connectionOptionsOf(options)), ourId, bootstrap, options);
