// endo/transport: carries CapTP (or any JSON records) between processes:
// netstring framing over Node byte streams, MessagePort/Worker, and
// WebSocket (ws). Every connection has a maximum message size, a deadline
// for a message begun and a bound on what it buffers for a peer that does
// not read, a bound on received messages waiting to be dispatched (over
// it, reading stops), a deadline for the peer to close after we do, and
// closes with a clear error, never crashing the process, on malformed
// input or a limit exceeded.

export {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_FRAME_TIMEOUT_MS,
  DEFAULT_FRAME_IDLE_TIMEOUT_MS,
  DEFAULT_SEND_HIGH_WATER_BYTES,
  DEFAULT_SEND_DRAIN_TIMEOUT_MS,
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_MAX_MESSAGES_PER_TURN,
  DEFAULT_MAX_MILLIS_PER_TURN,
  DEFAULT_MAX_QUEUED_MESSAGES,
  DEFAULT_MAX_QUEUED_BYTES,
  checkTransportLimits,
  checkDispatchLimits,
} from './limits.js';
export type { TransportLimits, TransportLimitOptions, DispatchLimits, DispatchLimitOptions } from './limits.js';
export { makeFairDispatcher } from './fair-dispatcher.js';
export type { DispatchBudget, DispatchSource, FairDispatcher } from './fair-dispatcher.js';
export { makeSendBufferGuard } from './backpressure.js';
export type { SendBufferGuard, SendBufferHooks } from './backpressure.js';
export { makeFrameDeadline } from './frame-deadline.js';
export type { FrameDeadline, FrameDeadlineHooks } from './frame-deadline.js';
export { encodeNetstring, makeNetstringDecoder } from './netstring.js';
export type { NetstringDecoder } from './netstring.js';
export { encodeMessage, decodeMessage } from './json-messages.js';
export { makeNetstringConnection } from './stream-connection.js';
export type { StreamPair } from './stream-connection.js';
export { makePortConnection } from './port-connection.js';
export type { PortLike } from './port-connection.js';
export { makeWebSocketConnection, openWebSocket, webSocketServerOptions } from './websocket-connection.js';
export {
  connectCapTP,
  connectCapTPToConnection,
  connectCapTPToPort,
  connectCapTPToWebSocket,
} from './connect-captp.js';
export type { CapTPConnection, ConnectCapTPOptions } from './connect-captp.js';
export type { ConnectionOptions, MessageConnection } from './types.js';
