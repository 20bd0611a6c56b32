// What one decoded Syrup value may cost. Bytes from a peer are untrusted:
// every bound is checked before the work or memory it guards is spent (a
// claimed string length is checked before its bytes are awaited, digits are
// counted before BigInt() parses them), and a value over a bound is refused
// with a RangeError that names the limit and the byte offset.

export interface SyrupDecodeLimits {
  /** Bytes of one top-level value, from its first byte to its last. */
  maxValueBytes: number;
  /** Lists, records, dictionaries and sets open at once. */
  maxDepth: number;
  /** Bytes of one string, symbol or byte string (after its length prefix). */
  maxStringBytes: number;
  /** Decimal digits of one integer (BigInt() takes time quadratic in them). */
  maxIntegerDigits: number;
}

export const DEFAULT_SYRUP_DECODE_LIMITS: Readonly<SyrupDecodeLimits> = Object.freeze({
  maxValueBytes: 16 * 1024 * 1024,
  maxDepth: 1000,
  maxStringBytes: 8 * 1024 * 1024,
  maxIntegerDigits: 1000,
});

/** The defaults, overridden by whichever limits the caller gives; each must be a non-negative integer or Infinity. */
export const resolveSyrupDecodeLimits = (limits: Partial<SyrupDecodeLimits> = {}): Readonly<SyrupDecodeLimits> => {
  const resolved = { ...DEFAULT_SYRUP_DECODE_LIMITS };
  for (const name of Object.keys(DEFAULT_SYRUP_DECODE_LIMITS) as (keyof SyrupDecodeLimits)[]) {
    const given = limits[name];
    if (given === undefined) continue;
    if (typeof given !== 'number' || !(given === Infinity || (Number.isSafeInteger(given) && given >= 0))) {
      throw TypeError(`Syrup decode limit ${name} must be a non-negative integer or Infinity, not ${String(given)}`);
    }
    resolved[name] = given;
  }
  return Object.freeze(resolved);
};

const WHAT: Record<keyof SyrupDecodeLimits, string> = {
  maxValueBytes: 'bytes in one value',
  maxDepth: 'nested containers',
  maxStringBytes: 'bytes in one string, symbol or byte string',
  maxIntegerDigits: 'digits in one integer',
};

/** The RangeError of input over limit `name` (`count` may be a lower bound: "at least"). */
export const overSyrupLimit = (name: keyof SyrupDecodeLimits, limit: number, count: number, offset: number): RangeError =>
  RangeError(`Syrup input over the ${name} limit: ${count} ${WHAT[name]} where at most ${limit} are allowed, at byte offset ${offset}`);
