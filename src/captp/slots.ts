// Slot names of a CapTP connection (`o+3`, `p-1`, `q-7`, ...): their
// syntax, and the flip of the sign between the sender's view and ours.
// Every slot that arrives from the peer is checked here before use, so a
// malformed one is refused with a clear message instead of corrupting a
// table.

import type { CapTPSlot } from './types.js';

// A kind letter, a direction and a name. Our own tables name slots with a
// count (`o+12`), but the name is the exporter's to choose: tables given
// through makeCapTPImportExportTables (ours or the original's) may use any
// (the original's own test uses random base-36 names). Only the kind and
// the direction carry meaning; the name is bounded and printable, so a
// hostile one cannot bloat a table key or a log line.
const SLOT_PATTERN = /^[optq][+-][\x21-\x7e]{1,1024}$/;

// Question ids are always a CapTP end's own count, whatever its tables.
const QUESTION_ID_PATTERN = /^q-[1-9][0-9]{0,15}$/;

/** True if `slot` is a well-formed slot name. */
export const isSlot = (slot: unknown): slot is CapTPSlot =>
  typeof slot === 'string' && SLOT_PATTERN.test(slot);

/** True if `id` is a question id as its asker names it: `q-<n>`. */
export const isQuestionId = (id: unknown): id is CapTPSlot =>
  typeof id === 'string' && QUESTION_ID_PATTERN.test(id);

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
