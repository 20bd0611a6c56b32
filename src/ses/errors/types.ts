// The public types of `assert` and its helpers, with the same names and
// shapes as those `ses` declares, so code typed against `ses` / `@endo/errors`
// type-checks unchanged against `endo/errors`.

/** Anything with a `toString`: what `quote` and `bare` return. */
export interface Stringable {
  toString(): string;
}

/**
 * What the `details` template tag returns: a fresh frozen empty object that
 * this module associates with the template's literal parts and values.
 */
export type DetailsToken = Record<any, never>;

/** A plain string, or a {@link DetailsToken}. */
export type Details = string | DetailsToken;

export interface AssertMakeErrorOptions {
  /**
   * How the console names this error (`Foo#3`); `error.name` itself still
   * comes from the constructor.
   */
  errorName?: string;
  /** Becomes the error's own `cause` property (when truthy). */
  cause?: Error;
  /** Becomes the error's own `errors` property, as on an AggregateError. */
  errors?: Error[];
  /** Default true: strip host-added properties and freeze the error. */
  sanitize?: boolean;
  /** Becomes the error's own `code` property. */
  code?: string;
}

/**
 * `AggregateErrorConstructor` is not a subtype of `ErrorConstructor` (their
 * call signatures differ), so operations taking any error constructor take
 * this union.
 */
export type GenericErrorConstructor = ErrorConstructor | AggregateErrorConstructor;

/** Called with the error before an assertion failure throws it. */
export type Raise = (reason: Error) => void;

type AssertTypeofOne<Name extends string, T> = (
  specimen: any,
  typeName: Name,
  details?: Details,
) => asserts specimen is T;

export type AssertTypeof = AssertTypeofOne<'bigint', bigint> &
  AssertTypeofOne<'boolean', boolean> &
  AssertTypeofOne<'function', Function> &
  AssertTypeofOne<'number', number> &
  AssertTypeofOne<'object', Record<any, any> | null> &
  AssertTypeofOne<'string', string> &
  AssertTypeofOne<'symbol', symbol> &
  AssertTypeofOne<'undefined', undefined>;

export type BaseAssert = (
  condition: any,
  details?: Details,
  errConstructor?: GenericErrorConstructor,
  options?: AssertMakeErrorOptions,
) => asserts condition;

export interface AssertionFunctions extends BaseAssert {
  typeof: AssertTypeof;
  /** Passes when `Object.is(actual, expected)`; otherwise a RangeError by default. */
  equal<T>(
    actual: unknown,
    expected: T,
    details?: Details,
    errConstructor?: GenericErrorConstructor,
    options?: AssertMakeErrorOptions,
  ): asserts actual is T;
  /** Same as `assert.typeof(specimen, 'string', details)`. */
  string(specimen: any, details?: Details): asserts specimen is string;
  /** Throws an error made from `details` (default: "Check failed"). */
  fail(details?: Details, errConstructor?: GenericErrorConstructor, options?: AssertMakeErrorOptions): never;
}

export interface AssertionUtilities {
  makeError<T extends GenericErrorConstructor>(
    details: Details,
    errConstructor: T,
    options?: AssertMakeErrorOptions,
  ): InstanceType<T>;
  makeError(details?: Details, errConstructor?: GenericErrorConstructor, options?: AssertMakeErrorOptions): Error;
  /** Attaches a note to `error`, shown by the causal console. */
  note(error: Error, details: Details): void;
  /** Template tag making a {@link DetailsToken}; usually imported as `X`. */
  details(template: TemplateStringsArray | string[], ...args: any): DetailsToken;
  /** Template tag that throws an error made from its details. */
  Fail(template: TemplateStringsArray | string[], ...args: any): never;
  /** Marks a value to be shown, not redacted, in messages; usually `q`. */
  quote(value: any, spaces?: string | number): Stringable;
  /** Marks a short word-like text to be shown without quotes; usually `b`. */
  bare(text: string, spaces?: string | number): Stringable;
}

export interface DeprecatedAssertionUtilities {
  /** Old name of `makeError`. */
  error: AssertionUtilities['makeError'];
  makeAssert: MakeAssert;
}

/** The global `assert`: assertion functions plus their utilities. */
export type Assert = AssertionFunctions & AssertionUtilities & DeprecatedAssertionUtilities;

/**
 * Makes an `assert`. With `raise`, a failing assertion calls `raise(error)`
 * before throwing. `unredacted: true` makes its `details` quote every value.
 */
export type MakeAssert = (raise?: Raise, unredacted?: boolean) => Assert;

/**
 * `false`, or a tag like `Fail`, used as `cond || (reject && reject\`...\`)`:
 * lets one check either throw or report a plain `false`.
 */
export type Rejector = false | AssertionUtilities['Fail'];
