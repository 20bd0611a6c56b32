// Slots of one message being decoded: slot index → the value
// convertSlotToVal makes of it, made once per index per message (so one
// remotable stands for every mention of it). The value is hardened and
// must be passable. Unlike @endo/marshal, an index past the end of `slots`
// is refused (a RangeError) rather than handed to convertSlotToVal as
// `undefined`.

import { harden } from '../ses/harden-when-available.js';
import { passStyleOf } from '../pass-style/index.js';
import { failRange, failType, q } from './reject.js';
import type { ConvertSlotToVal } from './types.js';

const { isSafeInteger } = Number;

export class SlotReviver {
  readonly #slots: readonly unknown[];
  readonly #convertSlotToVal: ConvertSlotToVal<any>;
  #values: Map<number, unknown> | undefined = undefined;

  constructor(slots: readonly unknown[], convertSlotToVal: ConvertSlotToVal<any>) {
    this.#slots = slots;
    this.#convertSlotToVal = convertSlotToVal;
  }

  /** The value for slot `index`, whose interface the body says is `iface`. */
  revive(index: unknown, iface: string | undefined): unknown {
    if (typeof index !== 'number' || !isSafeInteger(index) || index < 0) {
      failType`A slot index must be a natural number: ${q(index)}`;
    }
    const values = (this.#values ??= new Map());
    if (values.has(index as number)) return values.get(index as number);
    const slots = this.#slots;
    // Read before the range check, so that a slots proxy refusing every read
    // (parse's, in stringify.ts) gives its own complaint.
    const slot = slots[index as number];
    if ((index as number) >= slots.length) {
      failRange`Slot index ${q(index)} is out of range: the message has ${q(slots.length)} slots`;
    }
    const value = harden(this.#convertSlotToVal(slot, iface));
    passStyleOf(value);
    values.set(index as number, value);
    return value;
  }
}
