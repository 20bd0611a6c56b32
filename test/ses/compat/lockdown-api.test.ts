// The lockdown API as a user sees it after a successful lockdown() in the
// start compartment: a second call refuses, harden is installed and
// registered under Symbol.for('harden'), and it freezes what it is given.
// (Invalid options need a fresh process each: ./lockdown-options.test.ts.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ses from '../../../src/ses/index.js';

const { lockdown, Compartment } = ses;
assert.equal(typeof (globalThis as any).lockdown, 'function');
lockdown();
// `harden` is a live binding: read it after lockdown.
const harden = ses.harden;

test('lockdown a second time throws SES_ALREADY_LOCKED_DOWN', () => {
  assert.throws(() => lockdown(), (error: unknown) => {
    assert.ok(error instanceof TypeError, `not a TypeError: ${error}`);
    assert.match(error.message, /SES_ALREADY_LOCKED_DOWN/);
    return true;
  });
  assert.throws(() => (globalThis as any).lockdown(), /SES_ALREADY_LOCKED_DOWN/);
});

test('harden is a global after lockdown and registered on Object', () => {
  assert.equal(typeof harden, 'function');
  assert.equal((globalThis as any).harden, harden);
  assert.equal((Object as any)[Symbol.for('harden')], harden);
  assert.equal(Object.getOwnPropertyDescriptor(Object, Symbol.for('harden'))?.writable, false);
});

test('the globals lockdown, Compartment and assert are installed', () => {
  assert.equal((globalThis as any).Compartment, Compartment);
  assert.equal(typeof (globalThis as any).assert, 'function');
  assert.equal(typeof (globalThis as any).repairIntrinsics, 'function');
  assert.equal(typeof (globalThis as any).hardenIntrinsics, 'function');
});

test('harden freezes a deep graph, through prototypes, and returns it', () => {
  class Shape {
    area() {
      return 0;
    }
  }
  const inner = { list: [1, { deep: true }], fn() {} };
  const graph = { inner, shape: new Shape(), [Symbol('s')]: { sym: 1 } };
  assert.equal(harden(graph), graph);
  const reachable = [graph, inner, inner.list, inner.list[1], inner.fn, graph.shape, Shape.prototype, Shape];
  for (const object of reachable) assert.equal(Object.isFrozen(object), true);
  const symbolValue = graph[Object.getOwnPropertySymbols(graph)[0] as any] as object;
  assert.equal(Object.isFrozen(symbolValue), true);
  assert.throws(() => {
    (inner.list as unknown[]).push(3);
  }, TypeError);
});

test('harden handles cycles, primitives and already frozen objects', () => {
  const a: any = { name: 'a' };
  a.self = a;
  a.friend = { back: a };
  harden(a);
  assert.equal(Object.isFrozen(a.friend), true);
  assert.equal(harden(5), 5);
  assert.equal(harden('s'), 's');
  assert.equal(harden(undefined), undefined);
  // A frozen object that has not been hardened still gets its contents hardened.
  const child = { mutable: true };
  const frozenShell = Object.freeze({ child });
  harden(frozenShell);
  assert.equal(Object.isFrozen(child), true);
});

test('harden leaves Map contents and typed array elements mutable', () => {
  const map = harden(new Map<string, number>());
  map.set('k', 1);
  assert.equal(map.get('k'), 1);
  const bytes = harden(new Uint8Array(2));
  bytes[0] = 7;
  assert.equal(bytes[0], 7);
  assert.equal(Object.isExtensible(bytes), false);
});

test('a compartment after lockdown sees the same harden', () => {
  assert.equal(new Compartment().evaluate('harden'), harden);
});
