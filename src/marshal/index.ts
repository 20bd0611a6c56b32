// endo/marshal: a drop-in for @endo/marshal 1.10 (the same export names,
// the same body formats byte for byte): makeMarshal, QCLASS, stringify and
// parse, the Justin printers (justin.ts), the order-preserving key
// encoding (encode-passable.ts) and the rank order (rank-order.ts), and, as
// the original does for compatibility, every export of endo/pass-style.

export { QCLASS } from './qclass.js';
export { makeMarshal } from './make-marshal.js';
export { stringify, parse } from './stringify.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_BODY_LENGTH } from './limits.js';
export { decodeToJustin, passableAsJustin, qp } from './justin.js';
export {
  makePassableKit,
  makeEncodePassable,
  makeDecodePassable,
  isEncodedRemotable,
  zeroPad,
  recordNames,
  recordValues,
} from './encode-passable.js';
export type { EncodeOptions, DecodeOptions, PassableKit } from './encode-passable.js';
export {
  compareNumerics,
  compareByCodePoints,
  assertRankSorted,
  compareRank,
  compareRankRemotablesTied,
  isRankSorted,
  sortByRank,
  compareAntiRank,
  compareAntiRankRemotablesTied,
  makeFullOrderComparatorKit,
  getPassStyleCover,
  intersectRankCovers,
  unionRankCovers,
  // Internal to @endo/marshal's rankOrder module, exported here as well.
  makeComparatorKit,
  comparatorMirrorImage,
} from './rank-order.js';
export { FullRankCover, getIndexCover } from './rank-search.js';
export type { IndexCover } from './rank-search.js';
export type * from './order-types.js';
export type * from './types.js';
export * from '../pass-style/index.js';
