// encodePassable's order-preserving text for numbers and bigints, and
// zeroPad. A number is 'f' + 16 hex digits of its IEEE 754 bits, with the
// sign bit flipped for non-negatives and every bit flipped for negatives,
// so text order is numeric order (-0 is written as 0, every NaN as the
// one canonical NaN, which sorts after Infinity). A bigint is 'p' (or 'n'
// when negative) + one '~' (or '#') per extra digit of its digit count +
// the digit count (ten's complemented when negative) + ':' + the digits
// (ten's complemented when negative).

import { assert as assertions, Fail } from '../ses/errors/index.js';
import type { AssertionFunctions } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';

// Typed so TypeScript treats assert(...) as an assertion.
const assert: AssertionFunctions = assertions;

const { is } = Object;

/** `n` as text, left-padded with zeros to `size` characters (at most 15 added). */
export const zeroPad = (n: unknown, size: number): string => {
  const text = `${n}`;
  const missing = size - text.length;
  if (missing === 0) return text;
  assert(missing > 0 && missing < 16);
  return '0'.repeat(missing) + text;
};
harden(zeroPad);

// One 8-byte scratch buffer: a value goes in and comes straight out.
const scratch = new DataView(new ArrayBuffer(8));
const CANONICAL_NAN_BITS = 0x7ff8000000000000n;
const ALL_BITS = 0xffffffffffffffffn;
const SIGN_BIT = 0x8000000000000000n;

export const encodeNumber = (value: number): string => {
  if (is(value, -0)) value = 0;
  let bits: bigint;
  if (value !== value) {
    bits = CANONICAL_NAN_BITS;
  } else {
    scratch.setFloat64(0, value);
    bits = scratch.getBigUint64(0);
  }
  bits ^= value < 0 ? ALL_BITS : SIGN_BIT;
  return `f${zeroPad(bits.toString(16), 16)}`;
};

/** Decodes the number whose encoding starts at `start` and runs to the end of `encoded`. */
export const decodeNumber = (encoded: string, start = 0): number => {
  encoded.charAt(start) === 'f' || Fail`Encoded number expected: ${encoded}`;
  const hex = encoded.substring(start + 1);
  let bits = BigInt(`0x${hex}`);
  // A leading hex digit below 8 means the sign bit is clear: a negative number.
  bits ^= encoded.charAt(start + 1) < '8' ? ALL_BITS : SIGN_BIT;
  scratch.setBigUint64(0, bits);
  const value = scratch.getFloat64(0);
  if (is(value, -0)) Fail`Unexpected negative zero: ${encoded.substring(start)}`;
  return value;
};

export const encodeBigInt = (value: bigint): string => {
  const negative = value < 0n;
  const digitCount = (negative ? -value : value).toString().length;
  const countText = `${digitCount}`;
  const countWidth = countText.length;
  if (negative) {
    const countComplement = `${10 ** countWidth - digitCount}`.padStart(countWidth, '0');
    const digitsComplement = `${10n ** BigInt(digitCount) + value}`.padStart(digitCount, '0');
    return `n${'#'.repeat(countWidth - 1)}${countComplement}:${digitsComplement}`;
  }
  return `p${'~'.repeat(countWidth - 1)}${countText}:${value}`;
};

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Decodes a whole bigint encoding. As in the original, the digit count is
 * the first run of decimal digits, which must start right after the
 * prefix and its unary marks (its position equals its length).
 */
export const decodeBigInt = (encoded: string): bigint => {
  const sign = encoded.charAt(0);
  sign === 'p' || sign === 'n' || Fail`Encoded bigint expected: ${encoded}`;
  const { length } = encoded;
  let countStart = 0;
  while (countStart < length && !isDigit(encoded.charCodeAt(countStart))) countStart += 1;
  if (countStart === length) throw Fail`Digit count expected: ${encoded}`;
  let countEnd = countStart;
  while (countEnd < length && isDigit(encoded.charCodeAt(countEnd))) countEnd += 1;
  const countText = encoded.slice(countStart, countEnd);
  countText.length === countStart || Fail`Unary-prefixed decimal digit count expected: ${encoded}`;
  let digitCount = parseInt(countText, 10);
  if (sign === 'n') digitCount = 10 ** countStart - digitCount;
  encoded.charAt(countEnd) === ':' || Fail`Separator expected: ${encoded}`;
  // The digits are everything after ':' if that is all digits, else nothing.
  let digits = encoded.slice(countEnd + 1);
  for (let i = 0; i < digits.length; i += 1) {
    if (!isDigit(digits.charCodeAt(i))) {
      digits = '';
      break;
    }
  }
  digits.length === digitCount || Fail`Fixed-length digit sequence expected: ${encoded}`;
  const magnitude = BigInt(digits);
  return sign === 'n' ? -(10n ** BigInt(digitCount) - magnitude) : magnitude;
};
