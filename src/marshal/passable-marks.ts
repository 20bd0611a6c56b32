// Vouching for what the decoders build. A decoder hardens each array and
// record it rebuilds from JSON.parse's output only after checking
// everything in it, so it can tell passStyleOf the answer directly (in
// pass-style's memory, style-cache.ts) rather than have it walk the whole
// result again, as @endo/marshal does with harden() and assertPassable().
// Those objects are ordinary arrays and records, fresh from JSON.parse and
// seen by nobody else, whose prototypes lockdown hardened, holding only
// hardened passables: frozen, they are as hardened as harden() would make
// them, and they are marked so (markFreshHardened), so that whoever hardens
// the result later (eventual send hardens every argument) does not walk it.
//
// When a host has endowed a shared passStyleOf (PassStyleOfEndowmentSymbol),
// pass-style's memory is not the one consulted: then the decoder checks
// its result with assertPassable instead.

import { PassStyleOfEndowmentSymbol } from '../pass-style/index.js';
import { markFreshHardened } from '../ses/harden-when-available.js';
import { setCachedStyle } from '../pass-style/style-cache.js';
import { onlyWellFormedStringsPassable, assertPassableString } from '../pass-style/string.js';

/** Whether passStyleOf is a host's (whose memory we cannot write to). */
export const passStyleOfIsShared: boolean = typeof (globalThis as any)[PassStyleOfEndowmentSymbol] === 'function';

/**
 * Hardens the decoder's fresh, fully checked `object`, whose values are
 * hardened, and records that it has pass style `style`.
 */
export const vouchFor = (object: object, style: 'copyArray' | 'copyRecord'): void => {
  markFreshHardened(object);
  setCachedStyle(object, style);
};

const isWellFormed = (String.prototype as any).isWellFormed as (this: string) => boolean;

/** Throws unless `text` is a passable string (well formed, unless that rule is disabled). */
export const checkString = (text: string): void => {
  if (onlyWellFormedStringsPassable && !isWellFormed.call(text)) assertPassableString(text);
};
