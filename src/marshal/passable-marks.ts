// Vouching for what the decoders build. A decoder freezes each array and
// record it rebuilds from JSON.parse's output only after checking
// everything in it, so it can tell passStyleOf the answer directly (in
// pass-style's memory, style-cache.ts) rather than have it walk the whole
// result again, as @endo/marshal does with harden() and assertPassable().
// Those objects are ordinary arrays and records whose prototypes lockdown
// hardened, holding only hardened passables: frozen, they are as hardened as
// harden() would make them.
//
// When a host has endowed a shared passStyleOf (PassStyleOfEndowmentSymbol),
// pass-style's memory is not the one consulted: then the decoder checks
// its result with assertPassable instead.

import { PassStyleOfEndowmentSymbol } from '../pass-style/index.js';
import { setCachedStyle } from '../pass-style/style-cache.js';
import { onlyWellFormedStringsPassable, assertPassableString } from '../pass-style/string.js';

/** Whether passStyleOf is a host's (whose memory we cannot write to). */
export const passStyleOfIsShared: boolean = typeof (globalThis as any)[PassStyleOfEndowmentSymbol] === 'function';

/** Records that a frozen, fully checked `object` has pass style `style`. */
export const vouchFor = (object: object, style: 'copyArray' | 'copyRecord'): void => {
  setCachedStyle(object, style);
};

const isWellFormed = (String.prototype as any).isWellFormed as (this: string) => boolean;

/** Throws unless `text` is a passable string (well formed, unless that rule is disabled). */
export const checkString = (text: string): void => {
  if (onlyWellFormedStringsPassable && !isWellFormed.call(text)) assertPassableString(text);
};
