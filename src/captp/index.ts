// endo/captp: CapTP connections, wire-compatible with @endo/captp 4.5
// (makeCapTP, makeLoopback, and E re-exported as the original does).
// Not yet: gcImports/CTP_DROP, Trap and trap handlers.

export { E } from '../eventual-send/index.js';
export { makeCapTP } from './make-captp.js';
export { makeLoopback } from './loopback.js';
export type { Loopback } from './loopback.js';
export type { CapTP, CapTPMessage, CapTPOptions, CapTPSlot, CapTPStats, RawSend } from './types.js';
