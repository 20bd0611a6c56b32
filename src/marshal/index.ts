// endo/marshal: a drop-in for @endo/marshal 1.10 (the same export names,
// the same body formats byte for byte): makeMarshal, QCLASS, stringify and
// parse, and, as the original does for compatibility, every export of
// endo/pass-style. Not yet here: decodeToJustin, passableAsJustin, qp, the
// encodePassable family and the rank order family (see the README).

export { QCLASS } from './qclass.js';
export { makeMarshal } from './make-marshal.js';
export { stringify, parse } from './stringify.js';
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_BODY_LENGTH } from './limits.js';
export type * from './types.js';
export * from '../pass-style/index.js';
