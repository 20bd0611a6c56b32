// The values both pass-style implementations are asked about, written once
// and run in two processes: here under endo/ses + endo/pass-style, and in a
// child under @endo/init + @endo/pass-style. Each case gets the pass-style
// API (and the realm's harden) and returns something JSON can carry; the
// runner records the result or the thrown message. This module imports
// nothing, so either side can load it.

export interface PassStyleApi {
  harden: <T>(value: T) => T;
  [name: string]: any;
}

export type Case = (api: PassStyleApi) => unknown;

/** Cases that classify one value: `passStyleOf(make(api))`. */
const valueCases: Record<string, (api: PassStyleApi) => unknown> = {
  undefined: () => undefined,
  null: () => null,
  true: () => true,
  number: () => 1.5,
  NaN: () => NaN,
  minusZero: () => -0,
  bigint: () => 10n ** 30n,
  string: () => 'hello',
  emptyString: () => '',
  wellFormedAstral: () => '\u{1F600}',
  registeredSymbol: () => Symbol.for('x'),
  wellKnownSymbol: () => Symbol.asyncIterator,
  unregisteredSymbol: () => Symbol('local'),
  emptyRecord: ({ harden }) => harden({}),
  record: ({ harden }) => harden({ a: 1, b: 'two', c: [3n, null], d: { e: undefined } }),
  recordWithIntegerKeys: ({ harden }) => harden({ 2: 'b', 1: 'a', x: 'c' }),
  recordHoldingFarFunction: ({ harden, Far }) => harden({ f: Far('f', () => 1) }),
  emptyArray: ({ harden }) => harden([]),
  array: ({ harden }) => harden([1, 'a', [true], { b: null }]),
  tagged: ({ makeTagged }) => makeTagged('copySet', [1, 2]),
  taggedEmptyTag: ({ makeTagged }) => makeTagged('', {}),
  farObject: ({ Far }) => Far('thing', { m() {} }),
  farEmpty: ({ Far }) => Far('empty'),
  farFunction: ({ Far }) => Far('fn', (x: number) => x),
  remotableDefault: ({ Remotable }) => Remotable(),
  remotableDebugName: ({ Remotable }) => Remotable('DebugName: d', undefined, { m() {} }),
  farSymbolMethod: ({ Far }) => Far('sym', { [Symbol.for('m')]() {} }),
  farInheriting: ({ Far, harden }) => harden(Object.create(Far('base', { m() {} }), { n: { value: () => 2 } })),
  error: ({ harden }) => harden(new TypeError('boom')),
  rangeError: ({ harden }) => harden(new RangeError('r')),
  errorWithCause: ({ harden }) => harden(new Error('outer', { cause: new URIError('inner') })),
  aggregateError: ({ harden }) => harden(new AggregateError([new Error('a')], 'agg')),
  promise: ({ harden }) => harden(Promise.resolve(1)),
  pendingPromise: ({ harden }) => harden(new Promise(() => {})),

  // Rejections
  nonFrozenRecord: () => ({ a: 1 }),
  nonFrozenArray: () => [1],
  frozenHoldingNonFrozen: () => Object.freeze({ a: { b: 1 } }),
  mutableTypedArray: ({ harden }) => harden(new Uint8Array(2)),
  typedArrayUnhardened: () => new Uint8Array(2),
  nonFrozenFunction: () => () => 1,
  plainFunction: ({ harden }) => harden(() => 1),
  recordWithMethod: ({ harden }) => harden({ a: () => 1 }),
  recordWithDataAndMethod: ({ harden }) => harden({ a: 1, b: () => 1 }),
  recordWithSymbolKey: ({ harden }) => harden({ [Symbol.for('x')]: 1 }),
  recordWithNonEnumerable: ({ harden }) => harden(Object.defineProperty({ a: 1 }, 'b', { value: 2 })),
  recordWithGetter: ({ harden }) => harden({ get a() { return 1; } }),
  recordNullProto: ({ harden }) => harden(Object.create(null)),
  recordNullProtoWithData: ({ harden }) => harden(Object.assign(Object.create(null), { a: 1 })),
  map: ({ harden }) => harden(new Map()),
  date: ({ harden }) => harden(new Date(0)),
  regexp: ({ harden }) => harden(/x/),
  classInstance: ({ harden }) => {
    class Point { x = 1; }
    return harden(new Point());
  },
  thenable: ({ harden }) => harden({ then() {} }),
  thenableFunction: ({ harden }) => harden(Object.assign(() => {}, { then() {} })),
  arrayWithHole: ({ harden }) => harden([1, , 3]),
  arrayWithExtraProperty: ({ harden }) => harden(Object.assign([1], { x: 2 })),
  arrayWithNonEnumerableIndex: ({ harden }) => harden(Object.defineProperty([1, 2], 0, { enumerable: false })),
  arrayWithGetter: ({ harden }) => harden(Object.defineProperty([1], 0, { get: () => 1, enumerable: true })),
  arraySubclass: ({ harden }) => {
    class MyArray extends Array {}
    return harden(MyArray.from([1]));
  },
  cyclicRecord: ({ harden }) => {
    const r: any = { a: 1 };
    r.self = r;
    return harden(r);
  },
  cyclicArray: ({ harden }) => {
    const a: any[] = [];
    a.push(a);
    return harden(a);
  },
  deepCycle: ({ harden }) => {
    const a: any = { b: { c: [] } };
    a.b.c.push(a);
    return harden(a);
  },
  badNested: ({ harden }) => harden({ a: [1, { b: Symbol('no') }] }),
  farWithData: ({ Far }) => Far('data', { x: 1 }),
  farWithAccessor: ({ Far }) => Far('acc', { get x() { return 1; } }),
  farAlreadyFrozen: ({ Far }) => Far('frozen', Object.freeze({})),
  farTwice: ({ Far }) => Far('twice', Far('once', {})),
  farUnusualProto: ({ Far }) => Far('proto', Object.create(Object.create(null))),
  farNonArrowFunction: ({ Far }) => Far('fn', function named() {}),
  farArray: ({ Far }) => Far('array', [] as any),
  remotableBadIface: ({ Remotable }) => Remotable('bad iface'),
  remotableNonStringIface: ({ Remotable }) => Remotable(42),
  remotableProps: ({ Remotable }) => Remotable('Remotable', { a: 1 }),
  remotableBadToStringTag: ({ Remotable }) => Remotable('Remotable', undefined, { [Symbol.toStringTag]: 'x' }),
  fakeRemotableProto: ({ harden, PASS_STYLE }) =>
    harden(Object.create(harden({ [PASS_STYLE]: 'remotable', [Symbol.toStringTag]: 'Alleged: fake' }))),
  fakeRemotableEnumerableTag: ({ harden, PASS_STYLE }) =>
    harden(Object.create(harden(Object.defineProperty({ [Symbol.toStringTag]: 'Alleged: fake' }, PASS_STYLE, { value: 'remotable', enumerable: true })))),
  fakeRemotableExtraProto: ({ harden, PASS_STYLE }) =>
    harden(
      Object.create(
        harden(
          Object.defineProperties(
            {},
            {
              [PASS_STYLE]: { value: 'remotable' },
              [Symbol.toStringTag]: { value: 'Alleged: fake' },
              extra: { value: () => {} },
            },
          ),
        ),
      ),
    ),
  fakeRemotableBadIface: ({ harden, PASS_STYLE }) =>
    harden(
      Object.create(
        harden(Object.defineProperties({}, { [PASS_STYLE]: { value: 'remotable' }, [Symbol.toStringTag]: { value: 'no prefix' } })),
      ),
    ),
  ownPassStyleShadow: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: () => {} }),
  taggedFake: ({ harden, PASS_STYLE }) =>
    harden(
      Object.defineProperties({}, {
        [PASS_STYLE]: { value: 'tagged' },
        [Symbol.toStringTag]: { value: 't' },
        payload: { value: 1, enumerable: true },
      }),
    ),
  taggedExtraProperty: ({ harden, PASS_STYLE }) =>
    harden(
      Object.defineProperties({}, {
        [PASS_STYLE]: { value: 'tagged' },
        [Symbol.toStringTag]: { value: 't' },
        payload: { value: 1, enumerable: true },
        extra: { value: 2, enumerable: true },
      }),
    ),
  taggedMissingPayload: ({ harden, PASS_STYLE }) =>
    harden(Object.defineProperties({}, { [PASS_STYLE]: { value: 'tagged' }, [Symbol.toStringTag]: { value: 't' } })),
  taggedNonEnumerablePayload: ({ harden, PASS_STYLE }) =>
    harden(
      Object.defineProperties({}, {
        [PASS_STYLE]: { value: 'tagged' },
        [Symbol.toStringTag]: { value: 't' },
        payload: { value: 1 },
      }),
    ),
  taggedEnumerableStyle: ({ harden, PASS_STYLE }) =>
    harden(
      Object.defineProperties({}, {
        [PASS_STYLE]: { value: 'tagged', enumerable: true },
        [Symbol.toStringTag]: { value: 't' },
        payload: { value: 1, enumerable: true },
      }),
    ),
  taggedNumberTag: ({ harden, PASS_STYLE }) =>
    harden(
      Object.defineProperties({}, {
        [PASS_STYLE]: { value: 'tagged' },
        [Symbol.toStringTag]: { value: 1 },
        payload: { value: 1, enumerable: true },
      }),
    ),
  taggedInherited: ({ harden, makeTagged }) => harden(Object.create(makeTagged('t', 1))),
  taggedArray: ({ harden, PASS_STYLE }) =>
    harden(Object.defineProperties([], { [PASS_STYLE]: { value: 'tagged' }, [Symbol.toStringTag]: { value: 't' } })),
  taggedBadPayload: ({ harden, PASS_STYLE }) =>
    harden(
      Object.defineProperties({}, {
        [PASS_STYLE]: { value: 'tagged' },
        [Symbol.toStringTag]: { value: 't' },
        payload: { value: Symbol('x'), enumerable: true },
      }),
    ),
  makeTaggedNonStringTag: ({ makeTagged }) => makeTagged(1, 2),
  makeTaggedBadPayload: ({ makeTagged }) => makeTagged('t', Symbol('x')),
  unknownPassStyle: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: 'promise' }),
  numberPassStyle: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: 7 }),
  declaredCopyRecord: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: 'copyRecord' }),
  declaredCopyArray: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: 'copyArray' }),
  declaredError: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: 'error' }),
  declaredByteArray: ({ harden, PASS_STYLE }) => harden({ [PASS_STYLE]: 'byteArray' }),
  errorNotFrozen: () => new Error('e'),
  errorEnumerableProperty: ({ harden }) => harden(Object.assign(new Error('e'), { code: 1 })),
  errorExtraProperty: ({ harden }) => harden(Object.defineProperty(new Error('e'), 'code', { value: 1 })),
  errorNoMessage: ({ harden }) => harden(new Error()),
  errorNonStringMessage: ({ harden }) => harden(Object.defineProperty(new Error(), 'message', { value: 1 })),
  errorBadCause: ({ harden }) => harden(new Error('e', { cause: 'not an error' })),
  errorSubclass: ({ harden }) => {
    class MyError extends Error {}
    return harden(new MyError('mine'));
  },
  errorBadErrors: ({ harden }) => harden(Object.defineProperty(new Error('e'), 'errors', { value: harden(['x']) })),
  errorErrorsNotArray: ({ harden }) => harden(Object.defineProperty(new Error('e'), 'errors', { value: 'x' })),
  errorCyclicErrors: ({ harden }) => {
    const e = new Error('e');
    Object.defineProperty(e, 'errors', { value: [e] });
    return harden(e);
  },
  promiseNotFrozen: () => Promise.resolve(),
  promiseWithOwnProperty: ({ harden }) => harden(Object.assign(Promise.resolve(), { x: 1 })),
  promiseWithOwnToStringTag: ({ harden }) =>
    harden(Object.defineProperty(Promise.resolve(), Symbol.toStringTag, { value: 'Promise' })),
  promiseWithEnumerableToStringTag: ({ harden }) =>
    harden(Object.defineProperty(Promise.resolve(), Symbol.toStringTag, { value: 'Promise', enumerable: true })),
  promiseSubclass: ({ harden }) => {
    class MyPromise extends Promise<void> {}
    return harden(MyPromise.resolve());
  },
  arrayBufferMutable: ({ harden }) => harden(new ArrayBuffer(2)),
  byteArray: ({ harden }) => harden((new ArrayBuffer(4) as any).transferToImmutable()),
  byteArraySlice: ({ harden }) => harden((new Uint8Array([1, 2, 3]).buffer as any).sliceToImmutable(1)),
  byteArrayNotFrozen: () => (new ArrayBuffer(4) as any).transferToImmutable(),
  byteArrayWithExtraProperty: ({ harden }) => harden(Object.assign((new ArrayBuffer(4) as any).transferToImmutable(), { x: 1 })),
  recordHoldingByteArray: ({ harden }) => harden({ bytes: (new ArrayBuffer(1) as any).transferToImmutable() }),

  // Known differences (see differential.test.ts)
  loneSurrogate: () => '\ud800',
  recordWithGetterReturningFunction: ({ harden }) => harden({ get a() { return () => 1; } }),
};

/** Cases that exercise the rest of the API. */
const apiCases: Record<string, Case> = {
  getInterfaceOfFar: ({ Far, getInterfaceOf }) => getInterfaceOf(Far('x', {})),
  getInterfaceOfRecord: ({ harden, getInterfaceOf }) => getInterfaceOf(harden({})) ?? 'undefined',
  getInterfaceOfPrimitive: ({ getInterfaceOf }) => getInterfaceOf(1) ?? 'undefined',
  getInterfaceOfFarThenable: ({ Far, getInterfaceOf }) => getInterfaceOf(Far('t', { then() {} })),
  farMethodNames: ({ Far }) => Far('x', { b() {}, a() {}, [Symbol.for('s')]() {} }).__getMethodNames__().map(String),
  farOwnKeys: ({ Far }) => Reflect.ownKeys(Far('x', { m() {} })).map(String),
  farProtoKeys: ({ Far }) => Reflect.ownKeys(Object.getPrototypeOf(Far('x', { m() {} }))).map(String),
  farProtoTag: ({ Far }) => Object.getPrototypeOf(Far('x', { m() {} }))[Symbol.toStringTag],
  farToString: ({ Far }) => String(Far('x', { m() {} })),
  farFunctionMethodNames: ({ Far }) => String((Far('f', () => 1) as any).__getMethodNames__),
  getRemotableMethodNames: ({ Far, getRemotableMethodNames }) => getRemotableMethodNames(Far('x', { z() {}, y() {} })),
  toFarFunctionWraps: ({ ToFarFunction, passStyleOf }) => passStyleOf(ToFarFunction('f', Object.freeze(() => 1))),
  toFarFunctionSame: ({ ToFarFunction, Far }) => {
    const f = Far('f', () => 1);
    return ToFarFunction('g', f) === f;
  },
  taggedKeys: ({ makeTagged }) => Reflect.ownKeys(makeTagged('t', 1)).map(String),
  taggedDescriptors: ({ makeTagged, PASS_STYLE }) => {
    const t = makeTagged('t', 1);
    const d = Object.getOwnPropertyDescriptors(t) as any;
    return [d[PASS_STYLE].enumerable, d[Symbol.toStringTag].enumerable, d.payload.enumerable, Object.isFrozen(t)];
  },
  isPassableGood: ({ harden, isPassable }) => isPassable(harden({ a: [1] })),
  isPassableBad: ({ isPassable }) => isPassable({ a: 1 }),
  assertPassableBad: ({ assertPassable }) => assertPassable([]),
  symbolNames: ({ nameForPassableSymbol }) =>
    [Symbol.iterator, Symbol.for('foo'), Symbol.for('@@foo'), Symbol.for('@@iterator'), Symbol('x')].map(
      s => nameForPassableSymbol(s) ?? 'undefined',
    ),
  symbolForNames: ({ passableSymbolForName }) =>
    ['@@iterator', 'foo', '@@@@foo', '@@@@iterator'].map(n => String(passableSymbolForName(n))),
  symbolForReservedName: ({ passableSymbolForName }) => passableSymbolForName('@@notWellKnown'),
  symbolForNonString: ({ passableSymbolForName }) => passableSymbolForName(1),
  isPassableSymbol: ({ isPassableSymbol }) => [isPassableSymbol(Symbol.for('a')), isPassableSymbol(Symbol('a')), isPassableSymbol('a')],
  isWellFormedString: ({ isWellFormedString }) => [isWellFormedString('a'), isWellFormedString('\ud800'), isWellFormedString(1)],
  assertWellFormedString: ({ assertWellFormedString }) => assertWellFormedString('\udc00'),
  assertRecordBad: ({ harden, assertRecord }) => assertRecord(harden([1])),
  assertRecordNamed: ({ harden, assertRecord }) => assertRecord(harden([1]), 'options'),
  assertCopyArrayBad: ({ harden, assertCopyArray }) => assertCopyArray(harden({})),
  assertRemotableBad: ({ harden, assertRemotable }) => assertRemotable(harden({})),
  typeGuards: ({ harden, Far, isRecord, isCopyArray, isRemotable }) => [
    isRecord(harden({})),
    isRecord(harden([])),
    isCopyArray(harden([])),
    isRemotable(Far('x')),
    isRemotable(harden({})),
  ],
  isAtom: ({ harden, isAtom }) => [isAtom(1), isAtom('s'), isAtom(harden({})), isAtom({}), isAtom(Symbol('x'))],
  assertAtomBad: ({ harden, assertAtom }) => assertAtom(harden([])),
  getErrorConstructor: ({ getErrorConstructor }) =>
    ['Error', 'TypeError', 'AggregateError', 'Nope'].map(n => getErrorConstructor(n)?.name ?? 'undefined'),
  isErrorLike: ({ isErrorLike }) => [isErrorLike(new Error()), isErrorLike({ message: 'x' })],
  isObject: ({ isObject, isPrimitive }) => [isObject({}), isObject(() => {}), isObject(null), isPrimitive(null), isPrimitive('a')],
  getTag: ({ getTag, makeTagged }) => getTag(makeTagged('t', 1)),
  passStyleSymbol: ({ PASS_STYLE }) => PASS_STYLE === Symbol.for('passStyle'),
  getMethodNamesName: ({ GET_METHOD_NAMES }) => GET_METHOD_NAMES,
  toPassableErrorSame: ({ toPassableError }) => {
    const e = new RangeError('r');
    return toPassableError(e) === e && Object.isFrozen(e);
  },
  toPassableErrorCopy: ({ toPassableError, passStyleOf }) => {
    const e = Object.assign(new TypeError('t'), { extra: 1 });
    const copy = toPassableError(e);
    return [copy === e, copy.name, copy.message, passStyleOf(copy), Object.keys(copy).length];
  },
  toPassableErrorSubclass: ({ toPassableError }) => {
    class MyError extends URIError {}
    const copy = toPassableError(new MyError('m'));
    return [copy.name, copy.message, Object.getPrototypeOf(copy) === URIError.prototype];
  },
  toPassableErrorKeepsCause: ({ toPassableError, passStyleOf }) => {
    const e = Object.assign(new Error('e', { cause: new Error('c') }), { extra: 1 });
    const copy = toPassableError(e);
    return [copy === e, (copy.cause as Error).message, passStyleOf(copy)];
  },
  toThrowableData: ({ toThrowable }) => toThrowable({ a: [1, 'x'] }),
  toThrowableError: ({ toThrowable, passStyleOf }) => passStyleOf(toThrowable(new Error('x'))),
  toThrowableRemotable: ({ toThrowable, Far }) => toThrowable(Far('x')),
  toThrowableNested: ({ toThrowable }) => toThrowable([Object.assign(new Error('x'), { extra: 1 })]),
  hasOwnPropertyOf: ({ hasOwnPropertyOf }) => [hasOwnPropertyOf({ a: 1 }, 'a'), hasOwnPropertyOf({}, 'toString')],
  mapIterable: ({ mapIterable }) => [...mapIterable([1, 2, 3], (x: number) => x * 2)],
  filterIterable: ({ filterIterable }) => [...filterIterable([1, 2, 3, 4], (x: number) => x % 2 === 0)],
  mapIterableStyle: ({ mapIterable, passStyleOf }) => passStyleOf(mapIterable([], (x: unknown) => x)),
  assertChecker: ({ assertChecker }) => assertChecker(true, 'fine'),
  byteArrayAtom: ({ harden, isAtom }) => isAtom(harden((new ArrayBuffer(2) as any).transferToImmutable())),
  toThrowableByteArray: ({ harden, toThrowable, passStyleOf }) =>
    passStyleOf(toThrowable(harden((new ArrayBuffer(2) as any).transferToImmutable()))),
  recordWithLoneSurrogate: ({ harden, isPassable }) => isPassable(harden({ s: '\udfff' })),
};

/** Every case, by name: value cases classify, API cases return what they compute. */
export const cases: Record<string, Case> = {
  ...Object.fromEntries(Object.entries(valueCases).map(([name, make]) => [name, (api: PassStyleApi) => api.passStyleOf(make(api))])),
  ...apiCases,
};

/** What one case did: the JSON-able result, or the thrown error's message and constructor name. */
export type CaseOutcome = { result: unknown } | { message: string; name: string };

const toJsonable = (value: unknown): unknown => {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return String(value);
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return value.map(toJsonable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonable(v)]));
  }
  return value;
};

/** Runs every case against `api`. */
export const runCases = (api: PassStyleApi): Record<string, CaseOutcome> => {
  const outcomes: Record<string, CaseOutcome> = {};
  for (const [name, run] of Object.entries(cases)) {
    try {
      outcomes[name] = { result: toJsonable(run(api)) };
    } catch (error) {
      outcomes[name] = { message: String((error as Error).message), name: String((error as Error).name) };
    }
  }
  return outcomes;
};
