// encodePassable: an order-preserving text encoding of passables, used as
// database keys (by @agoric/store and friends), byte for byte the encoding
// of @endo/marshal 1.10. Comparing two keys as strings gives the rank order
// of the passables (rank-order.ts) except among remotables, promises and
// errors, which the caller encodes (starting with 'r', '?' and '!').
//
// Each key starts with its pass style's prefix (pass-style-prefixes.ts):
// 'v' null, 'z' undefined, 'b' + 'true'/'false', 'f' number and 'n'/'p'
// bigint (key-scalars.ts), 's' string, 'y' + a symbol's passable name,
// '(' + the array [names reverse-sorted, their values] for a record, ':' +
// the array [tag, payload] for a tagged. Strings and arrays are written in
// one of two formats (key-sequences.ts); compactOrdered keys start with '~'.
//
// One deliberate difference: decoding refuses a string or symbol name with
// a lone surrogate (unless ONLY_WELL_FORMED_STRINGS_PASSABLE is
// 'disabled'), as endo/pass-style refuses such strings; the original
// decodes them (and then refuses them only inside records and tagged).

import { Fail, b, q } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import {
  assertRecord,
  getTag,
  isErrorLike,
  makeTagged,
  nameForPassableSymbol,
  passStyleOf,
  passableSymbolForName,
} from '../pass-style/index.js';
import { decodeBigInt, decodeNumber, encodeBigInt, encodeNumber } from './key-scalars.js';
import {
  decodeCompactArray,
  decodeCompactString,
  decodeLegacyArray,
  decodeLegacyString,
  encodeCompactArray,
  encodeCompactString,
  encodeLegacyArray,
  encodeLegacyString,
} from './key-sequences.js';
import { checkString } from './passable-marks.js';
import type { DecodeArray, DecodeRecur, EncodeArray, EncodeRecur } from './key-sequences.js';

export { zeroPad } from './key-scalars.js';

const { isArray } = Array;
const { fromEntries } = Object;
const { ownKeys } = Reflect;

export type EncodeOptions = {
  encodeRemotable?: (remotable: any, encodeRecur: (p: any) => string) => string;
  encodePromise?: (promise: Promise<any>, encodeRecur: (p: any) => string) => string;
  encodeError?: (error: Error, encodeRecur: (p: any) => string) => string;
  format?: 'legacyOrdered' | 'compactOrdered';
};

export type DecodeOptions = {
  decodeRemotable?: (encodedRemotable: string, decodeRecur: (e: string) => any) => any;
  decodePromise?: (encodedPromise: string, decodeRecur: (e: string) => any) => Promise<any>;
  decodeError?: (encodedError: string, decodeRecur: (e: string) => any) => Error;
};

export type PassableKit = {
  encodePassable: (passable: any) => string;
  decodePassable: (encoded: string) => any;
};

/** A record's property names in reverse code-unit order: the order records are compared and encoded in. */
export const recordNames = (record: object): string[] => harden((ownKeys(record) as string[]).sort().reverse());
harden(recordNames);

/** The values of `record` for `names` (from recordNames), in that order. */
export const recordValues = <T>(record: Record<string, T>, names: string[]): T[] =>
  harden(names.map(name => record[name]!));
harden(recordValues);

/** Whether a (legacyOrdered) key encodes a remotable. */
export const isEncodedRemotable = (encoded: string): boolean => encoded.charAt(0) === 'r';
harden(isEncodedRemotable);

type CapEncoder = (value: any, encodeRecur: EncodeRecur) => string;

/** Wraps a caller's encoder: its output must start with `prefix` and pass `verify`. */
const checkedCapEncoder = (
  encode: CapEncoder,
  prefix: string,
  label: string,
  verify: (encoding: string, label: string) => void,
): CapEncoder => (value, encodeRecur) => {
  const encoding = encode(value, encodeRecur);
  (typeof encoding === 'string' && encoding.charAt(0) === prefix) ||
    Fail`${b(label)} encoding must start with ${q(prefix)}: ${encoding}`;
  verify(encoding, label);
  return encoding;
};

type CapEncoders = {
  encodeRemotable: CapEncoder;
  encodePromise: CapEncoder;
  encodeError: CapEncoder;
  verify: (encoding: string, label: string) => void;
};

const makeEncoder = (encodeString: (text: string) => string, encodeArray: EncodeArray, options: CapEncoders): EncodeRecur => {
  const encodeRemotable = checkedCapEncoder(options.encodeRemotable, 'r', 'Remotable', options.verify);
  const encodePromise = checkedCapEncoder(options.encodePromise, '?', 'Promise', options.verify);
  const encodeError = checkedCapEncoder(options.encodeError, '!', 'Error', options.verify);

  const encode: EncodeRecur = value => {
    // An error need not be passable to be encoded (it can only be at the root).
    if (isErrorLike(value)) return encodeError(value, encode);
    const style = passStyleOf(value);
    switch (style) {
      case 'null':
        return 'v';
      case 'undefined':
        return 'z';
      case 'boolean':
        return `b${value}`;
      case 'number':
        return encodeNumber(value);
      case 'bigint':
        return encodeBigInt(value);
      case 'string':
        return `s${encodeString(value)}`;
      case 'symbol': {
        const name = nameForPassableSymbol(value);
        typeof name === 'string' || Fail`${name} must be a string`;
        return `y${encodeString(name!)}`;
      }
      case 'remotable':
        return encodeRemotable(value, encode);
      case 'promise':
        return encodePromise(value, encode);
      case 'error':
        return encodeError(value, encode);
      case 'copyArray':
        return encodeArray(value, encode);
      case 'copyRecord': {
        const names = recordNames(value);
        return `(${encodeArray(harden([names, recordValues(value, names)]), encode)}`;
      }
      case 'tagged':
        return `:${encodeArray(harden([getTag(value), value.payload]), encode)}`;
      case 'byteArray':
        throw Fail`encodePassable(byteArray) not yet implemented: ${value}`;
      default:
        throw Fail`a ${q(style)} cannot be used as a collection passable`;
    }
  };
  return encode;
};

type CapDecoders = Required<DecodeOptions>;

const makeDecoder = (decodeString: (encoded: string) => string, decodeArray: DecodeArray, options: CapDecoders): DecodeRecur => {
  const { decodeRemotable, decodePromise, decodeError } = options;
  const tail = (encoded: string, start: number): string => (start === 0 ? encoded : encoded.substring(start));

  const decodeRecord = (encoded: string, start: number): object => {
    const pair = decodeArray(encoded, decode, start + 1);
    pair.length === 2 || Fail`expected keys,values pair: ${tail(encoded, start)}`;
    const [names, values] = pair as [any, any];
    (passStyleOf(names) === 'copyArray' &&
      passStyleOf(values) === 'copyArray' &&
      names.length === values.length &&
      names.every((name: unknown) => typeof name === 'string')) ||
      Fail`not a valid record encoding: ${tail(encoded, start)}`;
    const record = harden(fromEntries(names.map((name: string, i: number) => [name, values[i]])));
    (assertRecord as (value: unknown, label: string) => void)(record, 'decoded record');
    return record;
  };

  const decodeTagged = (encoded: string, start: number): object => {
    const pair = decodeArray(encoded, decode, start + 1);
    pair.length === 2 || Fail`expected tag,payload pair: ${tail(encoded, start)}`;
    const [tag, payload] = pair;
    passStyleOf(tag) === 'string' || Fail`not a valid tagged encoding: ${tail(encoded, start)}`;
    return makeTagged(tag, payload);
  };

  const decode: DecodeRecur = (encoded, start = 0) => {
    switch (encoded.charAt(start)) {
      case 'v':
        return null;
      case 'z':
        return undefined;
      case 'b': {
        const text = tail(encoded, start + 1);
        if (text === 'true') return true;
        if (text === 'false') return false;
        throw Fail`expected encoded boolean to be "btrue" or "bfalse": ${text}`;
      }
      case 'f':
        return decodeNumber(encoded, start);
      case 'n':
      case 'p':
        return decodeBigInt(tail(encoded, start));
      case 's': {
        const text = decodeString(tail(encoded, start + 1));
        checkString(text);
        return text;
      }
      case 'y': {
        const name = decodeString(tail(encoded, start + 1));
        checkString(name);
        return passableSymbolForName(name);
      }
      case 'r':
        return decodeRemotable(tail(encoded, start), decode);
      case '?':
        return decodePromise(tail(encoded, start), decode);
      case '!':
        return decodeError(tail(encoded, start), decode);
      case '[':
      case '^':
        return decodeArray(encoded, decode, start);
      case '(':
        return decodeRecord(encoded, start);
      case ':':
        return decodeTagged(encoded, start);
      default:
        throw Fail`invalid database key: ${tail(encoded, start)}`;
    }
  };
  return decode;
};

// Control characters cannot appear in a compact key (they are escaped).
const C0_CONTROL = /[\x00-\x1F]/;

// Reads a caller's remotable/promise/error encoding as inert: to check
// only that it frames correctly inside an array.
const framingOnlyDecode = makeDecoder(decodeCompactString, decodeCompactArray, {
  decodeRemotable: () => undefined,
  decodePromise: () => undefined as any,
  decodeError: () => undefined as any,
});

/** A caller's compact encoding must not break the framing of an array it is put in. */
const verifyCompactEmbeddable = (encoding: string, label: string): void => {
  !C0_CONTROL.test(encoding) || Fail`${b(label)} encoding must not contain a C0 control character: ${encoding}`;
  const framed = decodeCompactArray(`^v ${encoding} v `, framingOnlyDecode);
  (isArray(framed) && framed.length === 3 && framed[0] === null && framed[2] === null) ||
    Fail`${b(label)} encoding must be embeddable: ${encoding}`;
};

/**
 * The encoder and decoder of one configuration. The decoder reads both
 * formats (a leading '~' marks compactOrdered), whatever `format` says.
 */
export const makePassableKit = (options: EncodeOptions & DecodeOptions = {}): PassableKit => {
  const {
    encodeRemotable = (remotable: unknown) => Fail`remotable unexpected: ${remotable}`,
    encodePromise = (promise: unknown) => Fail`promise unexpected: ${promise}`,
    encodeError = (error: unknown) => Fail`error unexpected: ${error}`,
    format = 'legacyOrdered',
    decodeRemotable = (encoding: string) => Fail`remotable unexpected: ${encoding}`,
    decodePromise = (encoding: string) => Fail`promise unexpected: ${encoding}`,
    decodeError = (encoding: string) => Fail`error unexpected: ${encoding}`,
  } = options;
  const capEncoders = { encodeRemotable, encodePromise, encodeError } as CapEncoders;

  let encodePassable: (passable: any) => string;
  if (format === 'compactOrdered') {
    const encodeCompact = makeEncoder(encodeCompactString, encodeCompactArray, {
      ...capEncoders,
      verify: verifyCompactEmbeddable,
    });
    encodePassable = passable => `~${encodeCompact(passable)}`;
  } else if (format === 'legacyOrdered') {
    encodePassable = makeEncoder(encodeLegacyString, encodeLegacyArray, { ...capEncoders, verify: () => {} });
  } else {
    throw Fail`Unrecognized format: ${q(format)}`;
  }

  const capDecoders = { decodeRemotable, decodePromise, decodeError } as CapDecoders;
  const decodeCompact = makeDecoder(decodeCompactString, decodeCompactArray, capDecoders);
  const decodeLegacy = makeDecoder(decodeLegacyString, decodeLegacyArray, capDecoders);
  const decodePassable = (encoded: string): any =>
    encoded.charAt(0) === '~' ? decodeCompact(encoded, 1) : decodeLegacy(encoded);

  return harden({ encodePassable, decodePassable });
};
harden(makePassableKit);

export const makeEncodePassable = (encodeOptions?: EncodeOptions): PassableKit['encodePassable'] =>
  makePassableKit(encodeOptions).encodePassable;
harden(makeEncodePassable);

export const makeDecodePassable = (decodeOptions?: DecodeOptions): PassableKit['decodePassable'] =>
  makePassableKit(decodeOptions).decodePassable;
harden(makeDecodePassable);
