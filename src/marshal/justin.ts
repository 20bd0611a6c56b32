// Justin: marshal's capdata encoding printed as a JavaScript expression
// (in the Justin subset of Hardened JS) that would rebuild the value, for
// messages, logs and tests: decodeToJustin prints an encoding,
// passableAsJustin a passable, and qp quotes a passable for an error
// message (in backquotes, unredacted). The text is @endo/marshal 1.10's:
// `makeTagged("t",payload)`, `slot(0,"Alleged: x")`, `slotToVal("s0")`,
// `passableSymbolForName("@@iterator")`, `TypeError("msg")`, `10n`, ...
//
// The encoding is checked in full before anything is printed, so a bad
// encoding throws rather than printing half.

import { Fail, X, assert as assertions, q } from '../ses/errors/index.js';
import type { AssertionFunctions } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { getErrorConstructor, isPrimitive, nameForPassableSymbol, passableSymbolForName } from '../pass-style/index.js';
import { makeCompactWriter, makeIndentingWriter } from './justin-writers.js';
import type { JustinWriter } from './justin-writers.js';
import { makeMarshal } from './make-marshal.js';
import { QCLASS } from './qclass.js';
import type { Encoding } from './types.js';

// Typed so TypeScript treats assert(...) as an assertion.
const assert: AssertionFunctions = assertions;

const { ownKeys } = Reflect;
const { isArray } = Array;
const { stringify: quote } = JSON;

const IDENTIFIER = /^[a-zA-Z]\w*$/;
const WELL_KNOWN_NAME = /^@@(.*)$/;

/** Throws unless `value` is a safe non-negative integer (as @endo/nat's Nat does). */
const checkNat = (value: number): number => {
  if (!Number.isSafeInteger(value)) throw RangeError(`${value} is not a safe integer`);
  if (value < 0) throw RangeError(`${value} is negative`);
  return value;
};

const unrecognizedQclass = (qclass: unknown): never => assert.fail(X`unrecognized ${q(QCLASS)} ${q(qclass)}`, TypeError);

/** Throws unless every part of `tree` is a valid capdata encoding. */
const checkEncoding = (tree: any): void => {
  if (isPrimitive(tree)) return;
  assert.typeof(tree, 'object');
  assert(tree !== null);
  if (QCLASS in tree) {
    const qclass = tree[QCLASS];
    typeof qclass === 'string' || Fail`invalid qclass typeof ${q(typeof qclass)}`;
    assert(!isArray(tree));
    switch (qclass) {
      case 'undefined':
      case 'NaN':
      case 'Infinity':
      case '-Infinity':
      case '@@asyncIterator':
        return;
      case 'bigint':
        typeof tree.digits === 'string' || Fail`invalid digits typeof ${q(typeof tree.digits)}`;
        return;
      case 'symbol':
        assert.typeof(tree.name, 'string');
        assert.typeof(passableSymbolForName(tree.name), 'symbol');
        return;
      case 'tagged':
        assert.typeof(tree.tag, 'string');
        checkEncoding(tree.payload);
        return;
      case 'slot':
        assert.typeof(tree.index, 'number');
        checkNat(tree.index);
        if (tree.iface !== undefined) assert.typeof(tree.iface, 'string');
        return;
      case 'hilbert': {
        'original' in tree || Fail`Invalid Hilbert Hotel encoding ${tree}`;
        checkEncoding(tree.original);
        if ('rest' in tree) {
          const { rest } = tree;
          if (typeof rest !== 'object') throw Fail`Rest ${rest} encoding must be an object`;
          if (rest === null) throw Fail`Rest ${rest} encoding must not be null`;
          if (isArray(rest)) throw Fail`Rest ${rest} encoding must not be an array`;
          if (QCLASS in rest) throw Fail`Rest encoding ${rest} must not contain ${q(QCLASS)}`;
          for (const name of ownKeys(rest)) {
            typeof name === 'string' || Fail`Property name ${name} of ${tree} must be a string`;
            checkEncoding(rest[name]);
          }
        }
        return;
      }
      case 'error': {
        const { name, message } = tree;
        if (typeof name !== 'string') throw Fail`invalid error name typeof ${q(typeof name)}`;
        getErrorConstructor(name) !== undefined || Fail`Must be the name of an Error constructor ${name}`;
        typeof message === 'string' || Fail`invalid error message typeof ${q(typeof message)}`;
        return;
      }
      default:
        unrecognizedQclass(qclass);
    }
  } else if (isArray(tree)) {
    for (let i = 0; i < tree.length; i += 1) checkEncoding(tree[i]);
  } else {
    for (const name of ownKeys(tree)) {
      if (typeof name !== 'string') throw Fail`Property name ${name} of ${tree} must be a string`;
      checkEncoding(tree[name]);
    }
  }
};

/**
 * The Justin text of a capdata encoding (the JSON.parse of a capdata body).
 * A slot whose index is within `slots` prints as `slotToVal(<slot>)`, any
 * other as `slot(<index>)`, each with its iface if the encoding has one.
 */
export const decodeToJustin = (encoding: Encoding, shouldIndent = false, slots: any[] = []): string => {
  const makeWriter = shouldIndent ? makeIndentingWriter : makeCompactWriter;
  let out: JustinWriter = makeWriter();

  // Slots and ifaces print compactly, whatever the outer writer.
  const printCompactly = (tree: any): string => {
    const outer = out;
    try {
      out = makeCompactWriter();
      print(tree);
      return out.done();
    } finally {
      out = outer;
    }
  };

  const printProperty = (name: string, value: any): void => {
    out.line();
    if (name === '__proto__') {
      // `{__proto__: x}` would set the prototype; JSON meant a property.
      out.next('["__proto__"]:');
    } else if (IDENTIFIER.test(name)) {
      out.next(`${name}:`);
    } else {
      out.next(`${quote(name)}:`);
    }
    print(value);
    out.next(',');
  };

  const printSymbol = (name: string): void => {
    const symbol = passableSymbolForName(name);
    const passableName = nameForPassableSymbol(symbol);
    if (passableName !== undefined) {
      out.next(`passableSymbolForName(${quote(passableName)})`);
      return;
    }
    const suffix = WELL_KNOWN_NAME.exec(name)![1]!;
    assert((Symbol as any)[suffix] === symbol);
    assert(IDENTIFIER.test(suffix));
    out.next(`Symbol.${suffix}`);
  };

  const print = (tree: any): void => {
    if (isPrimitive(tree)) {
      out.next(quote(tree));
      return;
    }
    if (QCLASS in tree) {
      const qclass = tree[QCLASS];
      switch (qclass) {
        case 'undefined':
        case 'NaN':
        case 'Infinity':
        case '-Infinity':
          out.next(qclass);
          return;
        case 'bigint':
          out.next(`${BigInt(tree.digits)}n`);
          return;
        case '@@asyncIterator':
          out.next('Symbol.asyncIterator');
          return;
        case 'symbol':
          printSymbol(tree.name);
          return;
        case 'tagged':
          out.next(`makeTagged(${quote(tree.tag)}`);
          out.next(',');
          print(tree.payload);
          out.next(')');
          return;
        case 'slot': {
          const { iface } = tree;
          const index = checkNat(tree.index);
          const callee = index < slots.length ? `slotToVal(${printCompactly(slots[index])}` : `slot(${index}`;
          out.next(iface === undefined ? `${callee})` : `${callee},${printCompactly(iface)})`);
          return;
        }
        case 'hilbert': {
          out.open('{');
          printProperty(QCLASS, tree.original);
          if ('rest' in tree) {
            const { rest } = tree;
            for (const name of ownKeys(rest)) {
              if (typeof name !== 'string') throw Fail`Property name ${q(name)} of ${rest} must be a string`;
              printProperty(name, rest[name]);
            }
          }
          out.close('}');
          return;
        }
        case 'error': {
          const { name, message, cause = undefined, errors = undefined } = tree;
          cause === undefined || Fail`error cause not yet implemented in marshal-justin`;
          name !== 'AggregateError' || Fail`AggregateError not yet implemented in marshal-justin`;
          errors === undefined || Fail`error errors not yet implemented in marshal-justin`;
          out.next(`${name}(${quote(message)})`);
          return;
        }
        default:
          unrecognizedQclass(qclass);
      }
    }
    if (isArray(tree)) {
      if (tree.length === 0) {
        out.next('[]');
        return;
      }
      out.open('[');
      for (let i = 0; i < tree.length; i += 1) {
        out.line();
        print(tree[i]);
        out.next(',');
      }
      out.close(']');
      return;
    }
    const names = ownKeys(tree) as string[];
    if (names.length === 0) {
      out.next('{}');
      return;
    }
    out.open('{');
    for (const name of names) printProperty(name, tree[name]);
    out.close('}');
  };

  checkEncoding(encoding);
  print(encoding);
  return out.done();
};
harden(decodeToJustin);

/** The Justin text of a passable; its remotables and promises print as `slotToVal("s0")`, `slotToVal("s1")`, ... */
export const passableAsJustin = (passable: unknown, shouldIndent = true): string => {
  let slotCount = 0;
  const { toCapData } = makeMarshal(() => {
    const slot = `s${slotCount}`;
    slotCount += 1;
    return slot;
  });
  const { body, slots } = toCapData(passable as any);
  return decodeToJustin(JSON.parse(body), shouldIndent, slots);
};
harden(passableAsJustin);

/**
 * Quotes a passable for an error message as indented Justin in
 * backquotes: `${qp(value)}` in a Fail template shows the whole value.
 */
export const qp = (payload: unknown): string => `\`${passableAsJustin(harden(payload), true)}\``;
harden(qp);
