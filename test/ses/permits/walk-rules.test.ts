// The rules of the permits walk, on made-up intrinsics with a made-up
// table (so the realm is not touched): each permit form, the implicit
// length and name of functions, symbol keys, alternatives, known removals,
// and the undeletable `prototype` of a `function`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Permit } from '../../../src/ses/permits.js';
import { checkPermitsTable, permitKeyOf, removeUnpermittedIntrinsics } from '../../../src/ses/remove-unpermitted.js';

const getter = { '[[Get]]': 'fn', '[[Set]]': 'undefined' };

const table: Record<string, Permit> = {
  '%ObjectPrototype%': { '[[Proto]]': null, ['__proto__']: { '[[Get]]': 'fn', '[[Set]]': 'fn' } },
  '%FunctionPrototype%': { '[[Proto]]': '%ObjectPrototype%' },
  '%AsyncFunctionPrototype%': { '[[Proto]]': '%FunctionPrototype%' },
  Widget: {
    '[[Proto]]': '%FunctionPrototype%',
    prototype: '%WidgetPrototype%',
    make: 'fn',
    version: 'string',
    legacy: false,
    run: ['asyncFn', 'fn'],
    limit: { '[[Get]]': 'fn', '[[Set]]': 'fn' },
    settings: { '[[Proto]]': null, debug: 'boolean' },
    '@@iterator': 'fn',
    'RegisteredSymbol(tag)': 'string',
  },
  '%WidgetPrototype%': { constructor: 'Widget', label: getter },
  helper: 'fn',
  Old: false,
};

/** Fresh made-up intrinsics that satisfy `table`, plus a few extras. */
const makeIntrinsics = () => {
  const objectPrototype = Object.create(null);
  const functionPrototype = Object.create(objectPrototype);
  const asyncFunctionPrototype = Object.create(functionPrototype);
  const asFn = <T extends Function>(f: T): T => Object.setPrototypeOf(f, functionPrototype);
  const protoAccessor = { get() {}, set(_value: unknown) {}, configurable: true };
  asFn(protoAccessor.get);
  asFn(protoAccessor.set);
  Object.defineProperty(objectPrototype, '__proto__', protoAccessor);
  const methods = {
    make() {},
    iterate() {},
    get label() {
      return 'w';
    },
    get limit() {
      return 1;
    },
    set limit(_value: number) {},
    async run() {},
  };
  for (const method of [methods.make, methods.iterate, methods.run]) asFn(method);
  const accessors = Object.getOwnPropertyDescriptors(methods);
  for (const desc of [accessors.label!, accessors.limit!]) {
    if (desc.get) asFn(desc.get);
    if (desc.set) asFn(desc.set);
  }
  Object.setPrototypeOf(methods.run, asyncFunctionPrototype);

  const widgetPrototype = Object.create(objectPrototype, { label: accessors.label! });
  const Widget = asFn(function Widget() {});
  Object.defineProperty(Widget, 'prototype', { value: widgetPrototype });
  Object.defineProperty(widgetPrototype, 'constructor', { value: Widget, writable: true, configurable: true });
  Object.defineProperties(Widget, {
    make: { value: methods.make, writable: true, configurable: true },
    version: { value: '1', writable: true, configurable: true },
    legacy: { value: () => {}, writable: true, configurable: true },
    run: { value: methods.run, writable: true, configurable: true },
    limit: accessors.limit!,
    settings: { value: Object.assign(Object.create(null), { debug: false, verbose: true }), writable: true, configurable: true },
    [Symbol.iterator]: { value: methods.iterate, writable: true, configurable: true },
    [Symbol.for('tag')]: { value: 'widget', writable: true, configurable: true },
    [Symbol('hidden')]: { value: 1, writable: true, configurable: true },
    extra: { value: 2, writable: true, configurable: true },
  });
  // A `function`: its own prototype cannot be deleted.
  const helper = asFn(function helper() {});

  return {
    '%ObjectPrototype%': objectPrototype,
    '%FunctionPrototype%': functionPrototype,
    '%AsyncFunctionPrototype%': asyncFunctionPrototype,
    Widget,
    '%WidgetPrototype%': widgetPrototype,
    helper,
    Old: {},
  } as Record<string, any>;
};

test('unknown properties are removed and reported; known ones and permitted ones are handled silently', () => {
  const intrinsics = makeIntrinsics();
  const { Widget, helper } = intrinsics;
  const marked: Function[] = [];
  const removed = removeUnpermittedIntrinsics(intrinsics, table, fn => marked.push(fn));
  assert.deepEqual(removed.sort(), ['Widget.UniqueSymbol(hidden)', 'Widget.extra', 'Widget.settings.verbose', 'helper.prototype']);
  // Known removals: gone, not reported. Permitted ones: kept.
  assert.ok(!Object.hasOwn(Widget, 'legacy'));
  assert.deepEqual(Object.keys(Widget.settings), ['debug']);
  assert.equal(Widget.version, '1');
  assert.equal(Widget[Symbol.for('tag')], 'widget');
  assert.equal(typeof Widget[Symbol.iterator], 'function');
  assert.equal(Widget.name, 'Widget');
  assert.equal(Widget.length, 0);
  // An undeletable function prototype is emptied instead.
  assert.ok(Object.hasOwn(helper, 'prototype'));
  assert.equal(helper.prototype, undefined);
  // An intrinsic permitted as false leaves the record.
  assert.ok(!('Old' in intrinsics));
  // Every function met, accessors included, is marked.
  assert.ok(marked.includes(Widget));
  assert.ok(marked.includes(Widget.make));
  assert.ok(marked.includes(Object.getOwnPropertyDescriptor(Widget, 'limit')!.set!));
  assert.ok(marked.includes(Object.getOwnPropertyDescriptor(intrinsics['%WidgetPrototype%'], 'label')!.get!));
});

test('alternatives accept any of their forms', () => {
  const intrinsics = makeIntrinsics();
  // `run` as an async function passes; as a plain function too.
  removeUnpermittedIntrinsics(intrinsics, table);
  const again = makeIntrinsics();
  Object.setPrototypeOf(again.Widget.run, again['%FunctionPrototype%']);
  assert.doesNotThrow(() => removeUnpermittedIntrinsics(again, table));
  const wrong = makeIntrinsics();
  wrong.Widget.run = 'soon';
  assert.throws(() => removeUnpermittedIntrinsics(wrong, table), {
    name: 'TypeError',
    message: 'lockdown: Widget.run should be one of: an async function; a function',
  });
});

test('a function permitted as fn may keep only length and name', () => {
  const intrinsics = makeIntrinsics();
  intrinsics.Widget.make.cache = {};
  const removed = removeUnpermittedIntrinsics(intrinsics, table);
  assert.ok(removed.includes('Widget.make.cache'));
  assert.ok(!Object.hasOwn(intrinsics.Widget.make, 'cache'));
  assert.equal(intrinsics.Widget.make.name, 'make');
});

test('an accessor permit checks both halves', () => {
  const intrinsics = makeIntrinsics();
  const desc = Object.getOwnPropertyDescriptor(intrinsics['%WidgetPrototype%'], 'label')!;
  Object.defineProperty(intrinsics['%WidgetPrototype%'], 'label', { get: desc.get, set: desc.get });
  assert.throws(() => removeUnpermittedIntrinsics(intrinsics, table), {
    name: 'TypeError',
    message: 'lockdown: %WidgetPrototype%.label<set> should be undefined, but is function "get label"',
  });
});

test('a null [[Prototype]] is checked too', () => {
  const intrinsics = makeIntrinsics();
  Object.setPrototypeOf(intrinsics.Widget.settings, {});
  assert.throws(() => removeUnpermittedIntrinsics(intrinsics, table), {
    name: 'TypeError',
    message: 'lockdown: Widget.settings should have a null [[Prototype]], but has an object',
  });
});

test('property keys are written in the table notation', () => {
  assert.equal(permitKeyOf('map'), 'map');
  assert.equal(permitKeyOf(Symbol.iterator), '@@iterator');
  assert.equal(permitKeyOf(Symbol.asyncIterator), '@@asyncIterator');
  assert.equal(permitKeyOf(Symbol.for('harden')), 'RegisteredSymbol(harden)');
  assert.equal(permitKeyOf(Symbol('async_id_symbol')), 'UniqueSymbol(async_id_symbol)');
});

test('the table check finds dangling intrinsic names', () => {
  assert.deepEqual(checkPermitsTable(table), []);
  const broken: Record<string, Permit> = {
    ...table,
    Gadget: { '[[Proto]]': '%Nowhere%', prototype: 'string', part: '%Missing%', alt: ['fn', '%Gone%'] },
  };
  assert.deepEqual(checkPermitsTable(broken), [
    'Gadget.[[Proto]]: %Nowhere% is not an intrinsic of the table',
    'Gadget.prototype: prototype must name an intrinsic, not string',
    'Gadget.part: %Missing% is not an intrinsic of the table',
    'Gadget.alt: %Gone% is not an intrinsic of the table',
  ]);
});
