// Cases run both against our endo/errors (in the test process) and against
// the original @endo/errors (in a child process after `lockdown()`), so that
// the two results can be compared. This module imports nothing at run time:
// the child loads it next to the original `ses`.

import type * as Errors from '../../../src/ses/errors/index.js';

type ErrorsModule = typeof Errors;

/** Values whose redacted and quoted renderings are compared. */
export const makeValueCases = (): Array<[string, unknown]> => {
  const cycle: Record<string, unknown> = { name: 'cycle' };
  cycle.self = cycle;
  const shared = { shared: true };
  const renamed = new Error('renamed');
  renamed.name = 'Custom';
  const throwingProxy = new Proxy({}, {
    ownKeys() {
      throw Error('no keys for you');
    },
  });
  const throwingGetter = {
    get boom() {
      throw Error('getter');
    },
  };
  function* generator() {}
  return [
    ['string', 'abc'],
    ['empty string', ''],
    ['bracketed string', '[looks synthesized]'],
    ['quotes and newline', 'say "hi"\nthere'],
    ['zero', 0],
    ['negative zero', -0],
    ['float', 1.5],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['bigint', 10n],
    ['negative bigint', -5n],
    ['true', true],
    ['false', false],
    ['null', null],
    ['undefined', undefined],
    ['symbol', Symbol('sym')],
    ['symbol without description', Symbol()],
    ['registered symbol', Symbol.for('reg')],
    ['well-known symbol', Symbol.iterator],
    ['named function', function named() {}],
    ['anonymous function', [() => 1][0]],
    ['class', class Foo {}],
    ['async function', async function af() {}],
    ['empty object', {}],
    ['empty array', []],
    ['unsorted keys', { b: 1, a: 2, c: { z: 1, y: 2 } }],
    ['sorted keys', { a: 1, b: 2 }],
    ['nested array', [1, 'x', [2n, undefined, null, NaN]]],
    ['undefined property', { a: undefined, b: 1 }],
    ['cycle', cycle],
    ['repeated subtree', { a: shared, b: shared }],
    ['Error', new Error('boom')],
    ['TypeError', new TypeError('t')],
    ['RangeError without message', new RangeError()],
    ['AggregateError', new AggregateError([], 'agg')],
    ['renamed error', renamed],
    ['errors in array', [new SyntaxError('s'), new URIError('u')]],
    ['Map', new Map([[1, 2]])],
    ['Set', new Set([1])],
    ['Promise', Promise.resolve()],
    ['Uint8Array', new Uint8Array(2)],
    ['ArrayBuffer', new ArrayBuffer(2)],
    ['Date', new Date(0)],
    ['RegExp', /re/g],
    ['null prototype', Object.create(null)],
    ['toJSON', { toJSON: () => 'custom json' }],
    ['throwing proxy', throwingProxy],
    ['throwing getter', throwingGetter],
    ['symbol keys', { [Symbol('k')]: 1, v: 2 }],
    ['sparse array', [1, , 3]],
    ['own toStringTag', { [Symbol.toStringTag]: 'Tagged', x: 1 }],
    ['String object', new String('boxed')],
    ['Number object', new Number(3)],
    ['generator object', generator()],
    ['string starting with bracket inside', { k: '[x]' }],
    ['keys with digits', { 10: 'a', 2: 'b', x: 'c' }],
  ];
};

/** `bare` inputs: some may appear bare, the others are quoted. */
export const bareCases: unknown[] = [
  'word',
  'two words',
  'two  spaces',
  ' leading',
  'trailing ',
  'colon:dash-ok_1',
  'semi;colon',
  '',
  5,
  'é',
  'a\nb',
  'x',
  '-',
];

export type ErrorReport = { name: string; message: string } | { returned: unknown };

const report = (thunk: () => unknown): ErrorReport => {
  try {
    return { returned: thunk() };
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
};

/** Everything observable from messages, computed with either module. */
export const runCases = (E: ErrorsModule) => {
  const { X, q, b, makeError, assert, Fail, note } = E;
  const messageOf = (details: any) => makeError(details).message;
  const values = makeValueCases();
  const rendered = values.map(([label, value]) => ({
    label,
    redacted: messageOf(X`value ${value}.`),
    quoted: `${q(value)}`,
    quotedSpaced: `${q(value, 2)}`,
  }));
  const bare = bareCases.map(text => [`${b(text as string)}`, messageOf(X`<${b(text as string)}>`)]);
  const templates = [
    messageOf(X`${1}`),
    messageOf(X` ${1} `),
    messageOf(X`a  ${'x'}  b ${q('y')}${q('z')}`),
    messageOf(X``),
    messageOf('a plain string with ${dollar}'),
    messageOf(''),
    messageOf(undefined),
    `${X`token ${1} ${q(2)} ${b('three')}`}`,
    `${q('with dashes', '--')}`,
    `${q({ a: [1, { b: 2 }] }, '--')}`,
  ];
  class MyError extends Error {}
  const throws: Array<[string, ErrorReport]> = [
    ['assert(false)', report(() => assert(false))],
    ['assert(0, string)', report(() => assert(0, 'zero'))],
    ['assert(details, TypeError)', report(() => assert('', X`empty ${'s'} ${q('t')}`, TypeError))],
    ['assert(true)', report(() => assert(true))],
    ['assert.equal', report(() => assert.equal(1, 2))],
    ['assert.equal NaN', report(() => assert.equal(NaN, NaN))],
    ['assert.equal 0 -0', report(() => assert.equal(0, -0))],
    ['assert.equal objects', report(() => assert.equal({}, {}))],
    ['assert.equal custom', report(() => assert.equal(1, 2, X`custom ${q(1)}`, TypeError))],
    ['assert.string', report(() => assert.string(5))],
    ['assert.string ok', report(() => assert.string('ok'))],
    ['assert.string custom', report(() => assert.string(5, 'not a string'))],
    ...(['bigint', 'boolean', 'function', 'number', 'object', 'string', 'symbol', 'undefined'] as const).map(
      (typeName): [string, ErrorReport] => [
        `assert.typeof ${typeName}`,
        report(() => assert.typeof(typeName === 'number' ? 'x' : 1, typeName as 'number')),
      ],
    ),
    ['assert.typeof passes', report(() => assert.typeof(null, 'object'))],
    ['assert.typeof unknown type', report(() => assert.typeof(1, 'foo' as 'string'))],
    ['assert.typeof non-string type', report(() => assert.typeof(1, 5 as unknown as 'string'))],
    ['assert.typeof custom', report(() => assert.typeof(1, 'string', X`custom ${2}`))],
    ['assert.fail()', report(() => assert.fail())],
    ['assert.fail(string)', report(() => assert.fail('just this'))],
    ['assert.fail(details, RangeError)', report(() => assert.fail(X`range ${3n}`, RangeError))],
    ['Fail', report(() => Fail`failed ${'secret'} ${q('public')} ${b('bare')}`)],
    ['makeError bad details', report(() => makeError({} as any))],
    ['makeError number details', report(() => makeError(42 as any))],
    ['makeError URIError', report(() => { throw makeError(X`u`, URIError); })],
    ['note bad details', report(() => note(new Error('x'), {} as any))],
    ['hideAndHardenFunction string', report(() => E.hideAndHardenFunction('nope' as any))],
    ['hideAndHardenFunction name', report(() => E.hideAndHardenFunction(function hidden() {}).name)],
    ['throwRedacted', report(() => E.throwRedacted`redacted ${1}`)],
    ['subclass name', report(() => makeError(X`sub ${new MyError('m')}`).message)],
  ];
  const made = (() => {
    const cause = new Error('the cause');
    const inner = [new Error('one'), new TypeError('two')];
    const plain = makeError(X`plain`);
    const withCause = makeError(X`with cause`, RangeError, { cause });
    const aggregate = makeError(X`agg ${1}`, AggregateError, { errors: inner, cause });
    const errorsOnError = makeError(X`errors`, TypeError, { errors: inner });
    const falsyCause = makeError(X`falsy`, Error, { cause: 0 as any });
    const coded = makeError(X`coded`, Error, { code: 'E_CODE' });
    const notSanitized = makeError(X`loose`, Error, { sanitize: false });
    const describe = (error: Error) => ({
      name: error.name,
      message: error.message,
      ownKeys: Object.getOwnPropertyNames(error).sort(),
      frozen: Object.isFrozen(error),
      causeIs: 'cause' in error ? ((error as any).cause === cause ? 'the cause' : String((error as any).cause)) : 'none',
      errors: (error as any).errors?.map((e: Error) => e.message),
      code: (error as any).code,
      stackIsString: typeof error.stack === 'string',
      ctorName: error.constructor.name,
      descriptors: Object.fromEntries(
        ['cause', 'errors', 'code'].map(key => {
          const d = Object.getOwnPropertyDescriptor(error, key);
          return [key, d && { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable }];
        }),
      ),
    });
    return [plain, withCause, aggregate, errorsOnError, falsyCause, coded, notSanitized].map(describe);
  })();
  const tokens = (() => {
    const token = X`x ${1}`;
    const proto = Object.getPrototypeOf(token);
    return {
      frozen: Object.isFrozen(token),
      keys: Object.keys(token),
      notAToken: proto.toString.call({}),
      quoteFrozen: Object.isFrozen(q(1)),
      quoteKeys: Object.keys(q(1)),
      quoteJson: JSON.stringify(q({ a: 1 })),
    };
  })();
  return {
    exports: Object.keys(E).sort(),
    assertKeys: Object.keys(assert),
    rendered,
    bare,
    templates,
    throws,
    made,
    tokens,
  };
};
