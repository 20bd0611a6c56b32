// makeAssert: builds an `assert` function with its methods (`typeof`,
// `string`, `equal`, `fail`, `Fail`, `details`, `quote`, `bare`, `note`,
// `makeError`, ...). Every assert shares this realm's bookkeeping (notes,
// hidden messages, error tags); they differ only in whether their `details`
// redacts and in the optional `raise` hook run before throwing.

import { assign, freeze, is, setFunctionLength } from '../commons.js';
import { bare, details as defaultDetails, quote, redactedDetails, unredactedDetails } from './details.js';
import { makeError } from './make-error.js';
import { note } from './notes.js';
import { FERAL_RANGE_ERROR, FERAL_TYPE_ERROR } from './primordials.js';
import { an } from './stringify-utils.js';
import type {
  Assert,
  AssertionFunctions,
  AssertMakeErrorOptions,
  AssertTypeof,
  Details,
  GenericErrorConstructor,
  Raise,
} from './types.js';

/**
 * Makes an `assert`. `raise`, when given, sees each failure's error before
 * it is thrown (to terminate a vat or process, say). `unredacted`: true
 * quotes every value in messages, false redacts, and leaving it out follows
 * the realm's setting (redacting unless lockdown ran with an unsafe
 * errorTaming).
 */
export const makeAssert = (raise?: Raise, unredacted?: boolean): Assert => {
  const details = unredacted === true ? unredactedDetails : unredacted === false ? redactedDetails : defaultDetails;
  const checkFailed = redactedDetails`Check failed`;

  const fail = (
    failDetails: Details = checkFailed,
    errConstructor?: GenericErrorConstructor,
    options?: AssertMakeErrorOptions,
  ): never => {
    const reason = makeError(failDetails, errConstructor, options);
    if (raise !== undefined) raise(reason);
    throw reason;
  };

  const Fail = (template: TemplateStringsArray | string[], ...args: unknown[]): never =>
    fail(details(template, ...args));

  const assert = (
    condition: unknown,
    failDetails?: Details,
    errConstructor?: GenericErrorConstructor,
    options?: AssertMakeErrorOptions,
  ): void => {
    if (!condition) fail(failDetails, errConstructor, options);
  };

  const equal = (
    actual: unknown,
    expected: unknown,
    failDetails?: Details,
    errConstructor?: GenericErrorConstructor,
    options?: AssertMakeErrorOptions,
  ): void => {
    if (!is(actual, expected)) {
      fail(
        failDetails || details`Expected ${actual} is same as ${expected}`,
        errConstructor || FERAL_RANGE_ERROR,
        options,
      );
    }
  };

  const assertTypeof = (specimen: unknown, typeName: string, failDetails?: Details): void => {
    // A non-string typeName never equals a typeof result, so check it only on failure.
    if (typeof specimen === typeName) return;
    if (typeof typeName !== 'string') Fail`${quote(typeName)} must be a string`;
    fail(failDetails === undefined ? details`${specimen} must be ${bare(an(typeName))}` : failDetails, FERAL_TYPE_ERROR);
  };

  const assertString = (specimen: unknown, failDetails?: Details): void =>
    assertTypeof(specimen, 'string', failDetails);

  // Same property order as the original's `assert`.
  const methods = {
    equal,
    typeof: assertTypeof as AssertTypeof,
    string: assertString,
    fail,
    makeError,
    note,
    details,
    Fail,
    quote,
    bare,
    error: makeError,
    makeAssert,
  };
  // The lengths of the original's functions, which take fewer declared parameters.
  setFunctionLength(assert, 1);
  setFunctionLength(equal, 2);
  setFunctionLength(assertString, 1);
  for (const method of [equal, assertTypeof, assertString, fail, Fail]) freeze(method);
  return freeze(assign(assert, methods)) as unknown as Assert;
};
freeze(makeAssert);

/** This realm's default assert: its redaction follows the realm's setting. */
export const assert: Assert = makeAssert();

/** The assertion part alone, as `@endo/errors` exports `assert`. */
export const assertionFunctions: AssertionFunctions = freeze(
  assign(
    (condition: unknown, failDetails?: Details, errConstructor?: GenericErrorConstructor, options?: AssertMakeErrorOptions) =>
      assert(condition, failDetails, errConstructor, options),
    { equal: assert.equal, typeof: assert.typeof, string: assert.string, fail: assert.fail },
  ),
) as unknown as AssertionFunctions;
