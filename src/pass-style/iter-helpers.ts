// mapIterable and filterIterable: lazy far iterables over another iterable,
// ending exactly as it ends (same completion value, same failure).

import { Far } from './make-far.js';
import { hardenNow } from './harden-at-call-time.js';

/** A far iterable of `func` applied to each value of `baseIterable`. */
export const mapIterable = <T, U>(baseIterable: Iterable<T>, func: (value: T) => U): Iterable<U> =>
  Far('mapped iterable', {
    [Symbol.iterator]: () => {
      const baseIterator = baseIterable[Symbol.iterator]();
      return Far('mapped iterator', {
        next: () => {
          const { value: baseValue, done } = baseIterator.next();
          const value = done ? baseValue : func(baseValue);
          return hardenNow({ value, done: !!done });
        },
      });
    },
  }) as unknown as Iterable<U>;
Object.freeze(mapIterable);

/** A far iterable of the values of `baseIterable` for which `pred` is truthy. */
export const filterIterable = <T>(baseIterable: Iterable<T>, pred: (value: T) => boolean): Iterable<T> =>
  Far('filtered iterable', {
    [Symbol.iterator]: () => {
      const baseIterator = baseIterable[Symbol.iterator]();
      return Far('filtered iterator', {
        next: () => {
          for (;;) {
            const result = baseIterator.next();
            if (result.done || pred(result.value)) return result;
          }
        },
      });
    },
  }) as unknown as Iterable<T>;
Object.freeze(filterIterable);
