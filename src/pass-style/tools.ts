// endo/pass-style/tools.js: helpers for testing code that handles
// passables, as @endo/pass-style/tools.js offers them. makeArbitraries(fc)
// builds fast-check arbitraries of keys and passables from the `fc` the
// caller passes in, so this package does not load fast-check itself; the
// three example remotables are the only values with identity it uses.
// With the same seed it generates the same values as the original, save
// that strings with lone surrogates are left out while they are not
// passable (our default; see string.ts). Production code should not import
// this module.

import type * as FastCheck from 'fast-check';
import { Far } from './make-far.js';
import { hardenNow } from './harden-at-call-time.js';
import { makeTagged } from './make-tagged.js';
import { onlyWellFormedStringsPassable } from './string.js';
import { passableSymbolForName } from './symbol.js';
import type { Passable } from './types.js';

export const exampleAlice = Far('alice', {});
export const exampleBob = Far('bob', {});
export const exampleCarol = Far('carol', {});

type Fc = typeof FastCheck;
const isWellFormed = (String.prototype as any).isWellFormed as (this: string) => boolean;
type Arbitrary<T> = FastCheck.Arbitrary<T>;

/** Kinds of value a caller can leave out of the generated passables. */
export type ArbitraryExclusion = 'byteArray';

// Each well-known symbol, and the registered symbols passable names make
// that look like it (`@@name`, `@@@@name`): the awkward cases of symbol
// encoding.
const symbolLookalikes = (): symbol[] => {
  const found: symbol[] = [];
  for (const name of Object.getOwnPropertyNames(Symbol)) {
    const value: unknown = (Symbol as any)[name];
    if (typeof value === 'symbol') {
      found.push(value, passableSymbolForName(name)!, passableSymbolForName(`@@@@${name}`)!);
    }
  }
  return found;
};

/**
 * fast-check arbitraries of passables, made with the caller's `fc` (from
 * `fast-check` or `@fast-check/ava`): arbKey for keys (no promises, no
 * errors), arbPassable for any passable, both hardened; arbString,
 * arbKeyLeaf and arbLeaf for the pieces. `exclusions` leaves kinds out.
 */
const makeArbitrariesWith = (fc: Fc, exclusions: ArbitraryExclusion[]) => {
  // Strings of any code points, lone surrogates included unless they are
  // not passable here (ONLY_WELL_FORMED_STRINGS_PASSABLE, string.ts).
  const anyString: Arbitrary<string> = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
  const arbString = onlyWellFormedStringsPassable ? anyString.filter(text => isWellFormed.call(text)) : anyString;

  const keyableLeaves: Arbitrary<unknown>[] = [
    fc.constantFrom(null, undefined, false, true),
    arbString,
    // A name starting with "@@" stands for a well-known symbol, so it is left to the next line.
    arbString.filter(name => !name.startsWith('@@')).map(name => passableSymbolForName(name)),
    fc.constantFrom(...symbolLookalikes()),
    fc.bigInt(),
    fc.integer(),
    ...(exclusions.includes('byteArray')
      ? []
      : [fc.uint8Array().map(bytes => (bytes.buffer as any).sliceToImmutable() as ArrayBuffer)]),
    fc.constantFrom(-0, NaN, Infinity, -Infinity),
    // An empty copyRecord (inheriting from Object.prototype, as a record must).
    fc.record({}, { noNullPrototype: true }),
    fc.constantFrom(exampleAlice, exampleBob, exampleCarol),
  ];
  const arbKeyLeaf = fc.oneof(...keyableLeaves);

  const arbLeaf = fc.oneof(
    ...keyableLeaves,
    arbString.map(message => Error(message)),
    fc.constant(new Promise(() => {})), // never settles
  );

  // Record property names: anything but `then`, which would make a thenable.
  const arbPropertyName = arbString.filter(name => name !== 'then');

  const { keyDag } = fc.letrec(tie => ({
    keyDag: fc.oneof(
      { withCrossShrink: true },
      arbKeyLeaf,
      fc.array(tie('keyDag')),
      fc.dictionary(arbPropertyName, tie('keyDag'), { noNullPrototype: true }),
    ),
  }));

  const { arbDag } = fc.letrec(tie => {
    const arbAny = tie('arbDag');
    // Payloads shaped as the tags' readers expect (not necessarily sorted), and arbitrary ones.
    const arbTaggedParts = fc.oneof(
      fc.record({ type: arbString, payload: arbAny }),
      fc.record({
        type: fc.constantFrom('copySet'),
        payload: fc.oneof(arbAny, fc.uniqueArray(arbAny)),
      }),
      fc.record({
        type: fc.constantFrom('copyBag'),
        payload: fc.oneof(arbAny, fc.uniqueArray(fc.tuple(arbAny, fc.bigInt()), { selector: ([element]) => element })),
      }),
      fc.record({
        type: fc.constantFrom('copyMap'),
        payload: fc.oneof(
          arbAny,
          fc
            .uniqueArray(fc.record({ key: arbAny, value: arbAny }), { selector: entry => entry.key })
            .map(entries => ({ keys: entries.map(entry => entry.key), values: entries.map(entry => entry.value) })),
        ),
      }),
    );
    return {
      arbDag: fc.oneof(
        { withCrossShrink: true },
        arbLeaf,
        fc.array(arbAny),
        fc.dictionary(arbPropertyName, arbAny, { noNullPrototype: true }),
        arbAny.map(value => Promise.resolve(value)),
        arbTaggedParts.map(({ type, payload }) => makeTagged(type, payload as Passable)),
      ),
    };
  });

  const arbKey: Arbitrary<any> = keyDag.map(value => hardenNow(value));
  const arbPassable: Arbitrary<any> = arbDag.map(value => hardenNow(value));

  return { exampleAlice, exampleBob, exampleCarol, arbString, arbKeyLeaf, arbLeaf, arbKey, arbPassable };
};

/**
 * What makeArbitraries needs to know of the `fc` it is given, so that
 * these declarations do not need fast-check's: a user's own `fc` types the
 * arbitraries (as its `constant` returns them).
 */
export interface FastCheckLike {
  constant(value: unknown): unknown;
}

export interface Arbitraries<A> {
  exampleAlice: typeof exampleAlice;
  exampleBob: typeof exampleBob;
  exampleCarol: typeof exampleCarol;
  arbString: A;
  arbKeyLeaf: A;
  arbLeaf: A;
  arbKey: A;
  arbPassable: A;
}

export const makeArbitraries = <F extends FastCheckLike>(
  fc: F,
  exclusions: ArbitraryExclusion[] = [],
): Arbitraries<ReturnType<F['constant']>> =>
  makeArbitrariesWith(fc as unknown as Fc, exclusions) as unknown as Arbitraries<ReturnType<F['constant']>>;
