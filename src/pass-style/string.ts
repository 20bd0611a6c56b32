// Strings: a passable string must be well formed (no lone surrogates), as
// the spec requires; lone surrogates cannot be encoded in UTF-8 and so
// cannot cross most wires intact. @endo/pass-style 1.8.2 accepts any string
// unless the environment option ONLY_WELL_FORMED_STRINGS_PASSABLE is
// 'enabled'; here the default is 'enabled' and 'disabled' restores its
// lenience.

import { hideAndHardenFunction } from '../ses/errors/index.js';
import { hostEnvironment } from '../ses/commons.js';
import { failType, problem, throwProblem } from './reject.js';

const isWellFormedMethod = (String.prototype as any).isWellFormed as (this: string) => boolean;

/** True only for strings (never coerced) without lone surrogates. */
export const isWellFormedString = (value: unknown): value is string =>
  typeof value === 'string' && isWellFormedMethod.call(value);
hideAndHardenFunction(isWellFormedString);

/** Throws unless `isWellFormedString(value)`. */
export const assertWellFormedString: (value: unknown) => asserts value is string = value => {
  if (!isWellFormedString(value)) throwProblem(problem`Expected well-formed unicode string: ${value}`);
};
hideAndHardenFunction(assertWellFormedString);

/** Whether strings must be well formed to be passable (see the header). */
export const onlyWellFormedStringsPassable: boolean = hostEnvironment().ONLY_WELL_FORMED_STRINGS_PASSABLE !== 'disabled';

/** Throws unless `value` is a passable string. */
export const assertPassableString: (value: unknown) => asserts value is string = value => {
  if (typeof value !== 'string') failType`Expected string ${value}`;
  if (onlyWellFormedStringsPassable) assertWellFormedString(value);
};
hideAndHardenFunction(assertPassableString);
