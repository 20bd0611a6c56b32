// `Nat`, which @endo/captp re-exports from @endo/nat: a natural number as a
// bigint, from a bigint or a safe-integer number, or an error that says what
// was wrong with the value (the same errors and words as the original's).

import { freeze } from '../ses/commons.js';

export const Nat = (allegedNum: unknown): bigint => {
  if (typeof allegedNum === 'bigint') {
    if (allegedNum < 0n) throw RangeError(`${allegedNum} is negative`);
    return allegedNum;
  }
  if (typeof allegedNum === 'number') {
    if (!Number.isSafeInteger(allegedNum)) throw RangeError(`${allegedNum} is not a safe integer`);
    if (allegedNum < 0) throw RangeError(`${allegedNum} is negative`);
    return BigInt(allegedNum);
  }
  throw TypeError(`${String(allegedNum)} is a ${typeof allegedNum} but must be a bigint or a number`);
};
freeze(Nat);
