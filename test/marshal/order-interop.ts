// Runs on both sides of the differential tests of encodePassable, rank
// order and Justin (ours here, @endo/marshal 1.10.0 in a child process):
// builds values from recipes (interop.ts) and reports, as plain JSON, what
// each exported function makes of them. Imports nothing at run time but
// interop.ts: each side passes its own API.

import { buildValue, describe } from './interop.js';
import type { MarshalApi, MarshalRecipe } from './interop.js';

export interface OrderApi extends MarshalApi {
  makePassableKit: (options?: any) => { encodePassable: (p: unknown) => string; decodePassable: (e: string) => unknown };
  zeroPad: (n: unknown, size: number) => string;
  recordNames: (record: object) => string[];
  recordValues: (record: object, names: string[]) => unknown[];
  isEncodedRemotable: (encoded: string) => boolean;
  compareRank: (a: unknown, b: unknown) => number;
  compareAntiRank: (a: unknown, b: unknown) => number;
  compareRankRemotablesTied: (a: unknown, b: unknown) => number;
  compareAntiRankRemotablesTied: (a: unknown, b: unknown) => number;
  makeFullOrderComparatorKit: (longLived?: boolean) => { comparator: (a: unknown, b: unknown) => number; antiComparator: (a: unknown, b: unknown) => number };
  isRankSorted: (passables: unknown[], compare?: unknown) => boolean;
  sortByRank: (passables: Iterable<unknown>, compare?: unknown) => unknown[];
  getPassStyleCover: (style: string) => [string, string];
  unionRankCovers: (covers: [string, string][], compare?: unknown) => [string, string];
  intersectRankCovers: (covers: [string, string][], compare?: unknown) => [string, string];
  compareNumerics: (a: any, b: any) => number;
  compareByCodePoints: (a: string, b: string) => number;
  decodeToJustin: (encoding: unknown, shouldIndent?: boolean, slots?: unknown[]) => string;
  passableAsJustin: (passable: unknown, shouldIndent?: boolean) => string;
  qp: (passable: unknown) => string;
}

export type Result = { ok: unknown } | { threw: string };

const attempt = (run: () => unknown): Result => {
  try {
    return { ok: run() };
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
};

/**
 * The caller-supplied encoders of the tests: a remotable as 'r' + its
 * iface (spaces dropped), a promise as '?' + the order first seen, an error
 * as '!' + name + ':' + message (which the compact format refuses when it
 * holds a space or control character).
 */
export const makeCapCodecs = (api: OrderApi) => {
  const promiseNumbers = new Map<unknown, number>();
  return {
    encodeRemotable: (r: unknown) => `r${(api.getInterfaceOf(r) ?? '').replace(/ /g, '')}`,
    encodePromise: (p: unknown) => {
      if (!promiseNumbers.has(p)) promiseNumbers.set(p, promiseNumbers.size);
      return `?${promiseNumbers.get(p)}`;
    },
    encodeError: (e: Error) => `!${e.name}:${e.message}`,
    decodeRemotable: (encoded: string) => api.Remotable(`Alleged: ${encoded.slice(1)}`, undefined, {}),
    decodePromise: (encoded: string) => api.harden(Promise.resolve(encoded)),
    decodeError: (encoded: string) => api.harden(Error(encoded.slice(1))),
  };
};

export interface OrderInput {
  /** Values to encode, decode and print. */
  recipes: MarshalRecipe[];
  /** Pairs to compare: each an array recipe of two elements (so they share remotables). */
  pairs: MarshalRecipe[];
  /** Lists to sort: each an array recipe. */
  lists: MarshalRecipe[];
  /** Keys to decode: mutated or made-up encodings. */
  keys: string[];
  /** String pairs for compareByCodePoints. */
  strings: [string, string][];
  /** Hand-written capdata encodings, valid and not, for decodeToJustin. */
  trees?: unknown[];
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : n === 0 ? 0 : NaN);

const hasError = (recipe: MarshalRecipe): boolean => JSON.stringify(recipe).includes('"t":"error"');

export const runOrderChecks = (api: OrderApi, input: OrderInput) => {
  const codecs = makeCapCodecs(api);
  const legacy = api.makePassableKit({ ...codecs, format: 'legacyOrdered' });
  const compact = api.makePassableKit({ ...codecs, format: 'compactOrdered' });
  const values = input.recipes.map(recipe => buildValue(api, recipe));

  const encodings = values.map(value => ({
    legacy: attempt(() => legacy.encodePassable(value)),
    compact: attempt(() => compact.encodePassable(value)),
  }));
  const decoded = encodings.map(({ legacy: l, compact: c }) => ({
    legacy: 'ok' in l ? attempt(() => describe(api, legacy.decodePassable(l.ok as string))) : null,
    compact: 'ok' in c ? attempt(() => describe(api, compact.decodePassable(c.ok as string))) : null,
  }));
  const keys = input.keys.map(key => attempt(() => describe(api, legacy.decodePassable(key))));

  const comparisons = input.pairs.map(recipe => {
    const [a, b] = buildValue(api, recipe) as [unknown, unknown];
    const full = api.makeFullOrderComparatorKit();
    return [
      api.compareRank(a, b),
      api.compareAntiRank(a, b),
      api.compareRankRemotablesTied(a, b),
      api.compareAntiRankRemotablesTied(a, b),
      full.comparator(a, b),
      full.antiComparator(b, a),
    ].map(sign);
  });

  const sorts = input.lists.map(recipe => {
    const list = buildValue(api, recipe) as unknown[];
    const full = api.makeFullOrderComparatorKit(true);
    const orders = [api.compareRank, api.compareAntiRank, api.compareRankRemotablesTied, api.compareAntiRankRemotablesTied, full.comparator];
    return orders.map(order =>
      attempt(() => {
        const sorted = api.sortByRank(list, order);
        // Positions in the input, so equal-looking remotables are told apart.
        return { sorted: sorted.map(v => list.indexOf(v)), wasSorted: api.isRankSorted(list, order), sortedNow: api.isRankSorted(sorted, order) };
      }),
    );
  });

  const justin = input.recipes.map((recipe, i) => {
    let n = 0;
    const { toCapData } = api.makeMarshal(() => `s${(n += 1)}`, undefined, { errorTagging: 'off' });
    const data = attempt(() => toCapData(values[i]));
    if (!('ok' in data)) return null;
    const { body, slots } = data.ok as { body: string; slots: string[] };
    const encoding = JSON.parse(body);
    return {
      compact: attempt(() => api.decodeToJustin(encoding)),
      indented: attempt(() => api.decodeToJustin(encoding, true)),
      withSlots: attempt(() => api.decodeToJustin(encoding, false, slots)),
      // With error tagging on, errors would be logged: keep them out.
      asJustin: hasError(recipe) ? null : attempt(() => api.passableAsJustin(values[i])),
      qp: hasError(recipe) ? null : attempt(() => api.qp(values[i])),
    };
  });

  const styles = ['undefined', 'null', 'boolean', 'number', 'bigint', 'string', 'symbol', 'copyRecord', 'copyArray', 'byteArray', 'tagged', 'error', 'remotable', 'promise'];
  const covers = styles.map(style => api.getPassStyleCover(style));
  const coverSets: [string, string][][] = [[], [covers[0]!], covers.slice(0, 3), covers.slice(5, 9), [covers[4]!, covers[13]!], covers];
  const coverResults = coverSets.map(set => [api.unionRankCovers(set), api.intersectRankCovers(set)]);

  const numbers: [unknown, unknown][] = [[1, 2], [2, 1], [0, -0], [NaN, NaN], [NaN, 1], [1, NaN], [-Infinity, Infinity], [1n, 2n], [3n, 3n]];
  const misc = {
    covers,
    coverResults,
    zeroPad: [attempt(() => api.zeroPad(5, 3)), attempt(() => api.zeroPad('abc', 3)), attempt(() => api.zeroPad(1234, 3)), attempt(() => api.zeroPad(1, 17))],
    recordNames: api.recordNames(api.harden({ b: 1, a: 2, 10: 3, 9: 4, '': 5 })),
    recordValues: describe(api, api.recordValues(api.harden({ b: 1, a: 2 }), ['b', 'a'])),
    isEncodedRemotable: ['r', 'rx', '~r', 's', ''].map(api.isEncodedRemotable),
    numerics: numbers.map(([a, b]) => sign(api.compareNumerics(a, b))),
    codePoints: input.strings.map(([a, b]) => sign(api.compareByCodePoints(a, b))),
    badFormat: attempt(() => api.makePassableKit({ format: 'other' })),
    defaults: [attempt(() => api.makePassableKit().encodePassable(api.Far('x', {}))), attempt(() => api.makePassableKit().decodePassable('rx'))],
  };

  const trees = (input.trees ?? []).map(tree => [
    attempt(() => api.decodeToJustin(tree)),
    attempt(() => api.decodeToJustin(tree, true, ['a', { b: 1 }])),
  ]);

  return { encodings, decoded, keys, comparisons, sorts, justin, misc, trees };
};
