// The rank order of passables, as @endo/marshal 1.10 defines it: a total
// preorder in which values of different pass styles are ordered by their
// style's key prefix (pass-style-prefixes.ts), so that the string order of
// encodePassable keys agrees with it. Within a style: numbers ascending with
// -0 tied to 0 and NaN last; bigints, booleans and strings by `<` (strings by
// UTF-16 code units unless ENDO_RANK_STRINGS says otherwise); symbols by
// passable name; arrays lexicographically, then by length; records by their
// reverse-sorted names, then by the values in that order; tagged by tag,
// then payload. All errors tie, all promises tie, undefined ties, null ties.
// Remotables tie in compareRank, and end the comparison of the containers
// holding them there (`[r1, 1]` ties `[r2, 0]`); compareRankRemotablesTied
// ties them and goes on; a full-order kit numbers them as it first sees them.

import { Fail, assert as assertions, q } from '../ses/errors/index.js';
import type { AssertionFunctions } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { getTag, nameForPassableSymbol, passStyleOf } from '../pass-style/index.js';
import type { PassStyle } from '../pass-style/types.js';
import { passStylePrefixes } from './pass-style-prefixes.js';
import { recordNames, recordValues } from './encode-passable.js';
import { readRankStringsOption } from './rank-strings-option.js';
import type { FullComparatorKit, PartialCompare, RankCompare, RankComparatorKit, RankComparison, RankCover } from './order-types.js';

// Typed so TypeScript treats assert(...) as an assertion.
const assert: AssertionFunctions = assertions;

const { is } = Object;
const { isNaN: numberIsNaN } = Number;

const stringOrder = readRankStringsOption();

const compareByLessThan = (left: any, right: any): RankComparison => (left < right ? -1 : left === right ? 0 : 1);

/** Compares strings by Unicode code points (where a lone surrogate counts as its code unit). */
export const compareByCodePoints = (left: string, right: string): RankComparison => {
  const leftPoints = left[Symbol.iterator]();
  const rightPoints = right[Symbol.iterator]();
  for (;;) {
    const { value: leftChar } = leftPoints.next();
    const { value: rightChar } = rightPoints.next();
    if (leftChar === undefined) return rightChar === undefined ? 0 : -1;
    if (rightChar === undefined) return 1;
    const leftCode = leftChar.codePointAt(0)!;
    const rightCode = rightChar.codePointAt(0)!;
    if (leftCode !== rightCode) return leftCode < rightCode ? -1 : 1;
  }
};
harden(compareByCodePoints);

/** Compares two numbers or two bigints: -0 ties 0, NaN ties NaN and follows everything. */
export const compareNumerics = <T extends number | bigint>(left: T, right: T): RankComparison => {
  if (left < right) return -1;
  if (left > right) return 1;
  const leftNaN = numberIsNaN(left as number);
  const rightNaN = numberIsNaN(right as number);
  if (leftNaN === rightNaN) return 0;
  return rightNaN ? -1 : 1;
};
harden(compareNumerics);

// Each style's rank (its place in prefix order) and the range of keys
// its values encode to: from its first prefix character up to, not
// including, the character after its last.
const styleRanks: Record<string, { index: number; cover: RankCover }> = Object.create(null);
Object.entries(passStylePrefixes)
  .sort(([, left], [, right]) => compareByLessThan(left, right))
  .forEach(([style, prefixes], index) => {
    const cover = harden([prefixes.charAt(0), String.fromCharCode(prefixes.charCodeAt(prefixes.length - 1) + 1)]) as RankCover;
    styleRanks[style] = { index, cover };
  });
harden(styleRanks);

/** A range of encodePassable keys that holds every value of `passStyle` (and maybe more). */
export const getPassStyleCover = (passStyle: PassStyle): RankCover => styleRanks[passStyle]!.cover;
harden(getPassStyleCover);

const compareStrings = (left: string, right: string): RankComparison => {
  switch (stringOrder) {
    case 'utf16-code-unit-order':
      return compareByLessThan(left, right);
    case 'unicode-code-point-order':
      return compareByCodePoints(left, right);
    default: {
      const byUnits = compareByLessThan(left, right);
      const byPoints = compareByCodePoints(left, right);
      byUnits === byPoints || Fail`Comparisons differed: ${left} vs ${right}, ${q(byUnits)} vs ${q(byPoints)}`;
      return byUnits;
    }
  }
};

// The comparators each kit made, for isRankSorted's memory and for
// finding a comparator's mirror image.
const sortedBy = new WeakMap<RankCompare, WeakSet<readonly unknown[]>>();
const mirrorImages = new WeakMap<RankCompare, RankCompare>();

/**
 * A rank comparator and its reverse. `compareRemotables` orders two
 * remotables; NaN (the default) means they are incomparable, which ends the
 * comparison as a tie.
 */
export const makeComparatorKit = (compareRemotables: PartialCompare = () => NaN): RankComparatorKit => {
  // Returns NaN for incomparable: every caller passes a non-zero result up.
  const compare = (left: any, right: any): number => {
    if (left === right || is(left, right)) return 0;
    const leftStyle = passStyleOf(left);
    const rightStyle = passStyleOf(right);
    if (leftStyle !== rightStyle) return compareNumerics(styleRanks[leftStyle]!.index, styleRanks[rightStyle]!.index);
    switch (leftStyle) {
      case 'remotable':
        return compareRemotables(left, right);
      case 'undefined':
      case 'null':
      case 'error':
      case 'promise':
        return 0;
      case 'boolean':
      case 'bigint':
        return compareByLessThan(left, right);
      case 'number':
        return compareNumerics(left, right);
      case 'string':
        return compareStrings(left, right);
      case 'symbol':
        return compare(nameForPassableSymbol(left), nameForPassableSymbol(right));
      case 'copyArray': {
        const shorter = Math.min(left.length, right.length);
        for (let i = 0; i < shorter; i += 1) {
          const result = compare(left[i], right[i]);
          if (result !== 0) return result;
        }
        return compare(left.length, right.length);
      }
      case 'copyRecord': {
        const leftNames = recordNames(left);
        const rightNames = recordNames(right);
        const byNames = compare(leftNames, rightNames);
        if (byNames !== 0) return byNames;
        return compare(recordValues(left, leftNames), recordValues(right, rightNames));
      }
      case 'tagged': {
        const byTag = compare(getTag(left), getTag(right));
        if (byTag !== 0) return byTag;
        return compare(left.payload, right.payload);
      }
      case 'byteArray': {
        // Shorter first, then byte by byte.
        const leftLength = left.byteLength;
        const rightLength = right.byteLength;
        if (leftLength !== rightLength) return leftLength < rightLength ? -1 : 1;
        const leftBytes = new Uint8Array(Object.getPrototypeOf(left) === ArrayBuffer.prototype ? left : left.slice(0));
        const rightBytes = new Uint8Array(Object.getPrototypeOf(right) === ArrayBuffer.prototype ? right : right.slice(0));
        for (let i = 0; i < leftLength; i += 1) {
          if (leftBytes[i] !== rightBytes[i]) return leftBytes[i]! < rightBytes[i]! ? -1 : 1;
        }
        return 0;
      }
      default:
        throw Fail`Unrecognized passStyle: ${q(leftStyle)}`;
    }
  };

  // Incomparable (NaN) counts as a tie.
  const comparator: RankCompare = (left, right) => (compare(left, right) || 0) as RankComparison;
  const antiComparator: RankCompare = (left, right) => comparator(right, left);

  sortedBy.set(comparator, new WeakSet());
  sortedBy.set(antiComparator, new WeakSet());
  mirrorImages.set(comparator, antiComparator);
  mirrorImages.set(antiComparator, comparator);
  return harden({ comparator, antiComparator });
};
harden(makeComparatorKit);

/** The reverse of a comparator some kit made. */
export const comparatorMirrorImage = (comparator: RankCompare): RankCompare | undefined => mirrorImages.get(comparator);
harden(comparatorMirrorImage);

export const { comparator: compareRank, antiComparator: compareAntiRank } = makeComparatorKit();

export const { comparator: compareRankRemotablesTied, antiComparator: compareAntiRankRemotablesTied } = makeComparatorKit(
  () => 0,
);

/** Whether `passables` (a copyArray) is sorted by `compare` (a kit's comparator). Remembered once true. */
export const isRankSorted = (passables: readonly any[], compare: RankCompare = compareRankRemotablesTied): boolean => {
  const known = sortedBy.get(compare);
  assert(known !== undefined);
  if (known!.has(passables)) return true;
  assert(passStyleOf(passables) === 'copyArray');
  for (let i = 1; i < passables.length; i += 1) {
    if (compare(passables[i - 1], passables[i]) >= 1) return false;
  }
  known!.add(passables);
  return true;
};
harden(isRankSorted);

export const assertRankSorted = (sorted: readonly any[], compare: RankCompare = compareRankRemotablesTied): true | never =>
  isRankSorted(sorted, compare) || Fail`Must be rank sorted: ${sorted} vs ${sortByRank(sorted, compare)}`;
harden(assertRankSorted);

/** A hardened array of `passables` sorted by `compare`; `passables` itself if already sorted. */
export const sortByRank = <T>(passables: Iterable<T>, compare: RankCompare = compareRankRemotablesTied): T[] => {
  let copy: T[];
  if (Array.isArray(passables)) {
    harden(passables);
    if (isRankSorted(passables, compare)) return passables;
    copy = [...passables];
  } else {
    copy = Array.from(passables, element => harden(element));
  }
  const sorted = copy.sort(compare);
  // sort() leaves undefined at the end; a reverse order wants it first.
  if (compare(true, undefined) > 0) {
    let undefinedCount = 0;
    while (undefinedCount < sorted.length && sorted[sorted.length - 1 - undefinedCount] === undefined) undefinedCount += 1;
    if (undefinedCount > 0 && undefinedCount < sorted.length) {
      sorted.copyWithin(undefinedCount, 0);
      sorted.fill(undefined as T, 0, undefinedCount);
    }
  }
  harden(sorted);
  sortedBy.get(compare)!.add(sorted);
  return sorted;
};
harden(sortByRank);

const lesserOf = <T>(compare: RankCompare, a: T, b: T): T => (compare(a, b) <= 0 ? a : b);
const greaterOf = <T>(compare: RankCompare, a: T, b: T): T => (compare(a, b) >= 0 ? a : b);

/** The smallest cover holding all of `covers` (['{', ''] for none). */
export const unionRankCovers = (covers: RankCover[], compare: RankCompare = compareRankRemotablesTied): RankCover =>
  covers.reduce(
    ([leftA, rightA], [leftB, rightB]): RankCover => [lesserOf(compare, leftA, leftB), greaterOf(compare, rightA, rightB)],
    ['{', ''] as RankCover,
  );
harden(unionRankCovers);

/** The cover common to all of `covers` (['', '{'] for none). */
export const intersectRankCovers = (covers: RankCover[], compare: RankCompare = compareRankRemotablesTied): RankCover =>
  covers.reduce(
    ([leftA, rightA], [leftB, rightB]): RankCover => [greaterOf(compare, leftA, leftB), lesserOf(compare, rightA, rightB)],
    ['', '{'] as RankCover,
  );
harden(intersectRankCovers);

/**
 * A comparator kit that orders remotables by when it first saw each one.
 * That memory is observable state: do not share a kit between parties
 * that must not communicate. `longLived` holds the remotables weakly.
 */
export const makeFullOrderComparatorKit = (longLived = false): FullComparatorKit => {
  let seenCount = 0;
  const ordinals: Map<object, number> | WeakMap<object, number> = longLived ? new WeakMap() : new Map();
  const ordinalOf = (remotable: object): number => {
    let ordinal = ordinals.get(remotable);
    if (ordinal === undefined) {
      seenCount += 1;
      ordinal = seenCount;
      ordinals.set(remotable, ordinal);
    }
    return ordinal;
  };
  return makeComparatorKit((left, right) => compareRank(ordinalOf(left), ordinalOf(right)));
};
harden(makeFullOrderComparatorKit);
