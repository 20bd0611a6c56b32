// makeError: the error's message, type, own properties (cause, errors,
// code), sanitizing and freezing, the console tag, and what stays hidden.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X, q, makeError } from '../../../src/ses/errors/index.js';
import {
  getMessageLogArgs,
  resetErrorTagNum,
  tagError,
  takeMessageLogArgs,
  takeNoteLogArgsArray,
} from '../../../src/ses/errors/internal.js';

test('the message redacts, the hidden log args do not', () => {
  const error = makeError(X`user ${'alice'} lacks ${q('write')} on ${{ id: 7 }}`);
  assert.equal(error.message, 'user (a string) lacks "write" on (an object)');
  assert.ok(!error.message.includes('alice'));
  assert.deepEqual(getMessageLogArgs(error), ['user', 'alice', 'lacks', 'write', 'on', { id: 7 }]);
});

test('defaults: Error, "Assert failed"; a string is a message without values', () => {
  const error = makeError();
  assert.equal(error.constructor, Error);
  assert.equal(error.message, 'Assert failed');
  assert.equal(makeError(null as any).message, 'Assert failed');
  assert.equal(makeError('a ${literal} string').message, 'a ${literal} string');
  assert.deepEqual(getMessageLogArgs(makeError('text')), ['text']);
  assert.deepEqual(getMessageLogArgs(makeError('')), []);
});

test('the default constructor is the global Error at call time (lockdown tames it)', () => {
  const saved = globalThis.Error;
  class TamedError extends saved {}
  globalThis.Error = TamedError as ErrorConstructor;
  try {
    assert.ok(makeError('x') instanceof TamedError);
  } finally {
    globalThis.Error = saved;
  }
  assert.equal(makeError('x').constructor, Error);
});

test('any error constructor, including classes', () => {
  for (const Ctor of [TypeError, RangeError, SyntaxError, URIError, EvalError, ReferenceError]) {
    const error = makeError(X`kind ${1}`, Ctor);
    assert.equal(error.constructor, Ctor);
    assert.equal(error.name, Ctor.name);
    assert.equal(error.message, 'kind (a number)');
  }
  // The original calls the constructor without `new`, so classes throw there.
  class AppError extends Error {
    override name = 'AppError';
  }
  const error = makeError(X`app`, AppError as ErrorConstructor);
  assert.ok(error instanceof AppError);
  assert.equal(error.name, 'AppError');
});

test('AggregateError gets its errors and message; subclasses too', () => {
  const inner = [new Error('a'), new TypeError('b')];
  const aggregate = makeError(X`several ${2}`, AggregateError, { errors: inner });
  assert.ok(aggregate instanceof AggregateError);
  assert.equal(aggregate.message, 'several (a number)');
  assert.deepEqual(aggregate.errors, inner);
  assert.deepEqual(makeError('none', AggregateError).errors, []);
  class Many extends AggregateError {}
  const many = makeError('many', Many as AggregateErrorConstructor, { errors: inner });
  assert.ok(many instanceof Many);
  assert.equal(many.message, 'many');
  assert.deepEqual(many.errors, inner);
});

test('errors on a non-aggregate error: an own non-enumerable property', () => {
  const inner = [new Error('a')];
  const error = makeError('x', TypeError, { errors: inner, sanitize: false });
  assert.deepEqual(Object.getOwnPropertyDescriptor(error, 'errors'), {
    value: inner,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  assert.ok(!Object.prototype.hasOwnProperty.call(makeError('x'), 'errors'));
});

test('cause becomes the own cause property, only when truthy', () => {
  const cause = new Error('root');
  const error = makeError(X`outer`, RangeError, { cause });
  assert.equal(error.cause, cause);
  assert.equal(Object.getOwnPropertyDescriptor(error, 'cause')?.enumerable, false);
  assert.equal(makeError('x', Error, { cause: 'text' as any }).cause, 'text');
  for (const falsy of [0, '', null, undefined, false]) {
    assert.ok(!('cause' in makeError('x', Error, { cause: falsy as any })));
  }
});

test('code becomes an own property', () => {
  const error = makeError('x', Error, { code: 'E_CODE' });
  assert.equal((error as any).code, 'E_CODE');
  assert.equal(Object.getOwnPropertyDescriptor(error, 'code')?.enumerable, false);
});

test('sanitizing freezes, makes accessors data, removes what the host added and notes it', () => {
  function HostError(this: unknown, message: string) {
    const error = new Error(message) as any;
    error.fileName = 'host.js';
    error.code = 42; // not a string: removed
    Object.defineProperty(error, 'stack', { get: () => 'computed stack', configurable: true });
    return error;
  }
  const error = makeError(X`hosted ${1}`, HostError as unknown as ErrorConstructor);
  assert.ok(Object.isFrozen(error));
  assert.deepEqual(Object.getOwnPropertyNames(error).sort(), ['message', 'stack']);
  const stack = Object.getOwnPropertyDescriptor(error, 'stack')!;
  assert.equal(stack.value, 'computed stack');
  assert.ok(!('get' in stack));
  const notes = takeNoteLogArgsArray(error);
  assert.equal(notes.length, 1);
  const [label, removed] = notes[0];
  assert.equal(label, 'originally with properties');
  assert.deepEqual({ ...(removed as object) }, { fileName: 'host.js', code: 42 });
});

test('a plain new error is frozen with its stack kept', () => {
  const error = makeError('fresh');
  assert.ok(Object.isFrozen(error));
  assert.equal(typeof error.stack, 'string');
  assert.deepEqual(takeNoteLogArgsArray(error), []);
});

test('sanitize: false leaves the error as made', () => {
  const error = makeError('loose', Error, { sanitize: false });
  assert.ok(!Object.isFrozen(error));
  (error as any).later = 1;
  assert.equal((error as any).later, 1);
});

test('errorName names the error for the console only', () => {
  const error = makeError('x', TypeError, { errorName: 'Payment' });
  assert.equal(error.name, 'TypeError');
  assert.match(tagError(error), /^Payment#\d+$/);
});

test('tags are unique, stable per error, and can be renumbered', () => {
  resetErrorTagNum();
  const first = new Error('1');
  const second = new RangeError('2');
  assert.equal(tagError(first), 'Error#1');
  assert.equal(tagError(second), 'RangeError#2');
  assert.equal(tagError(first), 'Error#1');
  resetErrorTagNum();
  assert.equal(tagError(new Error('3')), 'Error#1');
});

test('takeMessageLogArgs hands the hidden message over once', () => {
  const error = makeError(X`once ${'v'}`);
  assert.deepEqual(takeMessageLogArgs(error), ['once', 'v']);
  assert.equal(takeMessageLogArgs(error), undefined);
  assert.equal(getMessageLogArgs(error), undefined);
  assert.equal(getMessageLogArgs(new Error('not made')), undefined);
});

test('unrecognized details throw TypeError quoting them', () => {
  assert.throws(() => makeError({} as any), { name: 'TypeError', message: 'unrecognized details {}' });
  assert.throws(() => makeError(42 as any), { name: 'TypeError', message: 'unrecognized details 42' });
  assert.throws(() => makeError(q('quoted') as any), {
    name: 'TypeError',
    message: 'unrecognized details {"toString":"[Function <anon>]"}',
  });
});
