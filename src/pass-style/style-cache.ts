// The memory of passStyleOf: the style already found for a frozen object,
// so that asking again (marshal asks of every value it walks, and of the
// same values over and over) costs one lookup and allocates nothing.
//
// The style lives in a private field added to the object itself (the
// constructor return-override trick, as in ../ses/private-slot.ts): reading
// it where few object shapes are seen costs about a nanosecond, against ten
// or more for a WeakMap, and it is invisible to all other code. The class is
// declared here rather than made by makePrivateSlot so that V8's inline
// caches for these reads are not shared with other slots (harden's stamps
// see every shape in the realm, which would make ours megamorphic).
// An object that refuses the field falls back to a WeakMap.
//
// Only frozen objects that passed every check are remembered: their own
// properties and prototype cannot change, and what they hold was checked
// (and remembered) first. A container being checked is marked IN_PROGRESS,
// which is how a cycle is found, and unmarked if its check fails.

import type { PassStyle } from './types.js';

/** The mark of an object whose check has started and not finished. */
export const IN_PROGRESS = 'in progress';
export type CachedStyle = PassStyle | typeof IN_PROGRESS;

class ReturnsItsArgument {
  constructor(object: object) {
    return object as ReturnsItsArgument;
  }
}

class StyleField extends ReturnsItsArgument {
  #style: CachedStyle | undefined;
  constructor(object: object, style: CachedStyle | undefined) {
    super(object);
    this.#style = style;
  }
  static get(object: object): CachedStyle | undefined {
    return #style in object ? (object as StyleField).#style : undefined;
  }
  static set(object: object, style: CachedStyle | undefined): void {
    if (#style in object) (object as StyleField).#style = style;
    else new StyleField(object, style);
  }
}
Object.freeze(StyleField);

const fallback = new WeakMap<object, CachedStyle | undefined>();
let fallbackUsed = false;

/** The remembered style (or IN_PROGRESS) of `object`, or undefined. */
export const getCachedStyle = (object: object): CachedStyle | undefined => {
  const found = StyleField.get(object);
  if (found !== undefined || !fallbackUsed) return found;
  return fallback.get(object);
};

/** Remembers `style` for `object`; undefined forgets. */
export const setCachedStyle = (object: object, style: CachedStyle | undefined): void => {
  try {
    StyleField.set(object, style);
  } catch {
    fallbackUsed = true;
    fallback.set(object, style);
  }
};

/**
 * A second memory, for getInterfaceOf: objects confirmed to have a valid
 * remotable shape. Distinct from the style memory because a remotable
 * with a `then` method has a valid shape yet is not passable. Rarely read,
 * so a WeakSet serves.
 */
const confirmedRemotables = new WeakSet<object>();

export const isConfirmedRemotable = (object: object): boolean => confirmedRemotables.has(object);

export const rememberConfirmedRemotable = (object: object): void => {
  confirmedRemotables.add(object);
};
