// A private slot: a WeakMap-like association from objects to values, held
// as a private class field put on the object itself (with the constructor
// return-override trick). V8 adds a private field about as cheaply as a
// property, where a WeakMap or WeakSet insertion costs several hundred
// nanoseconds and burdens every garbage collection. The field is invisible
// to all other code: no reflection lists it, proxies' traps do not see it,
// and freezing an object does not stop it from being added.
//
// Use it for objects this package makes itself (compartments, functions it
// registers). An object that refuses the field (a host exotic object, or an
// engine where non-extensible objects refuse private fields too) makes
// `set` throw: callers with foreign objects must keep a fallback.

/**
 * The base of every class whose private field is put on another object:
 * its constructor returns its argument (the return-override trick), so a
 * subclass's fields go on `object`. Hot users declare their own subclass
 * next to their code rather than call makePrivateSlot: V8 keeps its lookup
 * caches per place in the source, and one shared place sees every shape.
 */
export class ReturnsItsArgument {
  constructor(object: object) {
    return object as ReturnsItsArgument;
  }
}

export interface PrivateSlot<T> {
  get(object: object): T | undefined;
  has(object: object): boolean;
  set(object: object, value: T): void;
}

export const makePrivateSlot = <T>(): PrivateSlot<T> => {
  class Slot extends ReturnsItsArgument {
    #value: T;
    constructor(object: object, value: T) {
      super(object);
      this.#value = value;
    }
    static get(object: object): T | undefined {
      return #value in object ? (object as Slot).#value : undefined;
    }
    static has(object: object): boolean {
      return #value in object;
    }
    static set(object: object, value: T): void {
      if (#value in object) (object as Slot).#value = value;
      else new Slot(object, value);
    }
  }
  return Object.freeze({ get: Slot.get, has: Slot.has, set: Slot.set });
};
