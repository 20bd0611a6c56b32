// Wires makeCapTP to a message connection: each message the peer sends is
// dispatched; when the connection ends (cleanly or not) CapTP is aborted,
// so everything pending rejects; when CapTP is aborted here, its
// CTP_DISCONNECT is sent and then the connection is closed; when the peer
// says CTP_DISCONNECT, we close too. One function per transport on top.

import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { makeCapTP } from '../captp/index.js';
import type { CapTP, CapTPMessage, CapTPOptions } from '../captp/index.js';
import { harden } from '../ses/harden-when-available.js';
import { makeNetstringConnection, type StreamPair } from './stream-connection.js';
import { makePortConnection, type PortLike } from './port-connection.js';
import { makeWebSocketConnection } from './websocket-connection.js';
import type { ConnectionOptions, MessageConnection } from './types.js';

export type ConnectCapTPOptions = CapTPOptions & ConnectionOptions;

/** A CapTP end over a connection. abort() also closes the connection. */
export type CapTPConnection = CapTP & {
  connection: MessageConnection;
  /** Fulfills once the connection is closed: undefined if cleanly, else the Error that ended it. */
  closed: Promise<Error | undefined>;
};

// An Error reason in CTP_DISCONNECT would cross JSON as `{}`: send its
// name and message instead (never its stack), and turn a string reason
// from the peer back into an Error, so what is pending rejects with
// something that says why.
const outgoing = (message: CapTPMessage): CapTPMessage =>
  message.type === 'CTP_DISCONNECT' && message.reason instanceof Error
    ? { ...message, reason: `${message.reason.name}: ${message.reason.message}` }
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
  options: CapTPOptions = {},
): CapTPConnection => {
  const captp = makeCapTP(ourId, message => connection.send(outgoing(message)), bootstrap, options);
  const epoch = options.epoch ?? 0;
  connection.setFarewell(reason => outgoing({ type: 'CTP_DISCONNECT', epoch, reason }));
  connection.onMessage(message => {
    captp.dispatch(incoming(message));
    // The peer is gone; nothing more can usefully cross.
    if (message.type === 'CTP_DISCONNECT') connection.close();
  });
  void connection.closed.then(reason => {
    captp.abort(reason ?? new Error(`CapTP ${JSON.stringify(ourId)}: the connection closed`));
  });
  const abort = (reason?: unknown): void => {
    captp.abort(reason);
    connection.close();
  };
  return harden({ ...captp, abort, connection, closed: connection.closed });
};

const connectionOptionsOf = ({ maxMessageBytes }: ConnectCapTPOptions): ConnectionOptions => ({ maxMessageBytes });

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
