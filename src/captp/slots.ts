// Slot names of a CapTP connection (`o+3`, `p-1`, `q-7`, ...): their
// syntax, and the flip of the sign between the sender's view and ours.
// Every slot that arrives from the peer is checked here before use, so a
// malformed one is refused with a clear message instead of corrupting a
// table.

import type { CapTPSlot } from './types.js';

// A kind letter, a direction and a positive decimal count without leading zeros.
const SLOT_PATTERN = /^[optq][+-][1-9][0-9]{0,15}$/;

/** True if `slot` is a well-formed slot name. */
export const isSlot = (slot: unknown): slot is CapTPSlot =>
  typeof slot === 'string' && SLOT_PATTERN.test(slot);

/**
 * The same slot seen from the other end: the sign is the namer's view
 * (`+` its export, `-` its import), so what the peer calls `o+3` we call
 * `o-3`. This keeps the slots each end allocates from colliding.
 */
export const reverseSlot = (slot: CapTPSlot): CapTPSlot =>
  `${slot[0]}${slot[1] === '+' ? '-' : '+'}${slot.slice(2)}`;

/** The kind letter of a slot: `o`, `p`, `q` or `t`. */
export const slotKind = (slot: CapTPSlot): string => slot[0]!;

/** True if the slot, in the view of whoever named it, is their own export. */
export const isExportSlot = (slot: CapTPSlot): boolean => slot[1] === '+';
