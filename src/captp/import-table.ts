// The imports of one CapTP end (presences and promises), by slot, with
// how many received messages carried each slot. (Our questions are not
// imports here: each is dropped as soon as it is answered.) With `weak`,
// imports are held through WeakRefs: when one is garbage-collected,
// `onCollected` is told its slot and count so that the connection can send
// CTP_DROP. Without it (the default), imports live as long as the
// connection, which is deterministic.

import type { CapTPSlot } from './types.js';

export type ImportTable = {
  has: (slot: CapTPSlot) => boolean;
  get: (slot: CapTPSlot) => unknown;
  set: (slot: CapTPSlot, value: object) => void;
  /** Counts one more received message for each of `slots` (our view, imports only). */
  countReceived: (slots: Iterable<CapTPSlot>) => void;
  /** Forgets everything without telling anyone (the connection is gone). */
  clearWithoutFinalizing: () => void;
  /** How many imports are held (with `weak`, some may be collectable already). */
  size: () => number;
};

export type ImportTableOptions = {
  weak: boolean;
  onCollected: (slot: CapTPSlot, receivedCount: number) => void;
};

export const makeImportTable = ({ weak, onCollected }: ImportTableOptions): ImportTable => {
  const slotToReceivedCount = new Map<CapTPSlot, number>();
  const countReceived = (slots: Iterable<CapTPSlot>): void => {
    for (const slot of slots) {
      if (slot[1] !== '-') continue;
      slotToReceivedCount.set(slot, (slotToReceivedCount.get(slot) ?? 0) + 1);
    }
  };

  if (!weak || typeof WeakRef !== 'function' || typeof FinalizationRegistry !== 'function') {
    const slotToValue = new Map<CapTPSlot, unknown>();
    return {
      has: slot => slotToValue.has(slot),
      get: slot => slotToValue.get(slot),
      set: (slot, value) => void slotToValue.set(slot, value),
      countReceived: () => {}, // Nothing is ever dropped, so counts are not needed.
      clearWithoutFinalizing: () => slotToValue.clear(),
      size: () => slotToValue.size,
    };
  }

  const slotToRef = new Map<CapTPSlot, WeakRef<object>>();
  // The held value names the WeakRef too: a slot re-imported after its first
  // value was collected has a new WeakRef, and the old one's finalization
  // must not remove it.
  const registry = new FinalizationRegistry<{ slot: CapTPSlot; ref: WeakRef<object> }>(({ slot, ref }) => {
    if (slotToRef.get(slot) !== ref) return;
    slotToRef.delete(slot);
    const count = slotToReceivedCount.get(slot) ?? 0;
    slotToReceivedCount.delete(slot);
    onCollected(slot, count);
  });
  const get = (slot: CapTPSlot): unknown => slotToRef.get(slot)?.deref();
  return {
    has: slot => get(slot) !== undefined,
    get,
    set: (slot, value) => {
      const old = slotToRef.get(slot);
      if (old) registry.unregister(old);
      const ref = new WeakRef(value);
      slotToRef.set(slot, ref);
      registry.register(value, { slot, ref }, ref);
    },
    countReceived,
    clearWithoutFinalizing: () => {
      for (const ref of slotToRef.values()) registry.unregister(ref);
      slotToRef.clear();
      slotToReceivedCount.clear();
    },
    size: () => slotToRef.size,
  };
};
