// The slots of one message being encoded: each distinct remotable or
// promise gets one index, in order of first appearance, and its slot (what
// convertValToSlot makes of it) is pushed to `slots`. The map is made only
// when a first capability is met, so data-only messages allocate none.

import type { ConvertValToSlot } from './types.js';

export class SlotTable {
  readonly slots: unknown[] = [];
  #indices: Map<object, number> | undefined = undefined;
  readonly #convertValToSlot: ConvertValToSlot<any>;

  constructor(convertValToSlot: ConvertValToSlot<any>) {
    this.#convertValToSlot = convertValToSlot;
  }

  /** The index `cap` already has in this message, or -1. */
  indexOf(cap: object): number {
    const found = this.#indices?.get(cap);
    return found === undefined ? -1 : found;
  }

  /** Gives `cap` the next index (calling convertValToSlot) and returns it. */
  add(cap: object): number {
    const index = this.slots.length;
    const slot = this.#convertValToSlot(cap as any);
    this.slots.push(slot);
    (this.#indices ??= new Map()).set(cap, index);
    return index;
  }
}
