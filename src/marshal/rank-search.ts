// Finding a rank cover's range in an array already sorted by rank, by
// binary search: the leftmost element not before the cover's lower bound
// and the rightmost not after its upper bound. @endo/marshal keeps these in
// its rankOrder module without exporting them from its index; here they are
// exported too, so that code (and the original's tests) reaching for them
// find them.

import { harden } from '../ses/harden-when-available.js';
import { assertRankSorted, compareRankRemotablesTied } from './rank-order.js';
import type { RankCompare, RankCover } from './order-types.js';

/** The cover of every encoded key: each key starts at or after '' and before '{'. */
export const FullRankCover: RankCover = harden(['', '{']);

/** The index cover `[first, last]` (inclusive; last < first when empty). */
export type IndexCover = [number, number];

// The number of leading elements ranked before `key` ('before'), or at or before it ('notAfter').
const countRanked = (sorted: readonly unknown[], key: unknown, compare: RankCompare, which: 'before' | 'notAfter'): number => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const comparison = compare(sorted[middle], key);
    if (comparison < 0 || (comparison === 0 && which === 'notAfter')) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** The indices of `sorted` (sorted by `compare`) whose elements fall within `rankCover`. */
export const getIndexCover = (
  sorted: readonly unknown[],
  [leftKey, rightKey]: RankCover,
  compare: RankCompare = compareRankRemotablesTied,
): IndexCover => {
  assertRankSorted(sorted, compare);
  return [countRanked(sorted, leftKey, compare, 'before'), countRanked(sorted, rightKey, compare, 'notAfter') - 1];
};
harden(getIndexCover);
