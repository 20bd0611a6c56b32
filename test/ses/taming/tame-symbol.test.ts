// tameSymbolConstructor in isolation: %SharedSymbol% behaves as Symbol (same
// registry, same well-known symbols, callable, not constructible) with every
// static configurable so the permits walk can prune it; the host's Symbol is
// unchanged; Symbol.prototype.constructor becomes the shared one.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameSymbolConstructor } from '../../../src/ses/tame-symbol.js';
import { caught, runInOriginalSes } from './original-ses.js';

const HostSymbol = Symbol;
const hostDescriptors = Object.getOwnPropertyDescriptors(HostSymbol);
const { '%SharedSymbol%': SharedSymbol } = tameSymbolConstructor();

test('%SharedSymbol% makes symbols and shares the registry and well-known symbols', () => {
  assert.notEqual(SharedSymbol, HostSymbol);
  const s = SharedSymbol('desc');
  assert.equal(typeof s, 'symbol');
  assert.equal(s.description, 'desc');
  assert.equal(SharedSymbol.for('k'), HostSymbol.for('k'));
  assert.equal(SharedSymbol.keyFor(HostSymbol.for('k')), 'k');
  assert.equal(SharedSymbol.iterator, HostSymbol.iterator);
  assert.equal(SharedSymbol.asyncIterator, HostSymbol.asyncIterator);
  assert.equal(SharedSymbol.prototype, HostSymbol.prototype);
});

test('%SharedSymbol% is not a constructor, like Symbol', () => {
  assert.throws(() => new (SharedSymbol as any)(), TypeError);
});

test('it carries the same properties, all configurable', () => {
  assert.deepEqual(Reflect.ownKeys(SharedSymbol).sort(String as any), Reflect.ownKeys(HostSymbol).sort(String as any));
  assert.equal(SharedSymbol.name, 'Symbol');
  assert.equal(SharedSymbol.length, HostSymbol.length);
  for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(SharedSymbol))) {
    assert.equal(desc.configurable, true, key);
    assert.deepEqual({ ...desc, configurable: hostDescriptors[key]!.configurable }, hostDescriptors[key], key);
  }
});

test('it prints as native code', () => {
  assert.equal(Function.prototype.toString.call(SharedSymbol), 'function () { [native code] }');
});

test('the host Symbol is unchanged; Symbol.prototype.constructor is the shared one', () => {
  assert.equal(Symbol, HostSymbol);
  assert.deepEqual(Object.getOwnPropertyDescriptors(HostSymbol), hostDescriptors);
  assert.equal(HostSymbol.prototype.constructor, SharedSymbol);
  assert.equal(Object(HostSymbol('x')).constructor, SharedSymbol);
});

test('like the original ses', () => {
  const original = runInOriginalSes(`
    const S = c.evaluate('Symbol');
    return [
      S === Symbol,
      Symbol.prototype.constructor === S,
      S.name,
      S.length,
      Reflect.ownKeys(S).map(String).sort(),
      caught(() => new S()) !== null,
      S.for('k') === Symbol.for('k'),
      Function.prototype.toString.call(S),
    ];`);
  const ours = [
    SharedSymbol === HostSymbol,
    HostSymbol.prototype.constructor === SharedSymbol,
    SharedSymbol.name,
    SharedSymbol.length,
    Reflect.ownKeys(SharedSymbol).map(String).sort(),
    caught(() => new (SharedSymbol as any)()) !== null,
    SharedSymbol.for('k') === HostSymbol.for('k'),
    Function.prototype.toString.call(SharedSymbol),
  ];
  assert.deepEqual(ours, original);
});
