// encodePassable's two formats for the text of strings and the framing of
// arrays (which also frame records and tagged values):
//
// - legacyOrdered: strings are written as is; an array is '[' then each
//   element's encoding with \u0000 and \u0001 escaped by a \u0001, each
//   followed by a \u0000 terminator.
// - compactOrdered: strings escape the characters \u0000..'!' as '!' +
//   (character + 0x21), except ' ' as '!_' and '!' as '!|', and escape '^'
//   as '_@' and '_' as '__'; so a string never holds ' ' or '^', and an
//   array is '^' then each element's encoding followed by ' '. The escapes
//   keep the relative order of the characters they replace.
//
// The decoders accept and reject exactly what @endo/marshal 1.10's do,
// including their leniencies, since both may read the same stored keys.

import { Fail, q } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';

export type EncodeRecur = (value: any) => string;
export type DecodeRecur = (encoded: string, start?: number) => any;
export type EncodeArray = (array: readonly any[], encodeElement: EncodeRecur) => string;
/** Decodes the array whose encoding starts at `start` and runs to the end of `encoded`. */
export type DecodeArray = (encoded: string, decodeElement: DecodeRecur, start?: number) => any[];

const tail = (text: string, start: number): string => (start === 0 ? text : text.substring(start));

// ---- compactOrdered strings

const compactEscapeOf = (char: string): string => {
  switch (char) {
    case ' ':
      return '!_';
    case '!':
      return '!|';
    case '^':
      return '_@';
    case '_':
      return '__';
    default:
      return `!${String.fromCharCode(char.charCodeAt(0) + 0x21)}`;
  }
};

const NEEDS_COMPACT_ESCAPE = /[\0-!^_]/g;

export const encodeCompactString = (text: string): string => text.replace(NEEDS_COMPACT_ESCAPE, compactEscapeOf);

// An escape is a character in \u0000..'!' or '_' and the code unit after it
// (any but the line terminators \r, \u2028 and \u2029, as in the original).
const COMPACT_ESCAPE = /([\0-!_])([^\r\u2028\u2029])?/g;

const unescapeCompact = (escape: string, lead: string, next: string | undefined): string => {
  switch (escape) {
    case '!_':
      return ' ';
    case '!|':
      return '!';
    case '_@':
      return '^';
    case '__':
      return '_';
    default:
      if (lead === '!' && next !== undefined && next >= '!' && next <= '@') {
        return String.fromCharCode(next.charCodeAt(0) - 0x21);
      }
      throw Fail`invalid string escape: ${q(escape)}`;
  }
};

export const decodeCompactString = (encoded: string): string => encoded.replace(COMPACT_ESCAPE, unescapeCompact);

// ---- legacyOrdered strings: the identity.

export const encodeLegacyString = (text: string): string => text;
export const decodeLegacyString = (encoded: string): string => encoded;

// ---- compactOrdered arrays

export const encodeCompactArray: EncodeArray = (array, encodeElement) => {
  let out = '^';
  for (const element of array) out += `${encodeElement(element)} `;
  return out;
};

/**
 * Finds the top-level elements by their ' ' terminators, tracking the
 * nesting of inner arrays: a '^' opens one, and a ' ' right after a '^' or
 * another ' ' closes one.
 */
export const decodeCompactArray: DecodeArray = (encoded, decodeElement, start = 0) => {
  const elements: any[] = [];
  let depth = 0;
  let afterPrevious = start + 1;
  let elementStart = start + 1;
  const { length } = encoded;
  for (let i = 0; i < length; i += 1) {
    const char = encoded[i];
    if (char !== '^' && char !== ' ') continue;
    if (i < start) {
      // Before the array: ignored.
    } else if (i === start) {
      if (char !== '^') Fail`Encoded array expected: ${tail(encoded, start)}`;
    } else if (char === '^') {
      depth += 1;
    } else {
      if (i === afterPrevious) {
        depth -= 1;
        if (depth < 0) Fail`unexpected array element terminator: ${encoded.slice(start, i + 2)}`;
      }
      if (depth === 0) {
        elements.push(decodeElement(encoded.slice(elementStart, i)));
        elementStart = i + 1;
      }
    }
    afterPrevious = i + 1;
  }
  depth === 0 || Fail`unterminated array: ${tail(encoded, start)}`;
  afterPrevious === length || Fail`unterminated array element: ${tail(encoded, elementStart)}`;
  return harden(elements);
};

// ---- legacyOrdered arrays

// Escapes each \u0000 and \u0001 with a \u0001. Nested arrays make long
// texts full of both: split and join do it in a few native passes, where a
// regular expression replacement is several times slower.
const escapeLegacyElement = (text: string): string => {
  const hasNull = text.indexOf('\u0000') >= 0;
  const hasOne = text.indexOf('\u0001') >= 0;
  let escaped = text;
  if (hasOne) escaped = escaped.split('\u0001').join('\u0001\u0001');
  if (hasNull) escaped = escaped.split('\u0000').join('\u0001\u0000');
  return escaped;
};

export const encodeLegacyArray: EncodeArray = (array, encodeElement) => {
  let out = '[';
  for (const element of array) {
    out += escapeLegacyElement(encodeElement(element));
    out += '\u0000';
  }
  return out;
};

/** Splits at unescaped \u0000 terminators; `start` counts code points, as in the original. */
export const decodeLegacyArray: DecodeArray = (encoded, decodeElement, start = 0) => {
  const elements: any[] = [];
  let current = '';
  let toSkip = start + 1;
  let escaping = false;
  for (const char of encoded) {
    if (toSkip > 0) {
      toSkip -= 1;
      if (toSkip === 0 && char !== '[') Fail`Encoded array expected: ${tail(encoded, start)}`;
      continue;
    }
    if (escaping) {
      char === '\u0000' || char === '\u0001' || Fail`Unexpected character after u0001 escape: ${char}`;
      current += char;
      escaping = false;
    } else if (char === '\u0000') {
      elements.push(decodeElement(current));
      current = '';
    } else if (char === '\u0001') {
      escaping = true;
    } else {
      current += char;
    }
  }
  !escaping || Fail`unexpected end of encoding ${tail(encoded, start)}`;
  current.length === 0 || Fail`encoding terminated early: ${tail(encoded, start)}`;
  return harden(elements);
};
