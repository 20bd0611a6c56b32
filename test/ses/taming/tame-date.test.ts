// tameDateConstructor in isolation: %InitialDate% works like the host's Date,
// %SharedDate% cannot read the clock, both share Date.prototype. The
// "secure mode" messages are checked against the original ses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tameDateConstructor } from '../../../src/ses/tame-date.js';
import { caught, runInOriginalSes } from './original-ses.js';

const HostDate = Date;
const { '%InitialDate%': InitialDate, '%SharedDate%': SharedDate } = tameDateConstructor();

test('both constructors look like Date', () => {
  assert.notEqual(InitialDate, SharedDate);
  assert.notEqual(InitialDate, HostDate);
  for (const D of [InitialDate, SharedDate]) {
    assert.equal(D.name, 'Date');
    assert.equal(D.length, 7);
    assert.equal(typeof D.parse, 'function');
    assert.equal(typeof D.UTC, 'function');
    assert.equal(typeof D.now, 'function');
  }
});

test('%InitialDate% keeps every power of Date', () => {
  const before = HostDate.now();
  const now = new InitialDate().getTime();
  assert.ok(now >= before && now <= HostDate.now());
  assert.equal(typeof InitialDate.now(), 'number');
  assert.ok(InitialDate.now() >= before);
  assert.equal(typeof (InitialDate as unknown as () => string)(), 'string');
  assert.equal(new InitialDate(0).toISOString(), '1970-01-01T00:00:00.000Z');
  assert.equal(InitialDate.UTC(2020, 0, 1), HostDate.UTC(2020, 0, 1));
  assert.equal(InitialDate.parse('2020-01-01T00:00:00Z'), 1577836800000);
});

test('%SharedDate% refuses to read the clock with "secure mode" TypeErrors', () => {
  assert.throws(() => SharedDate.now(), {
    name: 'TypeError',
    message: 'secure mode Calling %SharedDate%.now() throws',
  });
  assert.throws(() => new SharedDate(), {
    name: 'TypeError',
    message: 'secure mode Calling new %SharedDate%() with no arguments throws',
  });
  assert.throws(() => (SharedDate as unknown as () => string)(), {
    name: 'TypeError',
    message: 'secure mode Calling %SharedDate% constructor as a function throws',
  });
  // Even with an argument, calling without `new` would format the current time.
  assert.throws(() => (SharedDate as unknown as (x: number) => string)(0), /^TypeError: secure mode/);
});

test('%SharedDate% still makes dates from explicit values', () => {
  assert.equal(new SharedDate(0).toISOString(), '1970-01-01T00:00:00.000Z');
  assert.equal(new SharedDate(2020, 0, 1, 12).getHours(), 12);
  assert.equal(new SharedDate('2020-01-01T00:00:00Z').getTime(), 1577836800000);
  assert.equal(String(new SharedDate(NaN)), 'Invalid Date');
  assert.equal(SharedDate.UTC(2020, 0, 1), 1577836800000);
  assert.equal(SharedDate.parse('1970-01-01T00:00:00.001Z'), 1);
});

test('both share Date.prototype, whose constructor is the shared one', () => {
  assert.equal(InitialDate.prototype, HostDate.prototype);
  assert.equal(SharedDate.prototype, HostDate.prototype);
  assert.equal(HostDate.prototype.constructor, SharedDate);
  const desc = Object.getOwnPropertyDescriptor(SharedDate, 'prototype')!;
  assert.equal(desc.writable, false);
  assert.equal(desc.configurable, false);
});

test('instanceof works across the host, initial and shared constructors', () => {
  assert.ok(new InitialDate(0) instanceof SharedDate);
  assert.ok(new SharedDate(0) instanceof InitialDate);
  assert.ok(new HostDate(0) instanceof SharedDate);
  assert.ok(new SharedDate(0) instanceof HostDate);
  assert.equal(Object.prototype.toString.call(new SharedDate(0)), '[object Date]');
});

test('subclasses get their own prototype and the parent behaviour', () => {
  class SharedSub extends SharedDate {
    year(): number {
      return this.getUTCFullYear();
    }
  }
  const d = new SharedSub(0);
  assert.ok(d instanceof SharedSub);
  assert.ok(d instanceof SharedDate);
  assert.equal(d.year(), 1970);
  assert.throws(() => new SharedSub(), /^TypeError: secure mode/);

  class InitialSub extends InitialDate {}
  assert.ok(new InitialSub() instanceof InitialSub);
  assert.ok(Math.abs(new InitialSub().getTime() - HostDate.now()) < 60_000);
});

test('Date.now() is an ordinary method: no prototype, not a constructor', () => {
  assert.equal(Object.hasOwn(SharedDate.now, 'prototype'), false);
  assert.throws(() => new (SharedDate.now as any)(), TypeError);
});

test('the messages are those of the original ses', () => {
  const original = runInOriginalSes(`return [
    caught(() => c.evaluate('Date.now()')),
    caught(() => c.evaluate('new Date()')),
    caught(() => c.evaluate('Date()')),
    c.evaluate('new Date(0).getTime()'),
    typeof Date.now(),
  ];`);
  const ours = [
    caught(() => SharedDate.now()),
    caught(() => new SharedDate()),
    caught(() => (SharedDate as unknown as () => string)()),
    new SharedDate(0).getTime(),
    typeof InitialDate.now(),
  ];
  assert.deepEqual(ours, original);
});
