// The exports of one CapTP end: what we have sent the peer, by slot, and
// how many messages carrying each slot we have sent. The peer answers a
// CTP_DROP with the count it had received; when the two agree the export
// is forgotten, so a long-lived connection does not keep every object it
// ever passed. Counting messages (not references) is what makes a drop
// safe while the same slot is still in flight: the in-flight sends keep
// the count above what the peer reports.

import type { CapTPSlot } from './types.js';

export type ExportTable = {
  has: (slot: CapTPSlot) => boolean;
  get: (slot: CapTPSlot) => unknown;
  /** Records `value` as exported under `slot` (again, if it had been dropped). */
  add: (slot: CapTPSlot, value: unknown) => void;
  /** Counts one more sent message for each of our exports among `slots`. */
  countSent: (slots: readonly CapTPSlot[]) => void;
  /**
   * Takes `decRefs` sent messages off the slot's count. Returns the value
   * when the count reaches zero and the export is forgotten, else undefined.
   */
  release: (slot: CapTPSlot, decRefs: number) => { forgotten: boolean; value: unknown };
  /** How many exports are held. */
  size: () => number;
};

/** Where the exported values live: a Map, or the application's tables (external-tables.ts). */
export interface ExportValues {
  has(slot: CapTPSlot): boolean;
  get(slot: CapTPSlot): unknown;
  set(slot: CapTPSlot, value: unknown): unknown;
  delete(slot: CapTPSlot): unknown;
  readonly size: number;
}

export const makeExportTable = (slotToValue: ExportValues = new Map<CapTPSlot, unknown>()): ExportTable => {
  const slotToSentCount = new Map<CapTPSlot, number>();
  return {
    has: slot => slotToValue.has(slot),
    get: slot => slotToValue.get(slot),
    add: (slot, value) => void slotToValue.set(slot, value),
    countSent: slots => {
      for (const slot of slots) {
        if (slot[1] !== '+' || !slotToValue.has(slot)) continue;
        slotToSentCount.set(slot, (slotToSentCount.get(slot) ?? 0) + 1);
      }
    },
    release: (slot, decRefs) => {
      const count = slotToSentCount.get(slot) ?? 0;
      if (count > decRefs) {
        slotToSentCount.set(slot, count - decRefs);
        return { forgotten: false, value: undefined };
      }
      // The peer holds nothing more of it than it told us about (a count
      // above ours, which the original can send, is treated the same).
      const value = slotToValue.get(slot);
      slotToSentCount.delete(slot);
      slotToValue.delete(slot);
      return { forgotten: true, value };
    },
    size: () => slotToValue.size,
  };
};
