// Details tokens, quote and bare: how values render in messages, what the
// console gets instead, and that nothing hidden shows on the objects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X, q, b, makeError } from '../../../src/ses/errors/index.js';
import { an, bestEffortStringify, enJoin, getMessageLogArgs } from '../../../src/ses/errors/internal.js';

test('redaction names the type with the right article, or the error name', () => {
  const cases: Array<[unknown, string]> = [
    ['s', '(a string)'],
    [1, '(a number)'],
    [1n, '(a bigint)'],
    [true, '(a boolean)'],
    [undefined, '(an undefined)'],
    [null, '(an object)'],
    [{}, '(an object)'],
    [[1], '(an object)'],
    [Symbol('s'), '(a symbol)'],
    [() => {}, '(a function)'],
    [new Error('e'), '(an Error)'],
    [new TypeError('e'), '(a TypeError)'],
    [new AggregateError([]), '(an AggregateError)'],
    [new EvalError('e'), '(an EvalError)'],
  ];
  for (const [value, expected] of cases) {
    assert.equal(makeError(X`${value}`).message, expected);
  }
});

test('quote renders like JSON, plus what JSON cannot show', () => {
  const cycle: any = { a: 1 };
  cycle.me = cycle;
  const cases: Array<[unknown, string]> = [
    ['text', '"text"'],
    ['[bracket', '"[[bracket]"'],
    [12, '12'],
    [-0, '0'],
    [NaN, '"[NaN]"'],
    [-Infinity, '"[-Infinity]"'],
    [123n, '"[123n]"'],
    [undefined, '"[undefined]"'],
    [null, 'null'],
    [Symbol('s'), '"[Symbol(s)]"'],
    [function f() {}, '"[Function f]"'],
    [[() => {}][0], '"[Function <anon>]"'],
    [{ b: 1, a: [1n] }, '{"a":["[1n]"],"b":1}'],
    [cycle, '{"a":1,"me":"[Seen]"}'],
    [new RangeError('r'), '"[RangeError: r]"'],
    [new Map(), '"[Map]"'],
    [{ [Symbol.toStringTag]: 'Remotable', x: 1 }, '"[Remotable]"'],
  ];
  for (const [value, expected] of cases) {
    assert.equal(`${q(value)}`, expected, String(expected));
    assert.equal(makeError(X`${q(value)}`).message, expected);
  }
  assert.equal(`${q({ a: [1] }, 1)}`, '{\n "a": [\n  1\n ]\n}');
});

test('quote never throws, even on hostile values', () => {
  const hostile = new Proxy(
    {},
    {
      ownKeys() {
        throw Error('trap');
      },
    },
  );
  assert.equal(`${q(hostile)}`, '[Something that failed to stringify]');
  assert.equal(bestEffortStringify({ get x() { throw Error('getter'); } }), '[Something that failed to stringify]');
});

test('bare shows short word phrases as is and quotes the rest', () => {
  assert.equal(`${b('a phrase-with:colons_ok')}`, 'a phrase-with:colons_ok');
  assert.equal(`${b('two  spaces')}`, '"two  spaces"');
  assert.equal(`${b(' padded')}`, '" padded"');
  assert.equal(`${b('not; bare')}`, '"not; bare"');
  assert.equal(`${b('')}`, '""');
  assert.equal(`${b(5 as any)}`, '5');
  assert.equal(makeError(X`is ${b('an object')}`).message, 'is an object');
});

test('the console gets the values themselves, with literals trimmed next to them', () => {
  const value = { v: 1 };
  const cases: Array<[ReturnType<typeof X>, unknown[]]> = [
    [X`a ${1} b`, ['a', 1, 'b']],
    [X`${1}`, [1]],
    [X` ${1} `, [1]],
    [X`a  ${1}  b`, ['a ', 1, ' b']],
    [X`${1}${2}`, [1, 2]],
    [X`just text `, ['just text ']],
    [X`${q(value)} and ${b('bare')}`, [value, 'and', 'bare']],
    [X``, []],
  ];
  for (const [token, expected] of cases) {
    assert.deepEqual(getMessageLogArgs(makeError(token)), expected);
  }
  assert.equal(getMessageLogArgs(makeError(X`${q(value)}`))![0], value, 'the very object, not a copy');
});

test('a hand-made template shorter than its values reads missing literals as empty', () => {
  const token = X(['a ', ' b'], 1, 2, 3);
  assert.equal(makeError(token).message, 'a (a number) b(a number)(a number)');
  assert.deepEqual(getMessageLogArgs(makeError(token)), ['a', 1, 'b', 2, 3]);
});

test('tokens and quotes hide their contents', () => {
  const secret = { password: 'hunter2' };
  const token = X`login ${secret}`;
  assert.ok(Object.isFrozen(token));
  assert.deepEqual(Reflect.ownKeys(token), []);
  assert.equal(JSON.stringify(token), '{}');
  assert.equal(`${token}`, 'login (an object)');
  assert.equal(Object.getPrototypeOf(token).toString.call({}), '[Not a DetailsToken]');
  assert.ok(Object.isFrozen(Object.getPrototypeOf(token)));
  const error = makeError(token);
  assert.ok(!JSON.stringify(Object.getOwnPropertyNames(error).map(k => (error as any)[k])).includes('hunter2'));
  const quoted = q(secret);
  assert.ok(Object.isFrozen(quoted));
  assert.deepEqual(Reflect.ownKeys(quoted), ['toString']);
});

test('an and enJoin', () => {
  assert.equal(an('apple'), 'an apple');
  assert.equal(an('Error'), 'an Error');
  assert.equal(an('string'), 'a string');
  assert.equal(an(''), 'a ');
  assert.equal(enJoin([], 'and'), '(none)');
  assert.equal(enJoin(['a'], 'or'), 'a');
  assert.equal(enJoin(['a', 'b'], 'or'), 'a or b');
  assert.equal(enJoin(['a', 'b', 'c'], 'and'), 'a, b, and c');
});
