// The golden pairs of the spec (both body formats), slot numbering, error
// tagging, stringify/parse, and the refusals of malformed bodies: each a
// clear TypeError, SyntaxError or RangeError.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { makeMarshal, Far, makeTagged, stringify, parse, QCLASS, passStyleOf, DEFAULT_MAX_DEPTH } = await import(
  '../../src/marshal/index.js'
);
const harden = (globalThis as any).harden as <T>(x: T) => T;

const smallcaps = makeMarshal(undefined, undefined, { errorTagging: 'off', serializeBodyFormat: 'smallcaps' });
const capdata = makeMarshal(undefined, undefined, { errorTagging: 'off' });
const foo = Far('foo', {});
const bar = Far('bar', {});

test('smallcaps golden pairs', () => {
  const pairs: [unknown, string][] = [
    [0, '#0'],
    [500n, '#"+500"'],
    [-7n, '#"-7"'],
    ['#x', '#"!#x"'],
    [undefined, '#"#undefined"'],
    [NaN, '#"#NaN"'],
    [-Infinity, '#"#-Infinity"'],
    [-0, '#0'],
    [Symbol.iterator, '#"%@@iterator"'],
    [foo, '#"$0.Alleged: foo"'],
    [harden([foo, bar, foo]), '#["$0.Alleged: foo","$1.Alleged: bar","$0"]'],
    [harden({ foo: 1, bar: 2n }), '#{"bar":"+2","foo":1}'],
    [makeTagged('!foo', '!bar'), '#{"#tag":"!!foo","payload":"!!bar"}'],
    [harden(URIError('bad uri')), '#{"#error":"bad uri","name":"URIError"}'],
    [harden({ b: 1, 10: 2, 9: 3, '!': 4 }), '#{"9":3,"10":2,"!!":4,"b":1}'],
  ];
  for (const [value, body] of pairs) assert.equal(smallcaps.toCapData(value as any).body, body);
});

test('capdata golden pairs', () => {
  const pairs: [unknown, string][] = [
    [undefined, '{"@qclass":"undefined"}'],
    [4n, '{"@qclass":"bigint","digits":"4"}'],
    [Symbol.asyncIterator, '{"@qclass":"symbol","name":"@@asyncIterator"}'],
    [makeTagged('x', 8), '{"@qclass":"tagged","tag":"x","payload":8}'],
    [harden(TypeError('m')), '{"@qclass":"error","message":"m","name":"TypeError"}'],
    [harden([foo, foo]), '[{"@qclass":"slot","iface":"Alleged: foo","index":0},{"@qclass":"slot","index":0}]'],
    [harden({ [QCLASS]: 1, a: 2 }), '{"@qclass":"hilbert","original":1,"rest":{"a":2}}'],
    [harden({ [QCLASS]: 1 }), '{"@qclass":"hilbert","original":1}'],
  ];
  for (const [value, body] of pairs) assert.equal(capdata.toCapData(value as any).body, body);
});

test('slots: one per distinct capability, in order of first appearance (sorted record names)', () => {
  const promise = harden(Promise.resolve());
  const m = makeMarshal((val: unknown) => (val === foo ? 'foo' : val === bar ? 'bar' : 'p'), undefined, {
    serializeBodyFormat: 'smallcaps',
  });
  const data = m.toCapData(harden({ b: foo, a: [bar, promise, promise], 10: foo, 9: bar }));
  assert.equal(data.body, '#{"9":"$1.Alleged: bar","10":"$0.Alleged: foo","a":["$1","&2","&2"],"b":"$0"}');
  assert.deepEqual(data.slots, ['foo', 'bar', 'p']);
  assert.ok(Object.isFrozen(data) && Object.isFrozen(data.slots));
});

test('error tagging gives each sent error an id and hands it to marshalSaveError', () => {
  const saved: Error[] = [];
  const m = makeMarshal(undefined, undefined, { marshalName: 'test', errorIdNum: 5, marshalSaveError: e => saved.push(e) });
  const first = harden(Error('one'));
  assert.equal(m.toCapData(first).body, '{"@qclass":"error","errorId":"error:test#6","message":"one","name":"Error"}');
  assert.equal(m.toCapData(harden(Error('two'))).body, '{"@qclass":"error","errorId":"error:test#7","message":"two","name":"Error"}');
  assert.deepEqual(saved.map(e => e.message), ['one', 'two']);
  const received = m.fromCapData(m.toCapData(harden(RangeError('three'))));
  assert.ok(received instanceof RangeError);
  assert.equal(received.message, 'three');
  assert.equal(passStyleOf(received), 'error');
});

test('decoding gives hardened passables equal to what was sent', () => {
  const value = harden({ a: [1, 'x', null, true, undefined, -1n], b: makeTagged('t', { c: NaN }), '!d': Symbol.for('s') });
  for (const m of [capdata, smallcaps]) {
    const copy = m.fromCapData(m.toCapData(value));
    assert.deepEqual(copy, value);
    assert.equal(passStyleOf(copy), 'copyRecord');
    assert.ok(Object.isFrozen(copy) && Object.isFrozen(copy.a) && Object.isFrozen(copy.b));
  }
});

test('stringify and parse: pure data only', () => {
  assert.equal(stringify(harden([1n, undefined])), '[{"@qclass":"bigint","digits":"1"},{"@qclass":"undefined"}]');
  assert.deepEqual(parse('[{"@qclass":"bigint","digits":"1"},{"@qclass":"undefined"}]'), [1n, undefined]);
  assert.deepEqual(parse('#{"a":"+1"}'), { a: 1n });
  assert.throws(() => stringify(foo), /Marshal's stringify rejects presences and promises/);
  assert.throws(() => parse('{"@qclass":"slot","index":0}'), { message: /^Marshal's parse must not encode any slot positions/ });
});

const decode = (body: string, slots: unknown[] = []) => capdata.fromCapData({ body, slots });

test('malformed bodies are refused with clear errors', () => {
  assert.throws(() => decode('{'), SyntaxError);
  assert.throws(() => decode('#{'), SyntaxError);
  assert.throws(() => decode('#"#foo"'), { name: 'TypeError', message: /unknown constant/ });
  assert.throws(() => decode('#"\'x"'), { name: 'TypeError', message: /reserved for future use/ });
  assert.throws(() => decode('#{"#foo":1}'), { name: 'TypeError', message: /Unrecognized record type/ });
  assert.throws(() => decode('#{"%foo":1}'), { name: 'TypeError', message: /must be a string/ });
  assert.throws(() => decode('{"@qclass":"foo"}'), { name: 'TypeError', message: /unrecognized "@qclass" "foo"/ });
  assert.throws(() => decode('{"@qclass":"ibid","index":0}'), { name: 'TypeError', message: /no longer supports/ });
  assert.throws(() => decode('{"@qclass":"slot","index":1}', ['a']), { name: 'RangeError', message: /out of range/ });
  assert.throws(() => decode('#"$3"', []), { name: 'RangeError', message: /out of range/ });
  assert.throws(() => decode('{"@qclass":"slot","index":-1}'), { name: 'TypeError', message: /natural number/ });
  assert.throws(() => decode('{"@qclass":"slot","index":0,"x":1}', ['a']), { name: 'TypeError', message: /unexpected/ });
  assert.throws(() => decode('{"@qclass":"bigint","digits":7}'), { name: 'TypeError', message: /digits/ });
  assert.throws(() => decode('"\\ud800"'), { name: 'TypeError', message: /well-formed/ });
  assert.throws(() => decode('{"@qclass":"hilbert"}'), { name: 'TypeError', message: /Hilbert/ });
  assert.throws(() => capdata.fromCapData({ body: 1, slots: [] } as any), TypeError);
  assert.throws(() => capdata.fromCapData({ body: '1', slots: {} } as any), TypeError);
});

test(`nesting deeper than maxDepth (default ${DEFAULT_MAX_DEPTH}) is refused, never a stack overflow`, () => {
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
  assert.equal(decode(deep(DEFAULT_MAX_DEPTH)).length, 1);
  assert.throws(() => decode(deep(DEFAULT_MAX_DEPTH + 1)), { name: 'RangeError', message: /maxDepth/ });
  assert.throws(() => decode(deep(1_000_000)), RangeError);
  assert.throws(() => decode(`#${deep(1_000_000)}`), { name: 'RangeError', message: /maxDepth/ });
  assert.throws(() => decode('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), { message: /maxDepth/ });
  const shallow = makeMarshal(undefined, undefined, { maxDepth: 3 });
  let value: unknown = 1;
  for (let i = 0; i < 4; i += 1) value = harden([value]);
  assert.throws(() => shallow.toCapData(value as any), { name: 'RangeError', message: /maxDepth/ });
});

test('a body over maxBodyLength is refused', () => {
  const small = makeMarshal(undefined, undefined, { maxBodyLength: 10 });
  assert.equal(small.fromCapData({ body: '"12345678"', slots: [] }), '12345678');
  assert.throws(() => small.fromCapData({ body: '"123456789"', slots: [] }), { name: 'RangeError', message: /maxBodyLength/ });
});
