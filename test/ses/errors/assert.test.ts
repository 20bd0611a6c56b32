// assert and its methods, as a user calls them: what passes, what throws,
// with which error type and message, and the exports of endo/errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as endoErrors from '../../../src/ses/errors/index.js';
import { X, q, b, Fail, makeError, note } from '../../../src/ses/errors/index.js';
import { fullAssert, getMessageLogArgs, makeAssert, setRedaction, tagError } from '../../../src/ses/errors/internal.js';
import type { Assert } from '../../../src/ses/errors/index.js';

/** Runs `thunk`, which must throw; returns what it threw. */
const thrown = (thunk: () => unknown): Error => {
  try {
    thunk();
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a throw');
};

const expectThrow = (thunk: () => unknown, ctor: Function, message: string) => {
  const error = thrown(thunk);
  assert.equal(error.constructor, ctor, `constructor of ${error}`);
  assert.equal(error.message, message);
  return error;
};

const A: Assert = fullAssert;

test('works before lockdown, without a harden global', () => {
  assert.equal((globalThis as any).harden, undefined);
  assert.equal((globalThis as any).assert, undefined, 'importing endo/errors installs no global');
  expectThrow(() => A(false, X`no harden ${'needed'} here`), Error, 'no harden (a string) here');
});

test('the full assert has the methods of the original global assert, frozen', () => {
  assert.deepEqual(Object.keys(A), [
    'equal', 'typeof', 'string', 'fail', 'makeError', 'note', 'details', 'Fail', 'quote', 'bare', 'error', 'makeAssert',
  ]);
  assert.ok(Object.isFrozen(A));
  for (const key of Object.keys(A)) assert.ok(Object.isFrozen((A as any)[key]), key);
  assert.equal(A.error, A.makeError);
  assert.equal(A.makeError, makeError);
  assert.equal(A.note, note);
  assert.equal(A.quote, q);
  assert.equal(A.bare, b);
});

test('endo/errors: assert has only the assertion methods, and the aliases are the same functions', () => {
  const errorsAssert: typeof endoErrors.assert = endoErrors.assert;
  assert.deepEqual(Object.keys(errorsAssert), ['equal', 'typeof', 'string', 'fail']);
  assert.ok(Object.isFrozen(errorsAssert));
  assert.equal(endoErrors.X, endoErrors.details);
  assert.equal(endoErrors.redacted, endoErrors.details);
  assert.equal(endoErrors.q, endoErrors.quote);
  assert.equal(endoErrors.b, endoErrors.bare);
  assert.equal(endoErrors.annotateError, endoErrors.note);
  assert.equal(endoErrors.throwRedacted, endoErrors.Fail);
  expectThrow(() => errorsAssert(0, X`zero ${0}`), Error, 'zero (a number)');
  errorsAssert(1);
});

test('assert(cond): passes on truthy, fails with "Check failed" or the given details', () => {
  for (const truthy of [1, 'x', {}, [], -1n, Symbol('s')]) A(truthy);
  for (const falsy of [0, '', null, undefined, NaN, 0n, false]) {
    expectThrow(() => A(falsy), Error, 'Check failed');
  }
  expectThrow(() => A(false, 'plain text'), Error, 'plain text');
  expectThrow(() => A(false, X`got ${'secret'}, want ${q('public')}`, TypeError), TypeError, 'got (a string), want "public"');
});

test('assert(cond, details, Ctor, options): options reach the error', () => {
  const cause = new Error('cause');
  const error = thrown(() => A(false, 'with options', RangeError, { cause, errorName: 'Custom', code: 'E_ASSERT' }));
  assert.ok(error instanceof RangeError);
  assert.equal(error.cause, cause);
  assert.equal((error as any).code, 'E_ASSERT');
  assert.match(tagError(error), /^Custom#\d+$/);
});

test('assert.equal compares with Object.is and throws RangeError by default', () => {
  A.equal(1, 1);
  A.equal(NaN, NaN);
  const object = {};
  A.equal(object, object);
  expectThrow(() => A.equal(0, -0), RangeError, 'Expected (a number) is same as (a number)');
  expectThrow(() => A.equal({}, {}), RangeError, 'Expected (an object) is same as (an object)');
  expectThrow(() => A.equal('a', 'b'), RangeError, 'Expected (a string) is same as (a string)');
  expectThrow(() => A.equal(1, 2, X`custom ${q(2)}`), RangeError, 'custom 2');
  expectThrow(() => A.equal(1, 2, 'custom', TypeError), TypeError, 'custom');
  const cause = new Error('c');
  assert.equal(thrown(() => A.equal(1, 2, undefined, undefined, { cause })).cause, cause);
  // The console sees the real values.
  const error = thrown(() => A.equal('actual', 'expected'));
  assert.deepEqual(getMessageLogArgs(error), ['Expected', 'actual', 'is same as', 'expected']);
});

test('assert.typeof knows every typeof name', () => {
  const samples: Record<string, unknown> = {
    bigint: 1n,
    boolean: false,
    function: () => {},
    number: 0,
    object: null,
    string: '',
    symbol: Symbol('s'),
    undefined,
  };
  const articles: Record<string, string> = { object: 'an', undefined: 'an' };
  for (const [typeName, sample] of Object.entries(samples)) {
    A.typeof(sample, typeName as 'string');
    const wrong = typeName === 'number' ? 'text' : 42;
    const wrongType = typeName === 'number' ? 'a string' : 'a number';
    expectThrow(
      () => A.typeof(wrong, typeName as 'string'),
      TypeError,
      `(${wrongType}) must be ${articles[typeName] ?? 'a'} ${typeName}`,
    );
  }
  A.typeof({}, 'object');
  expectThrow(() => A.typeof(1, 'string', X`custom ${1}`), TypeError, 'custom (a number)');
  expectThrow(() => A.typeof(1, 'string', 'plain'), TypeError, 'plain');
  // A typeName that is not a string is the caller's mistake: a plain Error.
  expectThrow(() => A.typeof(1, 5 as any), Error, '5 must be a string');
  expectThrow(() => A.typeof(1, 'integer' as any), TypeError, '(a number) must be an integer');
});

test('assert.string', () => {
  A.string('ok');
  expectThrow(() => A.string(5), TypeError, '(a number) must be a string');
  expectThrow(() => A.string(new String('boxed')), TypeError, '(an object) must be a string');
  expectThrow(() => A.string(5, X`need text, got ${q(5)}`), TypeError, 'need text, got 5');
});

test('assert.fail and Fail always throw', () => {
  expectThrow(() => A.fail(), Error, 'Check failed');
  expectThrow(() => A.fail('reason'), Error, 'reason');
  expectThrow(() => A.fail(X`bad ${1n}`, RangeError), RangeError, 'bad (a bigint)');
  const cause = new Error('why');
  assert.equal(thrown(() => A.fail('x', TypeError, { cause })).cause, cause);
  expectThrow(() => Fail`failed ${'secret'} ${q('public')} ${b('bare words')}`, Error, 'failed (a string) "public" bare words');
  expectThrow(() => A.Fail`via assert ${q([1])}`, Error, 'via assert [1]');
  // Fail takes plain arrays of strings too.
  expectThrow(() => Fail(['a ', ' b'], 'x'), Error, 'a (a string) b');
});

test('makeAssert(raise) calls raise with the error before throwing it', () => {
  const raised: Error[] = [];
  const fatal: Assert = makeAssert(reason => {
    raised.push(reason);
  });
  const error = thrown(() => fatal(false, 'fatal'));
  assert.deepEqual(raised, [error]);
  assert.equal(error.message, 'fatal');
  thrown(() => fatal.equal(1, 2));
  thrown(() => fatal.typeof(1, 'string'));
  thrown(() => fatal.Fail`x`);
  assert.equal(raised.length, 4);
  fatal(true);
  assert.equal(raised.length, 4);
});

test('makeAssert(undefined, true) quotes every value; false always redacts', () => {
  const open: Assert = makeAssert(undefined, true);
  expectThrow(() => open.fail(open.details`value ${'s'} ${1n} ${q('already')}`), Error, 'value "s" "[1n]" "already"');
  expectThrow(() => open.equal(1, 2), RangeError, 'Expected 1 is same as 2');
  expectThrow(() => open.string(3), TypeError, '3 must be a string');
  const closed: Assert = makeAssert(undefined, false);
  setRedaction(false);
  try {
    expectThrow(() => closed.Fail`closed ${'s'}`, Error, 'closed (a string)');
  } finally {
    setRedaction(true);
  }
});

test('setRedaction(false) (errorTaming unsafe) makes the default X and assert quote values', () => {
  setRedaction(false);
  try {
    expectThrow(() => Fail`shown ${'s'}`, Error, 'shown "s"');
    assert.equal(makeError(X`shown ${{ a: 1 }}`).message, 'shown {"a":1}');
    expectThrow(() => A.string(3), TypeError, '3 must be a string');
  } finally {
    setRedaction(true);
  }
  assert.equal(makeError(X`hidden ${'s'}`).message, 'hidden (a string)');
});

test('hideAndHardenFunction renames and freezes, and rejects non-functions', () => {
  const helper = function helper() {};
  (helper as any).extra = { nested: {} };
  const result = endoErrors.hideAndHardenFunction(helper);
  assert.equal(result, helper);
  assert.equal(helper.name, '__HIDE_helper');
  assert.ok(Object.isFrozen(helper));
  assert.ok(Object.isFrozen((helper as any).extra.nested));
  const symbolNamed = () => {};
  Object.defineProperty(symbolNamed, 'name', { value: Symbol('sym') });
  assert.equal(endoErrors.hideAndHardenFunction(symbolNamed).name, '__HIDE_Symbol(sym)');
  expectThrow(() => endoErrors.hideAndHardenFunction('nope' as any), Error, '(a string) must be a function');
});

test('hideAndHardenFunction uses the realm harden when there is one', () => {
  const hardened: unknown[] = [];
  (globalThis as any).harden = (x: unknown) => {
    hardened.push(x);
    return x;
  };
  try {
    const f = () => {};
    endoErrors.hideAndHardenFunction(f);
    assert.deepEqual(hardened, [f]);
    assert.ok(!Object.isFrozen(f), 'left to harden');
  } finally {
    delete (globalThis as any).harden;
  }
});
