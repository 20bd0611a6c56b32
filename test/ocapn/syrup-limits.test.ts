// Bounds on untrusted Syrup: each limit refuses with a RangeError naming it,
// before the memory or time it guards is spent; nesting is read without
// recursion.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSyrup, makeSyrupStreamDecoder, DEFAULT_SYRUP_DECODE_LIMITS } from '../../src/ocapn/syrup/index.js';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const overLimit = (name: string) => (error: Error) => {
  assert.equal(error.name, 'RangeError');
  assert.match(error.message, new RegExp(`over the ${name} limit`));
  assert.match(error.message, /at byte offset \d+/);
  return true;
};

test('the defaults', () => {
  assert.deepEqual({ ...DEFAULT_SYRUP_DECODE_LIMITS }, {
    maxValueBytes: 16 * 1024 * 1024,
    maxDepth: 1000,
    maxStringBytes: 8 * 1024 * 1024,
    maxIntegerDigits: 1000,
  });
  assert.ok(Object.isFrozen(DEFAULT_SYRUP_DECODE_LIMITS));
});

test('a nesting of 1e6 lists is refused by maxDepth, without a stack overflow', () => {
  const deep = latin1('['.repeat(1e6) + ']'.repeat(1e6));
  assert.throws(() => decodeSyrup(deep), (error: Error) => {
    overLimit('maxDepth')(error);
    assert.match(error.message, /1001 nested containers where at most 1000.*offset 1000$/);
    return true;
  });
  assert.throws(() => decodeSyrup(latin1('[[['), { maxDepth: 2 }), overLimit('maxDepth'));
  assert.deepEqual(decodeSyrup(latin1('[[]]'), { maxDepth: 2 }), [[]]);
});

test('with the depth limit raised, 1e6 nested lists decode (the parser does not recurse)', () => {
  const depth = 1e6;
  let value = decodeSyrup(latin1('<1\'a'.repeat(depth) + '>'.repeat(depth)), { maxDepth: depth }) as unknown;
  let levels = 0;
  while (typeof value === 'object' && value !== null && (value as { type?: string }).type === 'record') {
    levels += 1;
    value = (value as { fields: unknown[] }).fields[0];
  }
  assert.equal(levels, depth);
});

test('maxStringBytes is checked on the claimed length, before the bytes arrive', () => {
  const decoder = makeSyrupStreamDecoder({ maxStringBytes: 100 });
  assert.throws(() => decoder.push(latin1('101"')), overLimit('maxStringBytes'));
  assert.throws(() => decodeSyrup(latin1('999999999999999999999:')), overLimit('maxStringBytes'));
  assert.equal(decodeSyrup(latin1(`100"${'a'.repeat(100)}`), { maxStringBytes: 100 }), 'a'.repeat(100));
});

test('a huge claimed length holds only the bytes received', () => {
  const decoder = makeSyrupStreamDecoder({ maxStringBytes: 1e9, maxValueBytes: 2e9 });
  assert.deepEqual(decoder.push(latin1('900000000:abc')), []);
  assert.equal(decoder.pendingBytes, 13);
  assert.throws(() => decoder.finish(), /stream ends inside a value begun at byte offset 0/);
});

test('maxValueBytes bounds one value, whether claimed or streamed', () => {
  assert.throws(() => decodeSyrup(latin1('[5"hello]'), { maxValueBytes: 8 }), overLimit('maxValueBytes'));
  assert.deepEqual(decodeSyrup(latin1('[5"hello]'), { maxValueBytes: 9 }), ['hello']);
  const decoder = makeSyrupStreamDecoder({ maxValueBytes: 100 });
  assert.throws(() => decoder.push(latin1('98:')), overLimit('maxValueBytes')); // 3 + 98 bytes claimed
  const streamed = makeSyrupStreamDecoder({ maxValueBytes: 100 });
  streamed.push(latin1('['));
  assert.throws(() => {
    for (let i = 0; i < 100; i += 1) streamed.push(latin1('t'));
  }, overLimit('maxValueBytes'));
  // The limit is per value: many small values in one stream are fine.
  const many = makeSyrupStreamDecoder({ maxValueBytes: 10 });
  let count = 0;
  for (let i = 0; i < 1000; i += 1) count += many.push(latin1('[1+2+]')).length;
  assert.equal(count, 1000);
  // A chunk finishing one value and holding many more is not mistaken for one big value.
  const mixed = makeSyrupStreamDecoder({ maxValueBytes: 10 });
  assert.deepEqual(mixed.push(latin1('[1+')), []);
  assert.equal(mixed.push(latin1(`2+]${'[1+2+]'.repeat(100)}`)).length, 101);
});

test('maxIntegerDigits refuses long integers before BigInt() parses them', () => {
  assert.throws(() => decodeSyrup(latin1(`${'9'.repeat(1001)}+`)), overLimit('maxIntegerDigits'));
  assert.equal(decodeSyrup(latin1(`${'9'.repeat(1000)}+`)), BigInt('9'.repeat(1000)));
  // An endless run of digits is refused as soon as it is too long for anything.
  const decoder = makeSyrupStreamDecoder();
  assert.throws(() => {
    for (let i = 0; i < 2000; i += 1) decoder.push(latin1('1'));
  }, overLimit('maxIntegerDigits'));
});

test('a broken stream stays broken', () => {
  const decoder = makeSyrupStreamDecoder();
  assert.throws(() => decoder.push(latin1('1+x')), SyntaxError);
  assert.throws(() => decoder.push(latin1('1+')), SyntaxError);
});

test('limits must be non-negative integers or Infinity', () => {
  assert.throws(() => decodeSyrup(latin1('t'), { maxDepth: -1 }), TypeError);
  assert.throws(() => decodeSyrup(latin1('t'), { maxDepth: 1.5 }), TypeError);
  assert.equal(decodeSyrup(latin1('t'), { maxDepth: Infinity, maxStringBytes: Infinity, maxIntegerDigits: Infinity, maxValueBytes: Infinity }), true);
});
