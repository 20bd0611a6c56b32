// The permits table: for every intrinsic that lockdown knows, which own
// properties it may keep and what each must hold. It is data only; the walk
// that enforces it lives in remove-unpermitted.ts, and the collection of the
// intrinsics it names lives in intrinsics.ts. It also holds the lists that
// say which intrinsic each global name of a compartment refers to.
//
// The facts (which properties exist, which are removed on purpose) follow
// ses 2.3.0 so that a program sees the same hardened realm under both.
//
// Vocabulary of a permit:
// - a record: the value must be an object (or function) whose own properties
//   are in turn permitted by the record's entries; '[[Proto]]' names its
//   expected prototype (an intrinsic name, or null; '%ObjectPrototype%' when
//   omitted). Functions may always keep `length` (number) and `name` (string).
// - 'undefined' | 'boolean' | 'number' | 'bigint' | 'string' | 'symbol':
//   a data property whose value has that typeof.
// - 'fn': a function that inherits from %FunctionPrototype%, with no own
//   properties except length and name. 'asyncFn': the same for async
//   functions (inheriting from %AsyncFunctionPrototype%).
// - any other string: the name of an intrinsic; the value must be it.
// - { '[[Get]]': p, '[[Set]]': p }: an accessor property whose getter and
//   setter are permitted by p (usually 'fn' or 'undefined').
// - an array of the above (not records): any one of them.
// - false: a property known to exist somewhere, removed without comment.
// Anything not listed is removed and reported.
//
// Property keys: plain names for strings; '@@name' for the well-known symbol
// Symbol.name; 'RegisteredSymbol(key)' for Symbol.for(key);
// 'UniqueSymbol(description)' for any other symbol.

/** typeof names a data-property permit may require. */
export type PrimitiveTypeName = 'undefined' | 'boolean' | 'number' | 'bigint' | 'string' | 'symbol';

/** Permit words for function values without further own properties. */
export type FunctionKindName = 'fn' | 'asyncFn';

/** An accessor property: each half is a leaf permit for the getter and setter. */
export interface AccessorPermit {
  readonly '[[Get]]': LeafPermit;
  readonly '[[Set]]': LeafPermit;
}

/**
 * A leaf permit: a typeof name, a function kind, an intrinsic name, or an
 * accessor spec. (Strings that are neither a typeof nor a function kind are
 * intrinsic names.)
 */
export type LeafPermit = string | AccessorPermit;

/** A record of permits for the own properties of one object; '[[Proto]]' holds an intrinsic name or null. */
export type PermitRecord = {
  readonly [property: string]: Permit | null | undefined;
};

export type Permit = false | LeafPermit | readonly LeafPermit[] | PermitRecord;

export const primitiveTypeNames: readonly PrimitiveTypeName[] = ['undefined', 'boolean', 'number', 'bigint', 'string', 'symbol'];
export const functionKindNames: readonly FunctionKindName[] = ['fn', 'asyncFn'];

// Short names that keep the table readable.
const fn = 'fn';
const asyncFn = 'asyncFn';
/** A read-only accessor. */
const getter: AccessorPermit = { '[[Get]]': fn, '[[Set]]': 'undefined' };
/** A read-write accessor. */
const accessor: AccessorPermit = { '[[Get]]': fn, '[[Set]]': fn };

// ---------------------------------------------------------------------------
// Global names.

/**
 * The value properties of every global object: non-writable,
 * non-configurable, and powerless.
 */
export const constantProperties: Record<string, unknown> = {
  Infinity,
  NaN,
  undefined,
};

/**
 * Globals that every compartment, the start compartment included, shares:
 * global name -> intrinsic name. All of them are powerless once hardened.
 * `lockdown` and `harden` are listed because lockdown adds them as
 * intrinsics; the evaluators, `globalThis` and `Compartment` are made per
 * compartment and are not listed here.
 */
export const universalPropertyNames: Record<string, string> = {
  // Function properties of the global object.
  isFinite: 'isFinite',
  isNaN: 'isNaN',
  parseFloat: 'parseFloat',
  parseInt: 'parseInt',
  decodeURI: 'decodeURI',
  decodeURIComponent: 'decodeURIComponent',
  encodeURI: 'encodeURI',
  encodeURIComponent: 'encodeURIComponent',

  // Constructors.
  Array: 'Array',
  ArrayBuffer: 'ArrayBuffer',
  BigInt: 'BigInt',
  BigInt64Array: 'BigInt64Array',
  BigUint64Array: 'BigUint64Array',
  Boolean: 'Boolean',
  DataView: 'DataView',
  EvalError: 'EvalError',
  Int8Array: 'Int8Array',
  Int16Array: 'Int16Array',
  Int32Array: 'Int32Array',
  Map: 'Map',
  Number: 'Number',
  Object: 'Object',
  Promise: 'Promise',
  Proxy: 'Proxy',
  RangeError: 'RangeError',
  ReferenceError: 'ReferenceError',
  Set: 'Set',
  String: 'String',
  SyntaxError: 'SyntaxError',
  TypeError: 'TypeError',
  Uint8Array: 'Uint8Array',
  Uint8ClampedArray: 'Uint8ClampedArray',
  Uint16Array: 'Uint16Array',
  Uint32Array: 'Uint32Array',
  URIError: 'URIError',
  WeakMap: 'WeakMap',
  WeakSet: 'WeakSet',
  // Iterator helpers (newer engines only).
  Iterator: 'Iterator',
  AsyncIterator: 'AsyncIterator',
  AggregateError: 'AggregateError',

  // Namespaces.
  JSON: 'JSON',
  Reflect: 'Reflect',

  // WHATWG Encoding: pure string <-> bytes transformations.
  TextEncoder: 'TextEncoder',
  TextDecoder: 'TextDecoder',

  // Annex B.
  escape: 'escape',
  unescape: 'unescape',

  // Source-phase imports: present when a module-source shim installed it.
  ModuleSource: 'ModuleSource',

  lockdown: 'lockdown',
  harden: 'harden',

  // Present when the eventual-send shim installed it before lockdown.
  HandledPromise: 'HandledPromise',
};

/**
 * Globals of the start compartment only (the realm's own global object):
 * these may keep powers (the clock, randomness, stack strings) or a
 * side channel (the NaN payloads of the float arrays).
 * Symbol is not listed: the start compartment keeps its original Symbol.
 */
export const initialGlobalPropertyNames: Record<string, string> = {
  Date: '%InitialDate%',
  Error: '%InitialError%',
  RegExp: '%InitialRegExp%',
  Math: '%InitialMath%',
  Temporal: '%InitialTemporal%',

  // Float arrays can write and read NaN payloads: a side channel. They are
  // still intrinsics (checked and hardened), just not shared by default.
  Float16Array: 'Float16Array',
  Float32Array: 'Float32Array',
  Float64Array: 'Float64Array',

  getStackString: '%InitialGetStackString%',
};

/**
 * Globals of compartments made after lockdown: the powerless versions of
 * the start compartment's Date, Error, Math, RegExp, and a Symbol without
 * unknown extras.
 */
export const sharedGlobalPropertyNames: Record<string, string> = {
  Date: '%SharedDate%',
  Error: '%SharedError%',
  RegExp: '%SharedRegExp%',
  Symbol: '%SharedSymbol%',
  Math: '%SharedMath%',
  Temporal: '%SharedTemporal%',
};

/**
 * Globals that each compartment gets its own of (made by the compartment
 * code, not collected); their permits are listed below for completeness.
 */
export const uniqueGlobalPropertyNames: Record<string, string> = {
  globalThis: '%UniqueGlobalThis%',
  eval: '%UniqueEval%',
  Function: '%UniqueFunction%',
  Compartment: '%UniqueCompartment%',
};

// ---------------------------------------------------------------------------
// Builders for families of intrinsics with the same shape.

/** A native error constructor (TypeError, ...): inherits from the shared Error. */
const nativeErrorConstructor = (prototypeName: string): PermitRecord => ({
  '[[Proto]]': '%SharedError%',
  prototype: prototypeName,
});

/** A native error prototype. V8 once put toString and cause there: dropped. */
const nativeErrorPrototype = (constructorName: string): PermitRecord => ({
  '[[Proto]]': '%ErrorPrototype%',
  constructor: constructorName,
  message: 'string',
  name: 'string',
  toString: false as const, // (TypeScript widens a bare false under this key)
  cause: false,
});

const typedArrayConstructor = (prototypeName: string): PermitRecord => ({
  '[[Proto]]': '%TypedArray%',
  BYTES_PER_ELEMENT: 'number',
  prototype: prototypeName,
});

const typedArrayPrototype = (constructorName: string): PermitRecord => ({
  '[[Proto]]': '%TypedArrayPrototype%',
  BYTES_PER_ELEMENT: 'number',
  constructor: constructorName,
});

/** An iterator prototype with only `next` and a tag (Array, Map, Set, String, RegExp). */
const simpleIteratorPrototype: PermitRecord = {
  '[[Proto]]': '%IteratorPrototype%',
  next: fn,
  '@@toStringTag': 'string',
};

/** Math without `random`: both Maths add their own. */
const mathWithoutRandom: PermitRecord = {
  E: 'number',
  LN10: 'number',
  LN2: 'number',
  LOG10E: 'number',
  LOG2E: 'number',
  PI: 'number',
  SQRT1_2: 'number',
  SQRT2: 'number',
  '@@toStringTag': 'string',
  abs: fn,
  acos: fn,
  acosh: fn,
  asin: fn,
  asinh: fn,
  atan: fn,
  atanh: fn,
  atan2: fn,
  cbrt: fn,
  ceil: fn,
  clz32: fn,
  cos: fn,
  cosh: fn,
  exp: fn,
  expm1: fn,
  floor: fn,
  fround: fn,
  hypot: fn,
  imul: fn,
  log: fn,
  log1p: fn,
  log10: fn,
  log2: fn,
  max: fn,
  min: fn,
  pow: fn,
  round: fn,
  sign: fn,
  sin: fn,
  sinh: fn,
  sqrt: fn,
  tan: fn,
  tanh: fn,
  trunc: fn,
  f16round: fn,
  sumPrecise: fn,
  // XS extensions, not standard.
  idiv: false,
  idivmod: false,
  imod: false,
  imuldiv: false,
  irem: false,
  mod: false,
  irandom: false,
};

/** The Error constructor, initial or shared: same shape, the taming differs. */
const errorConstructor: PermitRecord = {
  '[[Proto]]': '%FunctionPrototype%',
  prototype: '%ErrorPrototype%',
  // V8 extensions that tools rely on; the error taming turns the two
  // settable ones into accessors.
  captureStackTrace: fn,
  stackTraceLimit: accessor,
  prepareStackTrace: accessor,
  isError: fn,
};

/** The Date constructor, initial or shared (whose `now` throws). */
const dateConstructor: PermitRecord = {
  '[[Proto]]': '%FunctionPrototype%',
  now: fn,
  parse: fn,
  prototype: '%DatePrototype%',
  UTC: fn,
};

/** The RegExp constructor's safe part, shared by both versions. */
const regExpConstructorBase: PermitRecord = {
  '[[Proto]]': '%FunctionPrototype%',
  prototype: '%RegExpPrototype%',
  '@@species': getter,
  escape: fn,
};

/** The legacy RegExp statics: global mutable state, always removed. */
const regExpLegacyStatics: PermitRecord = {
  input: false,
  $_: false,
  lastMatch: false,
  '$&': false,
  lastParen: false,
  '$+': false,
  leftContext: false,
  '$`': false,
  rightContext: false,
  "$'": false,
  $1: false,
  $2: false,
  $3: false,
  $4: false,
  $5: false,
  $6: false,
  $7: false,
  $8: false,
  $9: false,
};

/** A Temporal constructor: from, compare (where present), prototype. */
const temporalConstructor = (prototypeName: string, statics: readonly string[]): PermitRecord => {
  const record: Record<string, Permit | null> = {
    '[[Proto]]': '%FunctionPrototype%',
    length: 'number',
    name: 'string',
    prototype: prototypeName,
  };
  for (const name of statics) record[name] = fn;
  return record;
};

/** A Temporal prototype: its constructor, accessors and methods, and a tag. */
const temporalPrototype = (
  constructorName: string,
  accessors: readonly string[],
  methods: readonly string[],
): PermitRecord => {
  const record: Record<string, Permit | null> = { constructor: constructorName, '@@toStringTag': 'string' };
  for (const name of accessors) record[name] = accessor;
  for (const name of methods) record[name] = fn;
  return record;
};

/** Temporal namespaces: the start compartment's also has the clock, `Now`. */
const temporalNamespace = (withNow: boolean): PermitRecord => ({
  ...(withNow ? { Now: '%Temporal.Now%' } : {}),
  PlainDate: '%Temporal.PlainDate%',
  PlainTime: '%Temporal.PlainTime%',
  PlainDateTime: '%Temporal.PlainDateTime%',
  ZonedDateTime: '%Temporal.ZonedDateTime%',
  Duration: '%Temporal.Duration%',
  Instant: '%Temporal.Instant%',
  PlainYearMonth: '%Temporal.PlainYearMonth%',
  PlainMonthDay: '%Temporal.PlainMonthDay%',
  '@@toStringTag': 'string',
});

const calendarDateFields = [
  'calendarId', 'era', 'eraYear', 'year', 'month', 'monthCode', 'day', 'dayOfWeek', 'dayOfYear',
  'weekOfYear', 'yearOfWeek', 'daysInWeek', 'daysInMonth', 'daysInYear', 'monthsInYear', 'inLeapYear',
];
const clockTimeFields = ['hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'];
const temporalCommonMethods = ['equals', 'toLocaleString', 'toString', 'toJSON', 'valueOf'];

// ---------------------------------------------------------------------------
// The table: intrinsic name -> permit.

export const permits: Readonly<Record<string, Permit>> = {
  '%ThrowTypeError%': fn,

  // Value properties of the global object.
  Infinity: 'number',
  NaN: 'number',
  undefined: 'undefined',

  // Function properties of the global object.
  '%UniqueEval%': fn,
  isFinite: fn,
  isNaN: fn,
  parseFloat: fn,
  parseInt: fn,
  decodeURI: fn,
  decodeURIComponent: fn,
  encodeURI: fn,
  encodeURIComponent: fn,
  escape: fn,
  unescape: fn,

  // ---- Fundamental objects

  Object: {
    '[[Proto]]': '%FunctionPrototype%',
    assign: fn,
    create: fn,
    defineProperties: fn,
    defineProperty: fn,
    entries: fn,
    freeze: fn,
    fromEntries: fn,
    getOwnPropertyDescriptor: fn,
    getOwnPropertyDescriptors: fn,
    getOwnPropertyNames: fn,
    getOwnPropertySymbols: fn,
    getPrototypeOf: fn,
    groupBy: fn,
    hasOwn: fn,
    is: fn,
    isExtensible: fn,
    isFrozen: fn,
    isSealed: fn,
    keys: fn,
    preventExtensions: fn,
    prototype: '%ObjectPrototype%',
    seal: fn,
    setPrototypeOf: fn,
    values: fn,
    // Where lockdown publishes harden; isFake marks the no-op harden.
    'RegisteredSymbol(harden)': { '[[Proto]]': '%FunctionPrototype%', isFake: 'boolean' },
    __getClass: false, // QuickJS
  },

  '%ObjectPrototype%': {
    '[[Proto]]': null,
    constructor: 'Object',
    hasOwnProperty: fn,
    isPrototypeOf: fn,
    propertyIsEnumerable: fn,
    toLocaleString: fn,
    toString: fn,
    valueOf: fn,
    // Annex B. A computed key makes an own entry named __proto__ rather
    // than setting this record's prototype.
    ['__proto__']: accessor,
    __defineGetter__: fn,
    __defineSetter__: fn,
    __lookupGetter__: fn,
    __lookupSetter__: fn,
  },

  '%UniqueFunction%': {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%FunctionPrototype%',
  },

  // The Function constructor that Function.prototype.constructor leads to:
  // it throws instead of evaluating.
  '%InertFunction%': {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%FunctionPrototype%',
  },

  '%FunctionPrototype%': {
    apply: fn,
    bind: fn,
    call: fn,
    constructor: '%InertFunction%',
    toString: fn,
    '@@hasInstance': fn,
    // Legacy poison-pill accessors of V8 and others: removed.
    caller: false,
    arguments: false,
    // QuickJS
    fileName: false,
    lineNumber: false,
  },

  Boolean: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%BooleanPrototype%',
  },

  '%BooleanPrototype%': {
    constructor: 'Boolean',
    toString: fn,
    valueOf: fn,
  },

  // The Symbol of compartments: only the well-known symbols and the registry.
  '%SharedSymbol%': {
    '[[Proto]]': '%FunctionPrototype%',
    asyncDispose: 'symbol',
    asyncIterator: 'symbol',
    dispose: 'symbol',
    for: fn,
    hasInstance: 'symbol',
    isConcatSpreadable: 'symbol',
    iterator: 'symbol',
    keyFor: fn,
    match: 'symbol',
    matchAll: 'symbol',
    prototype: '%SymbolPrototype%',
    replace: 'symbol',
    search: 'symbol',
    species: 'symbol',
    split: 'symbol',
    toPrimitive: 'symbol',
    toStringTag: 'symbol',
    unscopables: 'symbol',
    // core-js and QuickJS extras.
    useSimple: false,
    useSetter: false,
    operatorSet: false,
  },

  '%SymbolPrototype%': {
    constructor: '%SharedSymbol%',
    description: getter,
    toString: fn,
    valueOf: fn,
    '@@toPrimitive': fn,
    '@@toStringTag': 'string',
  },

  '%InitialError%': errorConstructor,
  '%SharedError%': errorConstructor,

  '%ErrorPrototype%': {
    constructor: '%SharedError%',
    message: 'string',
    name: 'string',
    toString: fn,
    // Firefox and XS put a stack accessor here.
    stack: accessor,
    at: false,
    cause: false,
  },

  EvalError: nativeErrorConstructor('%EvalErrorPrototype%'),
  RangeError: nativeErrorConstructor('%RangeErrorPrototype%'),
  ReferenceError: nativeErrorConstructor('%ReferenceErrorPrototype%'),
  SyntaxError: nativeErrorConstructor('%SyntaxErrorPrototype%'),
  TypeError: nativeErrorConstructor('%TypeErrorPrototype%'),
  URIError: nativeErrorConstructor('%URIErrorPrototype%'),
  AggregateError: nativeErrorConstructor('%AggregateErrorPrototype%'),

  '%EvalErrorPrototype%': nativeErrorPrototype('EvalError'),
  '%RangeErrorPrototype%': nativeErrorPrototype('RangeError'),
  '%ReferenceErrorPrototype%': nativeErrorPrototype('ReferenceError'),
  '%SyntaxErrorPrototype%': nativeErrorPrototype('SyntaxError'),
  '%TypeErrorPrototype%': nativeErrorPrototype('TypeError'),
  '%URIErrorPrototype%': nativeErrorPrototype('URIError'),
  '%AggregateErrorPrototype%': nativeErrorPrototype('AggregateError'),

  // ---- Numbers and dates

  Number: {
    '[[Proto]]': '%FunctionPrototype%',
    EPSILON: 'number',
    isFinite: fn,
    isInteger: fn,
    isNaN: fn,
    isSafeInteger: fn,
    MAX_SAFE_INTEGER: 'number',
    MAX_VALUE: 'number',
    MIN_SAFE_INTEGER: 'number',
    MIN_VALUE: 'number',
    NaN: 'number',
    NEGATIVE_INFINITY: 'number',
    parseFloat: fn,
    parseInt: fn,
    POSITIVE_INFINITY: 'number',
    prototype: '%NumberPrototype%',
  },

  '%NumberPrototype%': {
    constructor: 'Number',
    toExponential: fn,
    toFixed: fn,
    toLocaleString: fn,
    toPrecision: fn,
    toString: fn,
    valueOf: fn,
  },

  BigInt: {
    '[[Proto]]': '%FunctionPrototype%',
    asIntN: fn,
    asUintN: fn,
    prototype: '%BigIntPrototype%',
    // XS and QuickJS extras.
    bitLength: false,
    fromArrayBuffer: false,
    tdiv: false,
    fdiv: false,
    cdiv: false,
    ediv: false,
    tdivrem: false,
    fdivrem: false,
    cdivrem: false,
    edivrem: false,
    sqrt: false,
    sqrtrem: false,
    floorLog2: false,
    ctz: false,
  },

  '%BigIntPrototype%': {
    constructor: 'BigInt',
    toLocaleString: fn,
    toString: fn,
    valueOf: fn,
    '@@toStringTag': 'string',
  },

  '%InitialMath%': { ...mathWithoutRandom, random: fn },
  // Its random throws.
  '%SharedMath%': { ...mathWithoutRandom, random: fn },

  '%InitialDate%': dateConstructor,
  '%SharedDate%': dateConstructor,

  '%DatePrototype%': {
    constructor: '%SharedDate%',
    getDate: fn,
    getDay: fn,
    getFullYear: fn,
    getHours: fn,
    getMilliseconds: fn,
    getMinutes: fn,
    getMonth: fn,
    getSeconds: fn,
    getTime: fn,
    getTimezoneOffset: fn,
    getUTCDate: fn,
    getUTCDay: fn,
    getUTCFullYear: fn,
    getUTCHours: fn,
    getUTCMilliseconds: fn,
    getUTCMinutes: fn,
    getUTCMonth: fn,
    getUTCSeconds: fn,
    setDate: fn,
    setFullYear: fn,
    setHours: fn,
    setMilliseconds: fn,
    setMinutes: fn,
    setMonth: fn,
    setSeconds: fn,
    setTime: fn,
    setUTCDate: fn,
    setUTCFullYear: fn,
    setUTCHours: fn,
    setUTCMilliseconds: fn,
    setUTCMinutes: fn,
    setUTCMonth: fn,
    setUTCSeconds: fn,
    toDateString: fn,
    toISOString: fn,
    toJSON: fn,
    toLocaleDateString: fn,
    toLocaleString: fn,
    toLocaleTimeString: fn,
    toString: fn,
    toTimeString: fn,
    toUTCString: fn,
    valueOf: fn,
    '@@toPrimitive': fn,
    // Annex B.
    getYear: fn,
    setYear: fn,
    toGMTString: fn,
    toTemporalInstant: fn,
  },

  // ---- Text processing

  String: {
    '[[Proto]]': '%FunctionPrototype%',
    fromCharCode: fn,
    fromCodePoint: fn,
    prototype: '%StringPrototype%',
    raw: fn,
    fromArrayBuffer: false, // XS
  },

  '%StringPrototype%': {
    length: 'number',
    at: fn,
    charAt: fn,
    charCodeAt: fn,
    codePointAt: fn,
    concat: fn,
    constructor: 'String',
    endsWith: fn,
    includes: fn,
    indexOf: fn,
    isWellFormed: fn,
    lastIndexOf: fn,
    localeCompare: fn,
    match: fn,
    matchAll: fn,
    normalize: fn,
    padEnd: fn,
    padStart: fn,
    repeat: fn,
    replace: fn,
    replaceAll: fn,
    search: fn,
    slice: fn,
    split: fn,
    startsWith: fn,
    substring: fn,
    toLocaleLowerCase: fn,
    toLocaleUpperCase: fn,
    toLowerCase: fn,
    toString: fn,
    toUpperCase: fn,
    toWellFormed: fn,
    trim: fn,
    trimEnd: fn,
    trimStart: fn,
    unicodeSets: fn,
    valueOf: fn,
    '@@iterator': fn,
    // Annex B.
    substr: fn,
    anchor: fn,
    big: fn,
    blink: fn,
    bold: fn,
    fixed: fn,
    fontcolor: fn,
    fontsize: fn,
    italics: fn,
    link: fn,
    small: fn,
    strike: fn,
    sub: fn,
    sup: fn,
    trimLeft: fn,
    trimRight: fn,
    // XS and QuickJS extras.
    compare: false,
    __quote: false,
  },

  '%StringIteratorPrototype%': simpleIteratorPrototype,

  '%InitialRegExp%': { ...regExpConstructorBase, ...regExpLegacyStatics },
  '%SharedRegExp%': regExpConstructorBase,

  '%RegExpPrototype%': {
    constructor: '%SharedRegExp%',
    exec: fn,
    dotAll: getter,
    flags: getter,
    global: getter,
    hasIndices: getter,
    ignoreCase: getter,
    multiline: getter,
    source: getter,
    sticky: getter,
    unicode: getter,
    unicodeSets: getter,
    test: fn,
    toString: fn,
    '@@match': fn,
    '@@matchAll': fn,
    '@@replace': fn,
    '@@search': fn,
    '@@split': fn,
    // Annex B: recompiles a regexp in place, mutating a shared object.
    // Removed whatever regExpTaming says, as ses does; a caller that wants
    // regExpTaming 'unsafe' to keep it passes a table where this is 'fn'.
    compile: false,
  },

  '%RegExpStringIteratorPrototype%': simpleIteratorPrototype,

  // ---- Indexed collections

  Array: {
    '[[Proto]]': '%FunctionPrototype%',
    from: fn,
    fromAsync: fn,
    isArray: fn,
    of: fn,
    prototype: '%ArrayPrototype%',
    '@@species': getter,
    at: fn,
  },

  '%ArrayPrototype%': {
    length: 'number',
    at: fn,
    concat: fn,
    constructor: 'Array',
    copyWithin: fn,
    entries: fn,
    every: fn,
    fill: fn,
    filter: fn,
    find: fn,
    findIndex: fn,
    findLast: fn,
    findLastIndex: fn,
    flat: fn,
    flatMap: fn,
    forEach: fn,
    group: fn,
    groupBy: fn,
    groupToMap: fn,
    includes: fn,
    indexOf: fn,
    join: fn,
    keys: fn,
    lastIndexOf: fn,
    map: fn,
    pop: fn,
    push: fn,
    reduce: fn,
    reduceRight: fn,
    reverse: fn,
    shift: fn,
    slice: fn,
    some: fn,
    sort: fn,
    splice: fn,
    toLocaleString: fn,
    toReversed: fn,
    toSorted: fn,
    toSpliced: fn,
    toString: fn,
    unshift: fn,
    values: fn,
    with: fn,
    '@@iterator': fn,
    '@@unscopables': {
      '[[Proto]]': null,
      at: 'boolean',
      copyWithin: 'boolean',
      entries: 'boolean',
      fill: 'boolean',
      find: 'boolean',
      findIndex: 'boolean',
      findLast: 'boolean',
      findLastIndex: 'boolean',
      flat: 'boolean',
      flatMap: 'boolean',
      group: 'boolean',
      groupBy: 'boolean',
      groupToMap: 'boolean',
      includes: 'boolean',
      keys: 'boolean',
      toReversed: 'boolean',
      toSorted: 'boolean',
      toSpliced: 'boolean',
      values: 'boolean',
      with: 'boolean',
    },
  },

  '%ArrayIteratorPrototype%': simpleIteratorPrototype,

  '%TypedArray%': {
    '[[Proto]]': '%FunctionPrototype%',
    from: fn,
    of: fn,
    prototype: '%TypedArrayPrototype%',
    '@@species': getter,
  },

  '%TypedArrayPrototype%': {
    at: fn,
    buffer: getter,
    byteLength: getter,
    byteOffset: getter,
    constructor: '%TypedArray%',
    copyWithin: fn,
    entries: fn,
    every: fn,
    fill: fn,
    filter: fn,
    find: fn,
    findIndex: fn,
    findLast: fn,
    findLastIndex: fn,
    forEach: fn,
    includes: fn,
    indexOf: fn,
    join: fn,
    keys: fn,
    lastIndexOf: fn,
    length: getter,
    map: fn,
    reduce: fn,
    reduceRight: fn,
    reverse: fn,
    set: fn,
    slice: fn,
    some: fn,
    sort: fn,
    subarray: fn,
    toLocaleString: fn,
    toReversed: fn,
    toSorted: fn,
    toString: fn,
    values: fn,
    with: fn,
    '@@iterator': fn,
    '@@toStringTag': getter,
  },

  BigInt64Array: typedArrayConstructor('%BigInt64ArrayPrototype%'),
  BigUint64Array: typedArrayConstructor('%BigUint64ArrayPrototype%'),
  Float16Array: typedArrayConstructor('%Float16ArrayPrototype%'),
  Float32Array: typedArrayConstructor('%Float32ArrayPrototype%'),
  Float64Array: typedArrayConstructor('%Float64ArrayPrototype%'),
  Int8Array: typedArrayConstructor('%Int8ArrayPrototype%'),
  Int16Array: typedArrayConstructor('%Int16ArrayPrototype%'),
  Int32Array: typedArrayConstructor('%Int32ArrayPrototype%'),
  Uint8Array: {
    ...typedArrayConstructor('%Uint8ArrayPrototype%'),
    fromBase64: fn,
    fromHex: fn,
  },
  Uint8ClampedArray: typedArrayConstructor('%Uint8ClampedArrayPrototype%'),
  Uint16Array: typedArrayConstructor('%Uint16ArrayPrototype%'),
  Uint32Array: typedArrayConstructor('%Uint32ArrayPrototype%'),

  '%BigInt64ArrayPrototype%': typedArrayPrototype('BigInt64Array'),
  '%BigUint64ArrayPrototype%': typedArrayPrototype('BigUint64Array'),
  '%Float16ArrayPrototype%': typedArrayPrototype('Float16Array'),
  '%Float32ArrayPrototype%': typedArrayPrototype('Float32Array'),
  '%Float64ArrayPrototype%': typedArrayPrototype('Float64Array'),
  '%Int8ArrayPrototype%': typedArrayPrototype('Int8Array'),
  '%Int16ArrayPrototype%': typedArrayPrototype('Int16Array'),
  '%Int32ArrayPrototype%': typedArrayPrototype('Int32Array'),
  '%Uint8ArrayPrototype%': {
    ...typedArrayPrototype('Uint8Array'),
    setFromBase64: fn,
    setFromHex: fn,
    toBase64: fn,
    toHex: fn,
  },
  '%Uint8ClampedArrayPrototype%': typedArrayPrototype('Uint8ClampedArray'),
  '%Uint16ArrayPrototype%': typedArrayPrototype('Uint16Array'),
  '%Uint32ArrayPrototype%': typedArrayPrototype('Uint32Array'),

  // ---- Keyed collections

  Map: {
    '[[Proto]]': '%FunctionPrototype%',
    groupBy: fn,
    prototype: '%MapPrototype%',
    '@@species': getter,
  },

  '%MapPrototype%': {
    clear: fn,
    constructor: 'Map',
    delete: fn,
    entries: fn,
    forEach: fn,
    get: fn,
    getOrInsert: fn,
    getOrInsertComputed: fn,
    has: fn,
    keys: fn,
    set: fn,
    size: getter,
    values: fn,
    '@@iterator': fn,
    '@@toStringTag': 'string',
  },

  '%MapIteratorPrototype%': simpleIteratorPrototype,

  Set: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%SetPrototype%',
    '@@species': getter,
    groupBy: false, // QuickJS
  },

  '%SetPrototype%': {
    add: fn,
    clear: fn,
    constructor: 'Set',
    delete: fn,
    difference: fn,
    entries: fn,
    forEach: fn,
    has: fn,
    intersection: fn,
    isDisjointFrom: fn,
    isSubsetOf: fn,
    isSupersetOf: fn,
    keys: fn,
    size: getter,
    symmetricDifference: fn,
    union: fn,
    values: fn,
    '@@iterator': fn,
    '@@toStringTag': 'string',
  },

  '%SetIteratorPrototype%': simpleIteratorPrototype,

  WeakMap: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%WeakMapPrototype%',
  },

  '%WeakMapPrototype%': {
    constructor: 'WeakMap',
    delete: fn,
    get: fn,
    getOrInsert: fn,
    getOrInsertComputed: fn,
    has: fn,
    set: fn,
    '@@toStringTag': 'string',
  },

  WeakSet: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%WeakSetPrototype%',
  },

  '%WeakSetPrototype%': {
    add: fn,
    constructor: 'WeakSet',
    delete: fn,
    has: fn,
    '@@toStringTag': 'string',
  },

  // ---- Structured data

  ArrayBuffer: {
    '[[Proto]]': '%FunctionPrototype%',
    isView: fn,
    prototype: '%ArrayBufferPrototype%',
    '@@species': getter,
    // XS extras.
    fromString: false,
    fromBigInt: false,
  },

  '%ArrayBufferPrototype%': {
    byteLength: getter,
    constructor: 'ArrayBuffer',
    detached: getter,
    immutable: getter,
    maxByteLength: getter,
    resizable: getter,
    resize: fn,
    slice: fn,
    sliceToImmutable: fn,
    transfer: fn,
    transferToFixedLength: fn,
    transferToImmutable: fn,
    '@@toStringTag': 'string',
    concat: false, // XS
  },

  // Shared memory and its atomics: a timing side channel. Never intrinsics.
  SharedArrayBuffer: false,
  '%SharedArrayBufferPrototype%': false,
  Atomics: false,

  DataView: {
    '[[Proto]]': '%FunctionPrototype%',
    BYTES_PER_ELEMENT: 'number', // Safari, undeletable
    prototype: '%DataViewPrototype%',
  },

  '%DataViewPrototype%': {
    buffer: getter,
    byteLength: getter,
    byteOffset: getter,
    constructor: 'DataView',
    getBigInt64: fn,
    getBigUint64: fn,
    getFloat16: fn,
    getFloat32: fn,
    getFloat64: fn,
    getInt8: fn,
    getInt16: fn,
    getInt32: fn,
    getUint8: fn,
    getUint16: fn,
    getUint32: fn,
    setBigInt64: fn,
    setBigUint64: fn,
    setFloat16: fn,
    setFloat32: fn,
    setFloat64: fn,
    setInt8: fn,
    setInt16: fn,
    setInt32: fn,
    setUint8: fn,
    setUint16: fn,
    setUint32: fn,
    '@@toStringTag': 'string',
  },

  JSON: {
    isRawJSON: fn,
    parse: fn,
    rawJSON: fn,
    stringify: fn,
    '@@toStringTag': 'string',
  },

  // ---- Control abstraction

  Iterator: {
    '[[Proto]]': '%FunctionPrototype%',
    concat: fn,
    from: fn,
    prototype: '%IteratorPrototype%',
    zip: fn,
    zipKeyed: fn,
  },

  '%IteratorPrototype%': {
    // Engines with iterator helpers make these two accessors (so that
    // assigning them on an iterator works); older engines have data.
    constructor: ['Iterator', accessor],
    drop: fn,
    every: fn,
    filter: fn,
    find: fn,
    flatMap: fn,
    forEach: fn,
    map: fn,
    reduce: fn,
    some: fn,
    take: fn,
    toArray: fn,
    toAsync: fn,
    '@@iterator': fn,
    '@@toStringTag': ['string', accessor],
    '@@dispose': false,
  },

  '%WrapForValidIteratorPrototype%': {
    '[[Proto]]': '%IteratorPrototype%',
    next: fn,
    return: fn,
  },

  '%IteratorHelperPrototype%': {
    '[[Proto]]': '%IteratorPrototype%',
    next: fn,
    return: fn,
    '@@toStringTag': 'string',
  },

  AsyncIterator: {
    '[[Proto]]': '%FunctionPrototype%',
    from: fn,
    prototype: '%AsyncIteratorPrototype%',
  },

  '%AsyncIteratorPrototype%': {
    constructor: 'AsyncIterator',
    drop: fn,
    every: fn,
    filter: fn,
    find: fn,
    flatMap: fn,
    forEach: fn,
    map: fn,
    reduce: fn,
    some: fn,
    take: fn,
    toArray: fn,
    '@@asyncIterator': fn,
    '@@toStringTag': 'string',
    '@@asyncDispose': false,
  },

  '%WrapForValidAsyncIteratorPrototype%': {
    '[[Proto]]': '%AsyncIteratorPrototype%',
    next: fn,
    return: fn,
  },

  '%AsyncIteratorHelperPrototype%': {
    '[[Proto]]': '%AsyncIteratorPrototype%',
    next: fn,
    return: fn,
    '@@toStringTag': 'string',
  },

  // The original evaluating constructors reached from the generator and
  // async function prototypes. The function-constructor taming replaces
  // them with the %Inert...% ones below; the originals are never shared.
  '%GeneratorFunction%': false,
  '%AsyncFunction%': false,
  '%AsyncGeneratorFunction%': false,

  '%InertGeneratorFunction%': {
    '[[Proto]]': '%InertFunction%',
    prototype: '%Generator%',
  },

  '%Generator%': {
    '[[Proto]]': '%FunctionPrototype%',
    constructor: '%InertGeneratorFunction%',
    prototype: '%GeneratorPrototype%',
    '@@toStringTag': 'string',
  },

  '%InertAsyncGeneratorFunction%': {
    '[[Proto]]': '%InertFunction%',
    prototype: '%AsyncGenerator%',
  },

  '%AsyncGenerator%': {
    '[[Proto]]': '%FunctionPrototype%',
    constructor: '%InertAsyncGeneratorFunction%',
    length: 'number', // jsc-android
    prototype: '%AsyncGeneratorPrototype%',
    '@@toStringTag': 'string',
  },

  '%GeneratorPrototype%': {
    '[[Proto]]': '%IteratorPrototype%',
    constructor: '%Generator%',
    next: fn,
    return: fn,
    throw: fn,
    '@@toStringTag': 'string',
  },

  '%AsyncGeneratorPrototype%': {
    '[[Proto]]': '%AsyncIteratorPrototype%',
    constructor: '%AsyncGenerator%',
    next: fn,
    return: fn,
    throw: fn,
    '@@toStringTag': 'string',
  },

  // The eventual-send shim's HandledPromise, a Promise subclass.
  HandledPromise: {
    '[[Proto]]': 'Promise',
    applyFunction: fn,
    applyFunctionSendOnly: fn,
    applyMethod: fn,
    applyMethodSendOnly: fn,
    get: fn,
    getSendOnly: fn,
    prototype: '%PromisePrototype%',
    resolve: fn,
  },

  // Source-phase imports.
  ModuleSource: {
    '[[Proto]]': '%AbstractModuleSource%',
    prototype: '%ModuleSourcePrototype%',
  },

  '%ModuleSourcePrototype%': {
    '[[Proto]]': '%AbstractModuleSourcePrototype%',
    constructor: 'ModuleSource',
    bindings: getter,
    needsImport: getter,
    needsImportMeta: getter,
    // The legacy interface of endo's module source.
    imports: getter,
    exports: getter,
    reexports: getter,
    '@@toStringTag': 'string',
  },

  '%AbstractModuleSource%': {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%AbstractModuleSourcePrototype%',
  },

  '%AbstractModuleSourcePrototype%': {
    constructor: '%AbstractModuleSource%',
  },

  Promise: {
    '[[Proto]]': '%FunctionPrototype%',
    all: fn,
    allSettled: fn,
    any: fn,
    prototype: '%PromisePrototype%',
    race: fn,
    reject: fn,
    resolve: fn,
    try: fn,
    withResolvers: fn,
    '@@species': getter,
  },

  '%PromisePrototype%': {
    catch: fn,
    constructor: 'Promise',
    finally: fn,
    then: fn,
    '@@toStringTag': 'string',
    // Node's async_hooks may install these.
    'UniqueSymbol(async_id_symbol)': accessor,
    'UniqueSymbol(trigger_async_id_symbol)': accessor,
    'UniqueSymbol(destroyed)': accessor,
  },

  '%InertAsyncFunction%': {
    '[[Proto]]': '%InertFunction%',
    prototype: '%AsyncFunctionPrototype%',
  },

  '%AsyncFunctionPrototype%': {
    '[[Proto]]': '%FunctionPrototype%',
    constructor: '%InertAsyncFunction%',
    length: 'number', // jsc-android
    '@@toStringTag': 'string',
  },

  // ---- Reflection

  Reflect: {
    apply: fn,
    construct: fn,
    defineProperty: fn,
    deleteProperty: fn,
    get: fn,
    getOwnPropertyDescriptor: fn,
    getPrototypeOf: fn,
    has: fn,
    isExtensible: fn,
    ownKeys: fn,
    preventExtensions: fn,
    set: fn,
    setPrototypeOf: fn,
    '@@toStringTag': 'string',
  },

  Proxy: {
    '[[Proto]]': '%FunctionPrototype%',
    revocable: fn,
  },

  // ---- Temporal (engines that have it). The shared namespace lacks Now.

  '%Temporal.PlainDate%': temporalConstructor('%Temporal.PlainDatePrototype%', ['from', 'compare']),
  '%Temporal.PlainDatePrototype%': temporalPrototype(
    '%Temporal.PlainDate%',
    calendarDateFields,
    [
      'toPlainYearMonth', 'toPlainMonthDay', 'add', 'subtract', 'with', 'withCalendar', 'until', 'since',
      'toPlainDateTime', 'toZonedDateTime', ...temporalCommonMethods,
    ],
  ),

  '%Temporal.PlainTime%': temporalConstructor('%Temporal.PlainTimePrototype%', ['from', 'compare']),
  '%Temporal.PlainTimePrototype%': temporalPrototype(
    '%Temporal.PlainTime%',
    clockTimeFields,
    ['add', 'subtract', 'with', 'until', 'since', 'round', ...temporalCommonMethods],
  ),

  '%Temporal.PlainDateTime%': temporalConstructor('%Temporal.PlainDateTimePrototype%', ['from', 'compare']),
  '%Temporal.PlainDateTimePrototype%': temporalPrototype(
    '%Temporal.PlainDateTime%',
    [...calendarDateFields, ...clockTimeFields],
    [
      'with', 'withCalendar', 'withPlainTime', 'add', 'subtract', 'until', 'since', 'round',
      'toZonedDateTime', 'toPlainDate', 'toPlainTime', ...temporalCommonMethods,
    ],
  ),

  '%Temporal.ZonedDateTime%': temporalConstructor('%Temporal.ZonedDateTimePrototype%', ['from', 'compare']),
  '%Temporal.ZonedDateTimePrototype%': temporalPrototype(
    '%Temporal.ZonedDateTime%',
    [
      'timeZoneId', ...calendarDateFields, ...clockTimeFields, 'epochMilliseconds', 'epochNanoseconds',
      'hoursInDay', 'offsetNanoseconds', 'offset',
    ],
    [
      'with', 'withCalendar', 'withPlainTime', 'withTimeZone', 'add', 'subtract', 'until', 'since', 'round',
      'startOfDay', 'getTimeZoneTransition', 'toInstant', 'toPlainDate', 'toPlainTime', 'toPlainDateTime',
      ...temporalCommonMethods,
    ],
  ),

  '%Temporal.Duration%': temporalConstructor('%Temporal.DurationPrototype%', ['from', 'compare']),
  '%Temporal.DurationPrototype%': temporalPrototype(
    '%Temporal.Duration%',
    [
      'years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds', 'microseconds',
      'nanoseconds', 'sign', 'blank',
    ],
    ['with', 'negated', 'abs', 'add', 'subtract', 'round', 'total', 'toLocaleString', 'toString', 'toJSON', 'valueOf'],
  ),

  '%Temporal.Instant%': temporalConstructor('%Temporal.InstantPrototype%', [
    'from', 'fromEpochMilliseconds', 'fromEpochNanoseconds', 'compare',
  ]),
  '%Temporal.InstantPrototype%': temporalPrototype(
    '%Temporal.Instant%',
    ['epochMilliseconds', 'epochNanoseconds'],
    ['add', 'subtract', 'until', 'since', 'round', 'toZonedDateTimeISO', ...temporalCommonMethods],
  ),

  '%Temporal.PlainYearMonth%': temporalConstructor('%Temporal.PlainYearMonthPrototype%', ['from', 'compare']),
  '%Temporal.PlainYearMonthPrototype%': temporalPrototype(
    '%Temporal.PlainYearMonth%',
    ['calendarId', 'era', 'eraYear', 'year', 'month', 'monthCode', 'daysInYear', 'daysInMonth', 'monthsInYear', 'inLeapYear'],
    ['with', 'add', 'subtract', 'until', 'since', 'toPlainDate', ...temporalCommonMethods],
  ),

  '%Temporal.PlainMonthDay%': temporalConstructor('%Temporal.PlainMonthDayPrototype%', ['from']),
  '%Temporal.PlainMonthDayPrototype%': temporalPrototype(
    '%Temporal.PlainMonthDay%',
    ['calendarId', 'monthCode', 'day'],
    ['with', 'toPlainDate', ...temporalCommonMethods],
  ),

  // The clock: start compartment only.
  '%Temporal.Now%': {
    instant: fn,
    plainDateISO: fn,
    plainDateTimeISO: fn,
    plainTimeISO: fn,
    timeZoneId: fn,
    zonedDateTimeISO: fn,
    '@@toStringTag': 'string',
  },

  '%InitialTemporal%': temporalNamespace(true),
  '%SharedTemporal%': temporalNamespace(false),

  // ---- WHATWG Encoding

  TextEncoder: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%TextEncoderPrototype%',
  },

  '%TextEncoderPrototype%': {
    constructor: 'TextEncoder',
    encode: fn,
    encodeInto: fn,
    encoding: getter,
    '@@toStringTag': 'string',
    // Node's util.inspect hook: a host function, not shared.
    'RegisteredSymbol(nodejs.util.inspect.custom)': false,
  },

  TextDecoder: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%TextDecoderPrototype%',
  },

  '%TextDecoderPrototype%': {
    constructor: 'TextDecoder',
    decode: fn,
    encoding: getter,
    fatal: getter,
    ignoreBOM: getter,
    '@@toStringTag': 'string',
    'RegisteredSymbol(nodejs.util.inspect.custom)': false,
  },

  // ---- Compartments and lockdown itself

  // The start compartment's own Compartment constructor, when lockdown
  // adds it under its global name.
  Compartment: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%CompartmentPrototype%',
    toString: fn,
  },

  '%UniqueCompartment%': {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%CompartmentPrototype%',
    toString: fn,
  },

  '%InertCompartment%': {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%CompartmentPrototype%',
    toString: fn,
  },

  '%CompartmentPrototype%': {
    constructor: '%InertCompartment%',
    evaluate: fn,
    globalThis: getter,
    // Either an async method or a plain function returning a promise.
    import: [asyncFn, fn],
    importNow: fn,
    load: [asyncFn, fn],
    module: fn,
    name: getter,
    __noNamespaceBox__: getter,
    '@@toStringTag': 'string',
  },

  lockdown: fn,
  harden: { '[[Proto]]': '%FunctionPrototype%', isFake: 'boolean' },

  // The start compartment's access to the stacks that safe error taming hides.
  '%InitialGetStackString%': fn,
};

/** The same table under the name the original's module uses. */
export const permitted = permits;
