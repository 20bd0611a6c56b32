// tameFloatNaNSideChannel in isolation: NaNs written through DataView's
// setFloat32/setFloat64 (and setFloat16 where present) come out with one
// canonical bit pattern, whatever payload they carried; every other number,
// and the order of the observable steps, is as with the original setters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tameFloatNaNSideChannel } from '../../../src/ses/tame-nan-side-channel.js';
import { runInOriginalSes } from './original-ses.js';

type Setter = (this: DataView, offset: unknown, value: unknown, littleEndian?: boolean) => void;
const proto = DataView.prototype as unknown as Record<string, Setter>;
const originalSetters: Record<string, Setter | undefined> = {
  setFloat16: proto.setFloat16,
  setFloat32: proto.setFloat32,
  setFloat64: proto.setFloat64,
};
const originalDescriptors = Object.getOwnPropertyDescriptors(DataView.prototype);

/** A NaN whose 64 bits are `bits`, made through a Float64Array as an attacker would. */
const nanWithBits = (bits: bigint): number => new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
const payloadNaNs = [
  0x7ff8_0000_dead_beefn, // quiet, with payload
  0xfff8_0000_0000_0000n, // negative quiet NaN
  0x7ff0_0000_0000_0001n, // signalling
  0x7fff_ffff_ffff_ffffn, // all payload bits
  0xffff_ffff_ffff_fffen,
];

// On this engine, does the original setter let a payload through? (Shows the channel is real.)
const probe = new DataView(new ArrayBuffer(8));
originalSetters.setFloat64!.call(probe, 0, nanWithBits(0x7ff8_0000_dead_beefn));
const channelBeforeTaming = probe.getBigUint64(0) !== 0x7ff8_0000_0000_0000n;

tameFloatNaNSideChannel();

test('the original setFloat64 did carry NaN payloads on this engine', () => {
  assert.ok(channelBeforeTaming);
});

test('setFloat64 writes every NaN as 0x7ff8000000000000, in both byte orders', () => {
  for (const bits of payloadNaNs) {
    const nan = nanWithBits(bits);
    assert.ok(Number.isNaN(nan));
    for (const littleEndian of [false, true]) {
      const view = new DataView(new ArrayBuffer(16));
      view.setFloat64(3, nan, littleEndian);
      assert.equal(view.getBigUint64(3, littleEndian), 0x7ff8_0000_0000_0000n);
      assert.equal(view.getUint8(2), 0);
      assert.equal(view.getUint8(11), 0);
    }
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, NaN);
  assert.deepEqual([...new Uint8Array(view.buffer)], [0x7f, 0xf8, 0, 0, 0, 0, 0, 0]);
});

test('setFloat32 writes every NaN as 0x7fc00000', () => {
  for (const bits of payloadNaNs) {
    for (const littleEndian of [false, true]) {
      const view = new DataView(new ArrayBuffer(4));
      view.setFloat32(0, nanWithBits(bits), littleEndian);
      assert.equal(view.getUint32(0, littleEndian), 0x7fc0_0000);
    }
  }
});

test('setFloat16, where the engine has it, writes every NaN as 0x7e00', { skip: !originalSetters.setFloat16 }, () => {
  for (const bits of payloadNaNs) {
    const view = new DataView(new ArrayBuffer(2));
    proto.setFloat16!.call(view, 0, nanWithBits(bits));
    assert.equal(view.getUint16(0), 0x7e00);
  }
});

test('a value whose valueOf returns a payload NaN is canonicalized too', () => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, { valueOf: () => nanWithBits(0x7ff8_0000_0000_0badn) } as unknown as number);
  assert.equal(view.getBigUint64(0), 0x7ff8_0000_0000_0000n);
  view.setFloat32(0, { valueOf: () => nanWithBits(0xfff8_0000_0000_0001n) } as unknown as number);
  assert.equal(view.getUint32(0), 0x7fc0_0000);
});

const bytesWrittenBy = (setter: Setter, width: number, value: number, littleEndian: boolean): number[] => {
  const view = new DataView(new ArrayBuffer(width + 2));
  setter.call(view, 1, value, littleEndian);
  return [...new Uint8Array(view.buffer)];
};

test('every other number is written exactly as the original setters write it', () => {
  for (const value of [0, -0, 1.5, -1.5, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE, 1e-40, 65504]) {
    for (const littleEndian of [false, true]) {
      assert.deepEqual(bytesWrittenBy(proto.setFloat64!, 8, value, littleEndian), bytesWrittenBy(originalSetters.setFloat64!, 8, value, littleEndian));
      assert.deepEqual(bytesWrittenBy(proto.setFloat32!, 4, value, littleEndian), bytesWrittenBy(originalSetters.setFloat32!, 4, value, littleEndian));
    }
  }
  fc.assert(
    fc.property(fc.double({ noNaN: true }), fc.boolean(), (value, littleEndian) => {
      assert.deepEqual(bytesWrittenBy(proto.setFloat64!, 8, value, littleEndian), bytesWrittenBy(originalSetters.setFloat64!, 8, value, littleEndian));
      assert.deepEqual(bytesWrittenBy(proto.setFloat32!, 4, value, littleEndian), bytesWrittenBy(originalSetters.setFloat32!, 4, value, littleEndian));
    }),
    { numRuns: 300 },
  );
});

/** What a call does, observably: the coercions it triggers, in order, then its outcome. */
const trace = (setter: Setter, receiver: unknown, offset: unknown, value: unknown): string[] => {
  const log: string[] = [];
  const spy = (name: string, result: unknown) => ({
    valueOf() {
      log.push(name);
      return result;
    },
  });
  const wrap = (x: unknown, name: string) => (typeof x === 'function' ? spy(name, (x as () => unknown)()) : x);
  try {
    setter.call(receiver as DataView, wrap(offset, 'offset'), wrap(value, 'value'));
    log.push('ok');
  } catch (error) {
    log.push((error as Error).name);
  }
  return log;
};

test('receiver check, offset and value coercions happen in the standard order, with the standard errors', () => {
  const view = (): DataView => new DataView(new ArrayBuffer(8));
  const cases: Array<[unknown, unknown, unknown]> = [
    [view(), () => 0, () => 1.5],
    [view(), () => 0, () => NaN],
    [{}, () => 0, () => 1], // not a DataView: TypeError before any coercion
    [view(), () => -1, () => 1], // RangeError before the value is coerced
    [view(), () => 7, () => NaN], // out of bounds: after both coercions
    [view(), () => 2 ** 60, () => 1],
    [view(), 0, 1n], // BigInt is not a number
    [view(), 1n, 1],
    [view(), Symbol('x'), 1],
    [view(), '1.9', NaN],
    [view(), undefined, undefined],
  ];
  for (const name of ['setFloat32', 'setFloat64']) {
    for (const [receiver, offset, value] of cases) {
      assert.deepEqual(
        trace(proto[name]!, receiver, offset, value),
        trace(originalSetters[name]!, receiver, offset, value),
        `${name}(${String(offset)}, ${String(value)})`,
      );
    }
  }
});

test('the replacements look like the originals', () => {
  for (const name of ['setFloat16', 'setFloat32', 'setFloat64']) {
    const original = originalSetters[name];
    if (!original) {
      assert.equal(Object.hasOwn(DataView.prototype, name), false);
      continue;
    }
    const replacement = proto[name]!;
    assert.notEqual(replacement, original);
    assert.equal(replacement.name, name);
    assert.equal(replacement.length, original.length);
    assert.equal(Object.hasOwn(replacement, 'prototype'), false);
    const { value: _a, ...attributes } = Object.getOwnPropertyDescriptor(DataView.prototype, name)!;
    const { value: _b, ...originalAttributes } = originalDescriptors[name]!;
    assert.deepEqual(attributes, originalAttributes);
  }
});

test('the same bytes as after the original ses lockdown', () => {
  const snippet = `
    const nanWithBits = bits => new Float64Array(new BigUint64Array([bits]).buffer)[0];
    const view = new DataView(new ArrayBuffer(12));
    view.setFloat64(0, nanWithBits(0x7ff80000deadbeefn));
    view.setFloat32(8, nanWithBits(0xfff8000000000001n), true);
    return [...new Uint8Array(view.buffer)];
  `;
  const ours = (() => {
    const view = new DataView(new ArrayBuffer(12));
    view.setFloat64(0, nanWithBits(0x7ff8_0000_dead_beefn));
    view.setFloat32(8, nanWithBits(0xfff8_0000_0000_0001n), true);
    return [...new Uint8Array(view.buffer)];
  })();
  assert.deepEqual(ours, runInOriginalSes(snippet));
});
