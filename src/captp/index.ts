// endo/captp: CapTP connections, wire-compatible with @endo/captp 4.5
// (makeCapTP, makeLoopback, and what the original re-exports: E, all of
// endo/marshal, and Nat). With reference counting (gcImports, CTP_DROP) and
// Trap calls between threads (makeAtomicsTrapHost/Guest).

export { E } from '../eventual-send/index.js';
export * from '../marshal/index.js';
export { Nat } from './nat.js';
export { makeCapTP } from './make-captp.js';
export { makeLoopback } from './loopback.js';
export { DEFAULT_CAPTP_QUOTAS } from './quotas.js';
export type { Loopback } from './loopback.js';
export { makeTrap, nearTrapImpl } from './traps.js';
export {
  makeAtomicsTrapHost,
  makeAtomicsTrapGuest,
  DEFAULT_MAX_TRAP_COMPLETION_LENGTH,
  MIN_DATA_BUFFER_LENGTH,
  MIN_TRANSFER_BUFFER_LENGTH,
  TRANSFER_OVERHEAD_LENGTH,
} from './atomics.js';
export type { AtomicsTrapGuestOptions } from './atomics.js';
export type {
  CapTP,
  CapTPMessage,
  CapTPOptions,
  CapTPQuotas,
  CapTPSlot,
  CapTPImportExportTables,
  CapTPStats,
  MakeCapTPImportExportTablesOptions,
  RawSend,
  Trap,
  TrapCompletion,
  TrapGuest,
  TrapHost,
  TrapImpl,
  TrapRequest,
} from './types.js';
