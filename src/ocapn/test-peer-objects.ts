// The objects the OCapN test suite (ocapn-test-suite, README) expects a
// peer under test to offer, at their swiss numbers (ASCII, sent as bytes):
//
//   car factory builder  JadQ0++RzsD4M+40uLxTWVaVqM10DcBJ  () → car factory;
//                        the factory takes one [color model] list of symbols
//                        and makes a car, which answers
//                        "Vroom! I am a <color> <model> car!"; anything else breaks.
//   echo-gc              IO58l1laTyhcrgDKbEzFOO32MDd6zE5w  returns its arguments;
//                        keeps nothing, and asks for a collection afterwards.
//   greeter              VMDDd1voKWarCe2GvgLbxbVFysNzRPzx  calls its argument with
//                        "Hello" (an op:deliver with an answer), drops the answer.
//   promise resolver     IokCxYmMj04nos2JN1TDoY1bT8dXh6Lr  () → [promise, resolver];
//                        the resolver takes 'fulfill value or 'break reason.
//   sturdyref enlivener  gi02I1qghIwPiKGKleCQAOhpy3ZtYRpB  fetches the sturdy ref it
//                        is given (reusing a live session to that peer).

import { E } from '../eventual-send/index.js';
import { Far, nameForPassableSymbol } from '../pass-style/index.js';
import { harden } from '../ses/harden-when-available.js';
import type { Ocapn } from './client.js';

const symbolName = (value: unknown): string | undefined => (typeof value === 'symbol' ? nameForPassableSymbol(value) : undefined);

/**
 * Registers the suite's objects with `ocapn`. `requestCollection` is called
 * when the suite expects our garbage to be collected soon (gc ops follow).
 */
export const registerTestSuiteObjects = (ocapn: Ocapn, requestCollection: () => void): void => {
  const carFactory = Far('car factory', (spec: unknown) => {
    const color = Array.isArray(spec) && spec.length === 2 ? symbolName(spec[0]) : undefined;
    const model = Array.isArray(spec) && spec.length === 2 ? symbolName(spec[1]) : undefined;
    if (color === undefined || model === undefined) throw TypeError('A car is made from a list of two symbols: [color model]');
    return Far('car', () => `Vroom! I am a ${color} ${model} car!`);
  });
  ocapn.makeSturdyRef(
    Far('car factory builder', () => carFactory),
    'JadQ0++RzsD4M+40uLxTWVaVqM10DcBJ',
  );

  ocapn.makeSturdyRef(
    Far('echo-gc', (...args: unknown[]) => {
      requestCollection();
      return harden(args);
    }),
    'IO58l1laTyhcrgDKbEzFOO32MDd6zE5w',
  );

  ocapn.makeSturdyRef(
    Far('greeter', (target: unknown) => {
      // The answer is dropped; once it settles our op:gc-answer follows.
      void E(target as (greeting: string) => unknown)('Hello').then(requestCollection, requestCollection);
    }),
    'VMDDd1voKWarCe2GvgLbxbVFysNzRPzx',
  );

  ocapn.makeSturdyRef(
    Far('promise resolver maker', () => {
      let resolve!: (value: unknown) => void;
      let reject!: (reason: unknown) => void;
      const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      });
      promise.catch(() => {}); // broken on purpose by the suite; nobody else need hear
      const resolver = Far('resolver', {
        fulfill: (value: unknown) => resolve(value),
        break: (reason: unknown) => reject(reason),
      });
      return harden([promise, resolver]);
    }),
    'IokCxYmMj04nos2JN1TDoY1bT8dXh6Lr',
  );

  ocapn.makeSturdyRef(
    Far('sturdyref enlivener', (sturdyRef: unknown) => E(sturdyRef as { enliven(): unknown }).enliven()),
    'gi02I1qghIwPiKGKleCQAOhpy3ZtYRpB',
  );
};
