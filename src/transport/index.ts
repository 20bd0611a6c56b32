// endo/transport: carries CapTP (or any JSON records) between processes:
// netstring framing over Node byte streams, MessagePort/Worker, and
// WebSocket (ws). Every connection has a maximum message size and closes
// with a clear error, never crashing the process, on malformed input.

export { DEFAULT_MAX_MESSAGE_BYTES } from './limits.js';
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
