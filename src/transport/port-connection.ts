// Messages over a Node MessagePort, a Worker (from the parent) or
// parentPort (in the worker). Each message is posted as its JSON text, not
// as a structured-clone object: the receiver then checks size and shape
// exactly as on a byte stream, and a peer cannot slip in values JSON has
// no form for (Maps, Dates, typed arrays, cycles). A port has no send
// buffer we can see (postMessage hands the text to the other thread's
// queue at once) and delivers whole messages only, so the send-buffer and
// frame limits of streams and WebSockets do not apply here, nor can
// reading be paused (the messages would only wait in the port's own
// queue); the peer is in our own process, under the same supervisor.
// Every option is still checked, so a bad one is refused here as anywhere.

import { checkTransportLimits, makeOversizeError } from './limits.js';
import { makeConnectionKit } from './connection-kit.js';
import type { ConnectionOptions, MessageConnection } from './types.js';

/** What we use of a Node MessagePort or Worker. */
export type PortLike = {
  postMessage: (value: unknown) => void;
  on: (event: string, listener: (...args: any[]) => void) => unknown;
  off: (event: string, listener: (...args: any[]) => void) => unknown;
  /** MessagePort: closes both ends. */
  close?: () => void;
  /** Worker: stops the worker. */
  terminate?: () => unknown;
};

/** Makes a JSON-text message connection over a MessagePort or Worker. */
export const makePortConnection = (port: PortLike, options: ConnectionOptions = {}): MessageConnection => {
  const { maxMessageBytes } = checkTransportLimits(options);

  const onMessage = (data: unknown): void => {
    if (connection.isClosed()) return;
    if (typeof data !== 'string') {
      connection.abort(new TypeError(`Malformed message: expected a JSON string from the port, got ${typeof data}`));
      return;
    }
    const size = Buffer.byteLength(data, 'utf8');
    if (size > maxMessageBytes) {
      connection.abort(makeOversizeError(size, maxMessageBytes, 'received'));
      return;
    }
    deliverEncoded(data);
  };
  const onMessageError = (error: Error): void =>
    connection.abort(new Error(`Port could not deserialize a message: ${error.message}`));
  const onClose = (): void => connection.close();
  const onExit = (code: number): void => {
    if (code === 0) connection.close();
    else connection.abort(new Error(`Worker exited with code ${code}`));
  };
  const onWorkerError = (error: Error): void => connection.abort(new Error(`Worker failed: ${error.message}`));

  const detach = (): void => {
    port.off('message', onMessage);
    port.off('messageerror', onMessageError);
    port.off('close', onClose);
    port.off('exit', onExit);
    port.off('error', onWorkerError);
  };
  const shut = (): void => {
    detach();
    if (typeof port.close === 'function') port.close();
    else if (typeof port.terminate === 'function') void port.terminate();
  };

  const { connection, deliverEncoded } = makeConnectionKit({
    maxMessageBytes,
    write: text => port.postMessage(text),
    endTransport: shut,
    destroyTransport: shut,
  });

  port.on('message', onMessage);
  port.on('messageerror', onMessageError);
  port.on('close', onClose);
  port.on('exit', onExit);
  port.on('error', onWorkerError);
  return connection;
};
