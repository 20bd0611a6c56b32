// A Promise.race that does not leak. The native race adds a reaction to
// every contender, and a contender that never settles keeps every race it
// was in (and their results) alive. Here each contender gets one reaction
// for its whole life, shared through a WeakMap; a race registers itself in
// the contender's record and removes itself as soon as it is decided.

import { freeze } from '../ses/commons.js';
import { harden } from '../ses/harden-when-available.js';

interface Racer {
  resolve(value: unknown): void;
  reject(reason: unknown): void;
}

/** What we know about one contender: settled, or the races still waiting on it. */
type ContenderRecord = { settled: false; racers: Set<Racer> } | { settled: true; racers?: undefined };

const records = new WeakMap<object, ContenderRecord>();

const isPrimitive = (value: unknown): boolean =>
  !value || (typeof value !== 'object' && typeof value !== 'function');

/** Marks the record settled and returns the races that were waiting on it. */
const takeRacers = (record: ContenderRecord): Set<Racer> => {
  if (record.settled) return new Set();
  const { racers } = record;
  const settledRecord = record as ContenderRecord;
  settledRecord.settled = true;
  settledRecord.racers = undefined;
  freeze(settledRecord);
  return racers;
};

const recordOf = (contender: unknown): ContenderRecord => {
  // A primitive settles at once (and cannot be a WeakMap key): treat it as
  // already settled, where calling `then` on it afresh is harmless.
  if (isPrimitive(contender)) return harden({ settled: true });
  let record = records.get(contender as object);
  if (record === undefined) {
    const fresh: ContenderRecord = { settled: false, racers: new Set() };
    record = fresh;
    records.set(contender as object, fresh);
    // The one reaction this contender ever gets from us.
    Promise.resolve(contender).then(
      value => {
        for (const { resolve } of takeRacers(fresh)) resolve(value);
      },
      reason => {
        for (const { reject } of takeRacers(fresh)) reject(reason);
      },
    );
  }
  return record;
};

/**
 * Like Promise.race: called with `this` a promise constructor, settles as
 * the first of `values` settles.
 */
export const { race: memoRace } = {
  race<T extends readonly unknown[] | []>(this: PromiseConstructor, values: T): Promise<Awaited<T[number]>> {
    const C = this;
    const contenders: unknown[] = [];
    let racer!: Racer;
    const result = new C<Awaited<T[number]>>((resolve, reject) => {
      racer = { resolve: resolve as (value: unknown) => void, reject };
      for (const value of values) {
        contenders.push(value);
        const record = recordOf(value);
        if (record.settled) C.resolve(value).then(resolve as (value: unknown) => void, reject);
        else record.racers.add(racer);
      }
    });
    // Once decided, stop waiting on the others, so they do not keep us alive.
    return result.finally(() => {
      for (const contender of contenders) recordOf(contender).racers?.delete(racer);
    });
  },
};
