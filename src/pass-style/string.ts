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

// Read once, when this module loads (as the original reads it), so a test
// sets it before importing pass-style. Any other value is refused, as there.
const readOnlyWellFormedOption = (): boolean => {
  const env = hostEnvironment();
  if (!('ONLY_WELL_FORMED_STRINGS_PASSABLE' in env)) return true;
  const setting: unknown = env.ONLY_WELL_FORMED_STRINGS_PASSABLE;
  if (setting === 'enabled') return true;
  if (setting === 'disabled') return false;
  const name = JSON.stringify('ONLY_WELL_FORMED_STRINGS_PASSABLE');
  if (typeof setting !== 'string') {
    throw Error(`Environment option named ${name}, if present, must have a corresponding string value, got ${JSON.stringify(setting)}`);
  }
  throw Error(`Unrecognized ${name} value ${JSON.stringify(setting)}. Expected one of ${JSON.stringify(['enabled', 'disabled'])}`);
};

/** Whether strings must be well formed to be passable (see the header). */
export const onlyWellFormedStringsPassable: boolean = readOnlyWellFormedOption();

/** Throws unless `value` is a passable string. */
export const assertPassableString: (value: unknown) => asserts value is string = value => {
  if (typeof value !== 'string') failType`Expected string ${value}`;
  if (onlyWellFormedStringsPassable) assertWellFormedString(value);
};
hideAndHardenFunction(assertPassableString);
