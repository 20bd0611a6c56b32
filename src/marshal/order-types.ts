// The types of the rank order (rank-order.ts), named as @endo/marshal 1.10
// names them.

/** The inclusive lower and upper bounds of a range of encodePassable keys. */
export type RankCover = [string, string];
/** -1, 0 or 1: less than, tied with, greater than. */
export type RankComparison = -1 | 0 | 1;
/** A total preorder over passables. */
export type RankCompare = (left: any, right: any) => RankComparison;
/** A RankCompare that is also a total order (ties only between equal keys). */
export type FullCompare = RankCompare;
/** A comparison where NaN means incomparable. */
export type PartialComparison = -1 | 0 | 1 | number;
export type PartialCompare<T = any> = (left: T, right: T) => PartialComparison;
export type RankComparatorKit = { comparator: RankCompare; antiComparator: RankCompare };
export type FullComparatorKit = { comparator: FullCompare; antiComparator: FullCompare };
