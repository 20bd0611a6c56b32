// Optional limits on what one decoded body may cost, beyond its length and
// depth (limits.ts): digits of a bigint (BigInt() of n digits takes time
// growing with n²), and errors (each revived error captures a local stack).
// All are off (Infinity) unless given to makeMarshal, so marshal alone
// behaves as @endo/marshal; endo/captp sets them from its quotas. A body
// over one is refused with a RangeError that decodeLimitOf recognises, so
// that a caller can report the limit in its own terms.

export type DecodeLimits = {
  /** Digits (sign excluded) of one bigint. */
  maxBigIntDigits: number;
  /** Errors revived from one body. */
  maxErrorsPerBody: number;
  /** Errors within errors (in a cause, errors, or other field of an error). */
  maxErrorNesting: number;
  /** Fields of one error beyond name, message, errorId, cause and errors. */
  maxErrorNotes: number;
};

export const NO_DECODE_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxBigIntDigits: Infinity,
  maxErrorsPerBody: Infinity,
  maxErrorNesting: Infinity,
  maxErrorNotes: Infinity,
});

/** Which limit a refused body went over: its option name, the limit, and the count found. */
export type DecodeLimitExceeded = { name: keyof DecodeLimits; limit: number; count: number };

const exceededBy = new WeakMap<object, DecodeLimitExceeded>();

const WHAT: Record<keyof DecodeLimits, string> = {
  maxBigIntDigits: 'digits in one bigint',
  maxErrorsPerBody: 'errors in one body',
  maxErrorNesting: 'errors nested in errors',
  maxErrorNotes: 'notes on one error',
};

/** Throws the RangeError of a body over limit `name`. */
export const overDecodeLimit = (name: keyof DecodeLimits, limit: number, count: number): never => {
  const error = RangeError(`${count} ${WHAT[name]}, over the limit of ${limit} (the ${name} option of makeMarshal)`);
  exceededBy.set(error, Object.freeze({ name, limit, count }));
  throw error;
};

/** If `error` is the refusal of a body over a DecodeLimits limit, which one. */
export const decodeLimitOf = (error: unknown): DecodeLimitExceeded | undefined =>
  typeof error === 'object' && error !== null ? exceededBy.get(error) : undefined;

/** Digits of a bigint's decimal text, a leading sign excluded. */
export const digitCount = (text: string): number => {
  const first = text.charCodeAt(0);
  return first === 43 || first === 45 ? text.length - 1 : text.length;
};

/**
 * The decode limits of one body as a decoder walks it (capdata's and
 * smallcaps' alike): bigints are checked before BigInt() parses, whose time
 * grows with the square of the digits; errors are counted, with their
 * nesting and their extra fields, before one is made.
 */
export class DecodeLimitCounter {
  readonly #limits: Readonly<DecodeLimits>;
  #errorCount = 0;
  #errorNesting = 0;

  constructor(limits: Readonly<DecodeLimits> = NO_DECODE_LIMITS) {
    this.#limits = limits;
  }

  bigint(text: string): bigint {
    const digits = digitCount(text);
    if (digits > this.#limits.maxBigIntDigits) overDecodeLimit('maxBigIntDigits', this.#limits.maxBigIntDigits, digits);
    return BigInt(text);
  }

  /** One more error in this body, one level deeper; `fieldNames` are the error's own fields (the rest are notes). */
  enterError(node: object, fieldNames: ReadonlySet<string>): void {
    const limits = this.#limits;
    this.#errorCount += 1;
    if (this.#errorCount > limits.maxErrorsPerBody) overDecodeLimit('maxErrorsPerBody', limits.maxErrorsPerBody, this.#errorCount);
    if (this.#errorNesting + 1 > limits.maxErrorNesting) overDecodeLimit('maxErrorNesting', limits.maxErrorNesting, this.#errorNesting + 1);
    if (limits.maxErrorNotes !== Infinity) {
      let notes = 0;
      for (const name of Object.keys(node)) if (!fieldNames.has(name)) notes += 1;
      if (notes > limits.maxErrorNotes) overDecodeLimit('maxErrorNotes', limits.maxErrorNotes, notes);
    }
    this.#errorNesting += 1;
  }

  leaveError(): void {
    this.#errorNesting -= 1;
  }
}
