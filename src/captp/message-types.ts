// The CapTP message types, as data: the order here is the order of the
// keys of getStats() (the same as @endo/captp's). Code that counts and
// dispatches messages walks this table.

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
