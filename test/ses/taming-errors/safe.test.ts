// errorTaming 'safe' with stackFiltering 'concise', on this realm's real
// Error: what compartments see through %SharedError% (no stacks, powerless
// statics), what the start compartment keeps through %InitialError% and
// %InitialGetStackString%, and that both survive harden.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameErrorConstructor } from '../../../src/ses/tame-error-constructor.js';
import { makeHardener } from '../../../src/ses/make-hardener.js';
import { enablePropertyOverrides } from '../../../src/ses/enable-property-overrides.js';
import { collectOverrideIntrinsics } from '../overrides/test-intrinsics.js';

const OriginalError = Error;
const OriginalErrorPrototype = Error.prototype;
const errorFromBefore = new TypeError('made before taming');
const stackFromBefore = errorFromBefore.stack!; // formatted by V8 before taming

const {
  '%InitialError%': InitialError,
  '%SharedError%': SharedError,
  '%InitialGetStackString%': getStackString,
} = tameErrorConstructor('safe', 'concise');
const Initial = InitialError as any;
const Shared = SharedError as any;

function makeSharedErrorHere(message: string) {
  return new SharedError(message);
}

test('both constructors share the original Error.prototype; native errors inherit from %SharedError%', () => {
  assert.equal(InitialError.prototype, OriginalErrorPrototype);
  assert.equal(SharedError.prototype, OriginalErrorPrototype);
  assert.notEqual(InitialError, SharedError);
  assert.notEqual(InitialError, OriginalError);
  assert.equal(OriginalErrorPrototype.constructor, SharedError);
  for (const NativeError of [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError]) {
    assert.equal(Object.getPrototypeOf(NativeError), SharedError, NativeError.name);
  }
  const shared = new SharedError('s');
  const initial = new InitialError('i');
  for (const error of [shared, initial, errorFromBefore, new TypeError('t')]) {
    assert.ok(error instanceof SharedError && error instanceof InitialError && error instanceof OriginalError);
  }
  assert.equal(Object.prototype.toString.call(shared), '[object Error]');
  assert.equal(`${shared}`, 'Error: s');
  assert.equal(InitialError.name, 'Error');
  assert.equal(SharedError.name, 'Error');
  assert.equal(SharedError.length, 1);
});

test('called without new, with options, and subclassed, they make ordinary errors', () => {
  const called = (SharedError as any)('no new');
  assert.ok(called instanceof OriginalError);
  assert.equal(called.message, 'no new');
  const cause = new TypeError('root');
  assert.equal(new SharedError('with cause', { cause }).cause, cause);
  class AppError extends SharedError {
    constructor(message: string) {
      super(message);
      this.name = 'AppError';
    }
  }
  const appError = new AppError('sub');
  assert.ok(appError instanceof AppError && appError instanceof OriginalError);
  assert.equal(`${appError}`, 'AppError: sub');
});

test("in compartments: error.stack reads '' (Error, native errors, subclasses, thrown ones)", () => {
  assert.equal(makeSharedErrorHere('x').stack, '');
  assert.equal(new TypeError('t').stack, '');
  class Sub extends SharedError {}
  assert.equal(new Sub('sub').stack, '');
  try {
    (null as any).toString();
  } catch (error) {
    assert.equal((error as Error).stack, '');
  }
});

test("%SharedError%.captureStackTrace writes '' and nothing else", () => {
  const target: any = {};
  Shared.captureStackTrace(target);
  assert.deepEqual(Object.getOwnPropertyDescriptor(target, 'stack'), {
    value: '',
    writable: true,
    enumerable: false,
    configurable: true,
  });
  const error = new SharedError('e');
  Shared.captureStackTrace(error, makeSharedErrorHere);
  assert.equal(error.stack, '');
  assert.equal(getStackString(target), '');
  assert.throws(() => Shared.captureStackTrace(Object.freeze({})), TypeError);
  assert.equal(Shared.captureStackTrace.length, 2);
});

test('%SharedError%.prepareStackTrace cannot obtain call sites', () => {
  let calls = 0;
  let leaked: unknown;
  const spy = (_error: Error, callSites: unknown) => {
    calls += 1;
    leaked = callSites;
    return 'from the spy';
  };
  Shared.prepareStackTrace = spy;
  assert.notEqual(Shared.prepareStackTrace, spy);
  const error = makeSharedErrorHere('watched');
  assert.equal(error.stack, '');
  const target: any = {};
  Shared.captureStackTrace(target);
  assert.equal(target.stack, '');
  assert.equal(calls, 0);
  assert.equal(leaked, undefined);
  // What depd-like code reads back is a function returning ''.
  assert.equal(typeof Shared.prepareStackTrace, 'function');
  assert.equal(Shared.prepareStackTrace(new Error('e'), []), '');
});

test('%SharedError%.stackTraceLimit ignores writes and does not touch the real limit', () => {
  const realLimit = Initial.stackTraceLimit;
  assert.equal(Shared.stackTraceLimit, undefined);
  Shared.stackTraceLimit = 0;
  Shared.stackTraceLimit = Infinity;
  assert.equal(Shared.stackTraceLimit, undefined);
  assert.equal(Initial.stackTraceLimit, realLimit);
});

test('%InitialGetStackString% gives the start compartment the stack, without Node internals', () => {
  const error = makeSharedErrorHere('located');
  const stack = getStackString(error);
  assert.match(stack, /^\n {2}at makeSharedErrorHere \(file:\/\/\/.*safe\.test\.js:\d+:\d+\)\n/);
  assert.doesNotMatch(stack, /node:internal|\(node:|\(<anonymous>\)/);
  assert.doesNotMatch(stack, /^Error/, 'no message line');
  assert.equal(getStackString(error), stack, 'stable on a second read');
  assert.equal(error.stack, '', 'still hidden from error.stack');
  // An error V8 had formatted before taming is read from its text.
  assert.match(stackFromBefore, /safe\.test\.js/);
  assert.match(getStackString(errorFromBefore), /^\n {2}at .*safe\.test\.js:\d+:\d+\)?/);
  assert.equal(getStackString(Object.create(null)), '');
  assert.equal(getStackString({ get stack(): string { throw Error('boom'); } } as any), '');
});

test('%InitialError%: stackTraceLimit writes take effect, and its frames are cut at the constructor', () => {
  const realLimit = Initial.stackTraceLimit;
  assert.equal(typeof realLimit, 'number');
  const nest = (depth: number): Error => (depth === 0 ? new InitialError('deep') : nest(depth - 1));
  Initial.stackTraceLimit = 2;
  try {
    assert.equal(Initial.stackTraceLimit, 2);
    const frames = getStackString(nest(5)).split('\n  at ').slice(1);
    assert.equal(frames.length, 2);
    assert.match(frames[0], /^nest /, 'the wrapper constructor itself is not a frame');
    Initial.stackTraceLimit = 'many';
    assert.equal(Initial.stackTraceLimit, 2, 'non-numbers are ignored');
  } finally {
    Initial.stackTraceLimit = realLimit;
  }
});

test('%InitialError%.captureStackTrace records a stack that only getStackString shows', () => {
  const target: any = {};
  function captureHere() {
    Initial.captureStackTrace(target);
  }
  captureHere();
  assert.equal(target.stack, '');
  assert.match(getStackString(target), /^\n {2}at captureHere /);
  const cut: any = {};
  function outer() {
    inner();
  }
  function inner() {
    Initial.captureStackTrace(cut, inner);
  }
  outer();
  assert.match(getStackString(cut), /^\n {2}at outer /);
});

test('%InitialError%.prepareStackTrace sees attenuated call sites; it reads as its wrapper, which may be assigned back (as in ses)', () => {
  const defaultPreparer = Initial.prepareStackTrace;
  assert.equal(typeof defaultPreparer, 'function');
  let seen: any[] = [];
  const userPreparer = (error: Error, callSites: any[]) => {
    seen = callSites;
    return `${error.message} @ ${callSites[0].getFunctionName()}`;
  };
  Initial.prepareStackTrace = userPreparer;
  try {
    const wrapper = Initial.prepareStackTrace;
    assert.notEqual(wrapper, userPreparer);
    Initial.prepareStackTrace = wrapper;
    assert.equal(Initial.prepareStackTrace, wrapper, 'the wrapper is kept, not wrapped again');
    const error = makeSharedErrorHere('prepared');
    assert.equal(error.stack, 'prepared @ makeSharedErrorHere');
    const [first] = seen;
    assert.equal(typeof first.getFileName, 'function');
    assert.match(first.getFileName(), /safe\.test\.js$/);
    assert.equal(typeof first.getLineNumber(), 'number');
    assert.equal(first.getThis, undefined, 'no getThis');
    assert.equal(first.getFunction, undefined, 'no getFunction');
    assert.ok(Object.isFrozen(first));
    // The start compartment's console still gets the real stack.
    assert.match(getStackString(error), /^\n {2}at makeSharedErrorHere /);
  } finally {
    Initial.prepareStackTrace = defaultPreparer;
  }
  assert.equal(Initial.prepareStackTrace, defaultPreparer);
  assert.equal(makeSharedErrorHere('reset').stack, '');
  Initial.prepareStackTrace = undefined;
  assert.equal(Initial.prepareStackTrace, defaultPreparer, 'undefined restores the default');
});

test('the constructors survive harden, and stay powerless or working afterwards', () => {
  // As lockdown does: the override fix first (Node's own AbortError assigns
  // `name` on an Error subclass prototype), then harden.
  enablePropertyOverrides(collectOverrideIntrinsics(), 'moderate');
  const harden = makeHardener();
  harden({ InitialError, SharedError });
  assert.ok(Object.isFrozen(SharedError) && Object.isFrozen(InitialError));
  assert.ok(Object.isFrozen(OriginalErrorPrototype));
  const sharedLimit = Object.getOwnPropertyDescriptor(SharedError, 'stackTraceLimit')!;
  assert.ok(Object.isFrozen(sharedLimit.get) && Object.isFrozen(sharedLimit.set));
  // Strict code assigning the accessors does not throw: the setters ignore it.
  Shared.stackTraceLimit = 3;
  Shared.prepareStackTrace = () => 'no';
  assert.equal(Shared.stackTraceLimit, undefined);
  assert.equal(makeSharedErrorHere('after harden').stack, '');
  assert.match(getStackString(makeSharedErrorHere('after harden')), /makeSharedErrorHere/);
  // Only the frozen prototype's own data properties are fixed.
  assert.throws(() => {
    Shared.captureStackTrace = () => {};
  }, TypeError);
  // Errors made after harden are ordinary, extensible objects.
  const late: any = new SharedError('late');
  late.code = 'E_LATE';
  assert.equal(late.code, 'E_LATE');
  assert.ok(Object.isFrozen(harden(late)));
  // On Node 20 an error's own `stack` is a data property that V8 fills in
  // on first read, even once the error is frozen.
  const unread = harden(makeSharedErrorHere('hardened before its stack was read'));
  assert.equal(Object.getOwnPropertyDescriptor(unread, 'stack')!.writable, false);
  assert.equal(unread.stack, '');
  assert.match(getStackString(unread), /^\n {2}at makeSharedErrorHere /);
});
