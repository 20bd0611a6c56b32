// The CapTP message types, as data: the order here is the order of the
// keys of getStats() (the same as @endo/captp's), and whether this slice
// acts on each type. Code that dispatches messages walks this table.

/** Every message type the protocol defines, in the original's stats order. */
export const MESSAGE_TYPES = [
  'CTP_BOOTSTRAP',
  'CTP_DROP',
  'CTP_CALL',
  'CTP_TRAP_ITERATE',
  'CTP_RETURN',
  'CTP_RESOLVE',
  'CTP_DISCONNECT',
] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

/**
 * Types this end accepts but does not act upon yet: CTP_DROP (the peer
 * released an import; we keep the export, which is always safe).
 */
export const IGNORED_MESSAGE_TYPES: ReadonlySet<string> = new Set(['CTP_DROP']);

/** Types this end refuses, because the feature is not implemented. */
export const UNSUPPORTED_MESSAGE_TYPES: ReadonlySet<string> = new Set(['CTP_TRAP_ITERATE']);
