// endo/pass-style after endo/ses's lockdown(): every pass style, every kind
// of rejection (a TypeError with the message), the shapes Far, Remotable
// and makeTagged make, symbol naming, error coercion, and what passStyleOf
// remembers (and what it must not).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const harden = (globalThis as any).harden as <T>(value: T) => T;
const {
  passStyleOf,
  isPassable,
  assertPassable,
  Far,
  Remotable,
  ToFarFunction,
  makeTagged,
  PASS_STYLE,
  GET_METHOD_NAMES,
  getInterfaceOf,
  getTag,
  nameForPassableSymbol,
  passableSymbolForName,
  toPassableError,
  toThrowable,
  deeplyFulfilled,
  isRecord,
  assertRecord,
  isCopyArray,
  assertCopyArray,
  isRemotable,
  assertRemotable,
} = await import('../../src/pass-style/index.js');

const rejects = (value: unknown, message: string | RegExp) =>
  assert.throws(() => passStyleOf(value), (error: any) => {
    assert.ok(error instanceof TypeError, `${error} is not a TypeError`);
    if (typeof message === 'string') assert.equal(error.message, message);
    else assert.match(error.message, message);
    return true;
  });

test('primitives have their own styles', () => {
  assert.equal(passStyleOf(undefined), 'undefined');
  assert.equal(passStyleOf(null), 'null');
  assert.equal(passStyleOf(false), 'boolean');
  assert.equal(passStyleOf(-0), 'number');
  assert.equal(passStyleOf(NaN), 'number');
  assert.equal(passStyleOf(1n), 'bigint');
  assert.equal(passStyleOf('s'), 'string');
  assert.equal(passStyleOf(Symbol.for('s')), 'symbol');
  assert.equal(passStyleOf(Symbol.iterator), 'symbol');
});

test('containers, tagged records, errors, remotables and promises', () => {
  assert.equal(passStyleOf(harden({ a: 1, b: [2, { c: 3n }] })), 'copyRecord');
  assert.equal(passStyleOf(harden({})), 'copyRecord');
  assert.equal(passStyleOf(harden([1, 'two', null])), 'copyArray');
  assert.equal(passStyleOf(makeTagged('set', harden([1, 2]))), 'tagged');
  assert.equal(passStyleOf(harden(new SyntaxError('s'))), 'error');
  assert.equal(passStyleOf(harden(new Error('outer', { cause: new Error('inner') }))), 'error');
  assert.equal(passStyleOf(Far('thing', { m() {} })), 'remotable');
  assert.equal(passStyleOf(Far('fn', () => 1)), 'remotable');
  assert.equal(passStyleOf(harden(Promise.resolve(1))), 'promise');
  // Promises made while Node's async hooks run carry number-valued symbol properties.
  assert.equal(passStyleOf(harden(Promise.reject(Error('x')).catch(() => {}))), 'promise');
});

test('rejections are TypeErrors that say what is wrong', () => {
  rejects({ a: 1 }, 'Cannot pass non-frozen objects like (an object). Use harden()');
  rejects(() => {}, 'Cannot pass non-frozen objects like (a function). Use harden()');
  rejects(harden(new Uint8Array(1)), 'Cannot pass mutable typed arrays like (an object).');
  rejects(Symbol('x'), 'Only registered symbols or well-known symbols are passable: "[Symbol(x)]"');
  rejects('\ud800', 'Expected well-formed unicode string: (a string)');
  rejects(harden({ then() {} }), 'Cannot pass non-promise thenables');
  rejects(harden({ a: () => 1 }), 'Remotables must be explicitly declared: {"a":"[Function a]"}');
  rejects(harden({ a: 1, f: () => 1 }), 'cannot serialize Remotables with non-methods like "a" in (an object)');
  rejects(harden({ [Symbol.for('k')]: 1 }), 'cannot serialize Remotables with non-methods like "Symbol(k)" in (an object)');
  rejects(harden(Object.defineProperty({}, 'hidden', { value: 1 })), '"hidden" must be an enumerable property: (an object)');
  rejects(harden({ get a() { return 1; } }), '"a" must not be an accessor property: (an object)');
  rejects(harden(new Map()), '"[Symbol(passStyle)]" property expected: (an object)');
  rejects(harden([1, , 3]), '1 property expected: (an object)');
  rejects(harden(Object.assign([1], { x: 1 })), 'Arrays must not have non-indexes: (an object)');
  rejects(harden(Object.setPrototypeOf([], Object.prototype)), /^(Malformed array|Remotables must)/);
  rejects(harden(new (class extends Array {})()), 'Malformed array: (an object)');
  const cyclic: any = { a: [] };
  cyclic.a.push(cyclic);
  rejects(harden(cyclic), 'Pass-by-copy data cannot be cyclic (an object)');
  rejects(harden({ [PASS_STYLE]: 'nope' }), 'Unrecognized PassStyle: "nope"');
  rejects(harden(Object.assign(new Error('e'), { code: 1 })), 'Passable Error "code" own property must not be enumerable: (an object)');
  rejects(harden(Object.defineProperty(new Error('e'), 'code', { value: 1 })), 'Passable Error has extra unpassed property "code"');
  rejects(harden(new (class Mine extends Error {})('m')), 'Passable Error must inherit from an error class .prototype: (an Error)');
  rejects(harden(Object.assign(Promise.resolve(), { x: 1 })), '(an object) - Must not have any own properties: ["x"]');
  rejects(harden(Object.defineProperty(Promise.resolve(), Symbol('async_id_symbol'), { value: 'not a number' })),
    /^Unexpected Node async_hooks additions to promise/);
  rejects((Far('far', {}) as any).__getMethodNames__, 'Remotables must be explicitly declared: "[Function __getMethodNames__]"');
});

test('isPassable and assertPassable', () => {
  assert.equal(isPassable(harden({ a: [1] })), true);
  assert.equal(isPassable({ a: [1] }), false);
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  assert.equal(isPassable(proxy), false);
  assert.throws(() => assertPassable([]), TypeError);
  assert.equal(assertPassable(harden([])), undefined);
});

test('a proxy of frozen data is classified by what it shows', () => {
  assert.equal(passStyleOf(new Proxy(harden({ a: 1 }), {})), 'copyRecord');
});

test('passStyleOf remembers successes only, and forgets unfinished checks', () => {
  const record: any = { inner: { x: 1 } };
  Object.freeze(record);
  rejects(record, 'Cannot pass non-frozen objects like (an object). Use harden()');
  harden(record);
  assert.equal(passStyleOf(record), 'copyRecord');

  // A failure deep inside leaves no container marked as in progress.
  const bad = harden({ list: [{ ok: 1 }, { symbol: Symbol('local') }] });
  rejects(bad, /^Only registered symbols/);
  rejects(bad, /^Only registered symbols/);
  assert.equal(passStyleOf(bad.list[0]), 'copyRecord');
});

test('Far puts a frozen prototype layer under the object, with the interface', () => {
  const counter: any = Far('Counter', { increment() { return 1; }, get() { return 0; } });
  assert.ok(Object.isFrozen(counter));
  const layer = Object.getPrototypeOf(counter);
  assert.ok(Object.isFrozen(layer));
  assert.equal(Object.getPrototypeOf(layer), Object.prototype);
  assert.deepEqual(Reflect.ownKeys(layer), [PASS_STYLE, Symbol.toStringTag]);
  const descriptors = Object.getOwnPropertyDescriptors(layer) as any;
  assert.deepEqual(descriptors[PASS_STYLE], { value: 'remotable', writable: false, enumerable: false, configurable: false });
  assert.deepEqual(descriptors[Symbol.toStringTag], { value: 'Alleged: Counter', writable: false, enumerable: false, configurable: false });
  assert.equal(getInterfaceOf(counter), 'Alleged: Counter');
  assert.equal(`${counter}`, '[object Alleged: Counter]');
  assert.deepEqual(Object.keys(counter), ['increment', 'get']);
  const getNames = Object.getOwnPropertyDescriptor(counter, GET_METHOD_NAMES)!;
  assert.equal(getNames.enumerable, false);
  assert.deepEqual(counter.__getMethodNames__(), ['__getMethodNames__', 'get', 'increment']);
  assert.ok(Object.isFrozen(counter.__getMethodNames__()));
});

test('__getMethodNames__ lists inherited methods, symbols first', () => {
  const base = Far('base', { b() {}, [Symbol.for('s')]() {} });
  const derived = harden(Object.create(base, { a: { value: () => 1, enumerable: true } }));
  assert.equal(passStyleOf(derived), 'remotable');
  assert.deepEqual(derived.__getMethodNames__(), [Symbol.for('s'), '__getMethodNames__', 'a', 'b']);
});

test('Far keeps an existing __getMethodNames__, and gives functions none', () => {
  const own = () => ['mine'];
  assert.equal(Far('x', { __getMethodNames__: own }).__getMethodNames__, own);
  const fn = Far('fn', (x: number) => x + 1);
  assert.equal(fn(1), 2);
  assert.equal((fn as any).__getMethodNames__, undefined);
  assert.equal(getInterfaceOf(fn), 'Alleged: fn');
  assert.equal(Object.getPrototypeOf(Object.getPrototypeOf(fn)), Function.prototype);
});

test('Remotable takes an interface, and checks it and the object', () => {
  assert.equal(getInterfaceOf(Remotable()), 'Remotable');
  assert.equal(getInterfaceOf(Remotable('DebugName: d', undefined, { m() {} }) as any), 'DebugName: d');
  assert.throws(() => Remotable('bad'), {
    name: 'TypeError',
    message: 'For now, iface "bad" must be "Remotable" or begin with "Alleged: " or "DebugName: "; unimplemented',
  });
  assert.throws(() => Remotable('Remotable', { a: 1 } as any), { message: 'Remotable props not yet implemented (an object)' });
  assert.throws(() => Far('data', { x: 1 } as any), { message: 'cannot serialize Remotables with non-methods like "x" in (an object)' });
  assert.throws(() => Far('frozen', harden({ m() {} })), TypeError);
  assert.throws(() => Far('again', Far('once', {})), { message: 'Remotable (an object) is already marked as a "remotable"' });
  assert.throws(() => Far('odd', Object.create(Object.create(null))), {
    message: 'For now, remotables cannot inherit from anything unusual, in (an object)',
  });
});

test('ToFarFunction wraps a foreign function once', () => {
  const plain = Object.freeze((x: number) => x * 2);
  const far = ToFarFunction('double', plain);
  assert.notEqual(far, plain);
  assert.equal(far(2), 4);
  assert.equal(getInterfaceOf(far), 'Alleged: double');
  assert.equal(ToFarFunction('other', far), far);
});

test('getInterfaceOf answers undefined for anything not remotable', () => {
  assert.equal(getInterfaceOf(harden({})), undefined);
  assert.equal(getInterfaceOf(1), undefined);
  assert.equal(getInterfaceOf(makeTagged('t', 1)), undefined);
  // A far object with a `then` method has an interface but is not passable.
  const thenable = Far('thenable', { then() {} });
  assert.equal(getInterfaceOf(thenable), 'Alleged: thenable');
  assert.equal(isPassable(thenable), false);
});

test('makeTagged makes a hardened tagged record', () => {
  const payload = { a: 1 };
  const tagged = makeTagged('copyMap', payload);
  assert.ok(Object.isFrozen(tagged) && Object.isFrozen(payload));
  assert.equal(Object.getPrototypeOf(tagged), Object.prototype);
  assert.deepEqual(Reflect.ownKeys(tagged), ['payload', PASS_STYLE, Symbol.toStringTag]);
  assert.deepEqual(Object.keys(tagged), ['payload']);
  assert.equal(getTag(tagged), 'copyMap');
  assert.equal(tagged.payload, payload);
  assert.equal(`${tagged}`, '[object copyMap]');
  assert.throws(() => makeTagged(1 as any, 1), { name: 'TypeError', message: 'The tag of a tagged record must be a string: (a number)' });
  assert.throws(() => makeTagged('t', harden({ f: () => 1 }) as any), TypeError);
});

test('symbol names round trip', () => {
  const wellKnown = Reflect.ownKeys(Symbol)
    .map(key => (Symbol as any)[key])
    .filter(value => typeof value === 'symbol');
  assert.ok(wellKnown.length >= 10);
  const symbols = [...wellKnown, Symbol.for(''), Symbol.for('foo'), Symbol.for('@@foo'), Symbol.for('@@@@x'), Symbol.for('@@iterator')];
  for (const symbol of symbols) {
    const name = nameForPassableSymbol(symbol)!;
    assert.equal(typeof name, 'string');
    assert.equal(passableSymbolForName(name), symbol);
  }
  assert.equal(nameForPassableSymbol(Symbol.asyncIterator), '@@asyncIterator');
  assert.equal(nameForPassableSymbol(Symbol.for('@@foo')), '@@@@foo');
  assert.equal(nameForPassableSymbol(Symbol('local')), undefined);
  assert.throws(() => passableSymbolForName('@@nope'), { message: 'Reserved for well known symbol "nope": "@@nope"' });
});

test('toPassableError returns a passable error as is, else a passable copy', () => {
  const fine = new RangeError('fine');
  assert.equal(toPassableError(fine), fine);
  assert.ok(Object.isFrozen(fine));

  const messy = Object.assign(new TypeError('messy'), { detail: { secret: 1 } });
  const copy = toPassableError(messy);
  assert.notEqual(copy, messy);
  assert.ok(copy instanceof TypeError);
  assert.equal(copy.message, 'messy');
  assert.equal(passStyleOf(copy), 'error');
  assert.ok(Object.isFrozen(copy));

  class Custom extends Error {}
  const fromCustom = toPassableError(new Custom('custom'));
  assert.equal(Object.getPrototypeOf(fromCustom), Error.prototype);
  assert.equal(fromCustom.message, 'custom');

  const withCause = Object.assign(new Error('outer', { cause: new URIError('inner') }), { extra: true });
  const copied = toPassableError(withCause);
  assert.equal((copied.cause as Error).message, 'inner');
});

test('toThrowable accepts capability-free data and coerces errors', () => {
  const data = { a: [1, 'two'], b: makeTagged('t', null) };
  assert.equal(toThrowable(data), data);
  assert.ok(Object.isFrozen(data));
  assert.equal(passStyleOf(toThrowable(Object.assign(new Error('e'), { x: 1 }))), 'error');
  assert.throws(() => toThrowable(Far('x')), { message: 'A "remotable" is not throwable: (an object)' });
  assert.throws(() => toThrowable([harden(Promise.resolve())]), { message: 'A "promise" is not throwable: (an object)' });
});

test('type guards and their assertions', () => {
  assert.equal(isRecord(harden({})), true);
  assert.equal(isCopyArray(harden([])), true);
  assert.equal(isRemotable(Far('x')), true);
  assert.throws(() => assertRecord(harden([]), 'options'), {
    message: '"options" (an object) must be a pass-by-copy record, not "copyArray"',
  });
  assert.throws(() => assertCopyArray(harden({})), { message: '"Alleged array" (an object) must be a pass-by-copy array, not "copyRecord"' });
  assert.throws(() => assertRemotable(harden({})), { message: '"Alleged remotable" (an object) must be a remotable, not "copyRecord"' });
});

test('deeplyFulfilled replaces promises by their fulfillments', async () => {
  const far = Far('f');
  const value = harden({ a: Promise.resolve(1), b: [Promise.resolve(makeTagged('t', harden([Promise.resolve(2)])))], far });
  const result = await deeplyFulfilled(value);
  assert.equal(result.a, 1);
  assert.equal(getTag(result.b[0]), 't');
  assert.deepEqual(result.b[0].payload, [2]);
  assert.equal(result.far, far);
  assert.equal(passStyleOf(result), 'copyRecord');
});

test('exported functions are frozen', async () => {
  const api = await import('../../src/pass-style/index.js');
  for (const [name, value] of Object.entries(api)) {
    if (typeof value === 'function') assert.ok(Object.isFrozen(value), name);
  }
});
