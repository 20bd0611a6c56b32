// Immutable ArrayBuffers as endo/ses installs them on import, compared with
// the original ses 2.3 (which installs @endo/immutable-arraybuffer 2): the
// same probes run in a child process under each, and their observations
// must agree, save where ours is deliberately stricter (the last tests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProbe } from './run-probe.js';

// Each probe is plain JavaScript source, run as is under both.
const observe = `async () => {
  const outcome = thunk => {
    try {
      const value = thunk();
      return value instanceof ArrayBuffer ? { bytes: [...new Uint8Array(value.immutable ? value.slice() : value)] } : { value };
    } catch (error) {
      return { threw: error.name, message: error.message };
    }
  };
  const proto = ArrayBuffer.prototype;
  const shape = Object.getOwnPropertyNames(proto).sort().map(name => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    const f = d.get || d.value;
    return [name, d.get ? 'getter' : typeof d.value, typeof f === 'function' ? f.name : '', typeof f === 'function' ? f.length : -1, d.enumerable, 'prototype' in Object(f)];
  });
  const iab = new Uint8Array([1, 2, 3, 4]).buffer.sliceToImmutable(1);
  const genuine = new Uint8Array([5, 6, 7]).buffer;
  const moved = new Uint8Array([8, 9]).buffer;
  const movedImmutable = moved.transferToImmutable();
  const resizable = new ArrayBuffer(2, { maxByteLength: 8 });
  const resizableImmutable = resizable.sliceToImmutable();
  return {
    shape,
    iab: {
      byteLength: iab.byteLength,
      immutable: iab.immutable,
      detached: iab.detached,
      resizable: iab.resizable,
      maxByteLength: iab.maxByteLength,
      tag: Object.prototype.toString.call(iab),
      ownKeys: Reflect.ownKeys(iab).map(String),
      tagDescriptor: Object.getOwnPropertyDescriptor(iab, Symbol.toStringTag),
      frozen: Object.isFrozen(iab),
      extensible: Object.isExtensible(iab),
      inheritsDirectly: Object.getPrototypeOf(iab) === proto,
      isInstance: iab instanceof ArrayBuffer,
      isView: ArrayBuffer.isView(iab),
      typedArrayLength: new Uint8Array(iab).length,
    },
    reads: {
      slice: outcome(() => iab.slice()),
      sliceRange: outcome(() => iab.slice(1, 2)),
      sliceIsMutable: iab.slice().immutable,
      sliceToImmutable: outcome(() => iab.sliceToImmutable(-2)),
      sliceToImmutableIsImmutable: iab.sliceToImmutable().immutable,
      stringArguments: outcome(() => iab.sliceToImmutable('1', '2')),
    },
    refusals: {
      resize: outcome(() => iab.resize(1)),
      transfer: outcome(() => iab.transfer()),
      transferToFixedLength: outcome(() => iab.transferToFixedLength()),
      transferToImmutable: outcome(() => iab.transferToImmutable()),
      dataView: outcome(() => new DataView(iab)).threw,
      byteLengthOfForgery: outcome(() => Object.create(proto).byteLength).threw,
      immutableOfForgery: Object.create(proto).immutable,
      sliceOfPlainObject: outcome(() => proto.slice.call({})).threw,
      sliceToImmutableOfPlainObject: outcome(() => proto.sliceToImmutable.call({})).threw,
      immutableOfPrimitive: outcome(() => Object.getOwnPropertyDescriptor(proto, 'immutable').get.call(3)),
    },
    genuine: {
      byteLength: genuine.byteLength,
      immutable: genuine.immutable,
      resizable: genuine.resizable,
      slice: outcome(() => genuine.slice(1)),
      resize: outcome(() => (resizable.resize(4), resizable.byteLength)),
      resizableImmutable: [resizableImmutable.resizable, resizableImmutable.maxByteLength, resizableImmutable.byteLength],
    },
    transferred: {
      sourceLength: moved.byteLength,
      result: outcome(() => movedImmutable),
      longer: outcome(() => new Uint8Array([1, 2]).buffer.transferToImmutable(4)),
      shorter: outcome(() => new Uint8Array([1, 2]).buffer.transferToImmutable(1)),
      fromString: outcome(() => new Uint8Array([1, 2, 3]).buffer.transferToImmutable('2')),
      ofDetached: outcome(() => moved.transferToImmutable()).threw,
      sliceOfDetached: outcome(() => moved.sliceToImmutable()).threw,
    },
  };
}`;

const afterLockdown = `async () => {
  lockdown();
  const { passStyleOf } = await import(globalThis.PASS_STYLE);
  const styleOf = value => {
    try {
      return passStyleOf(value);
    } catch (error) {
      return error.message.replace(/:.*/s, '');
    }
  };
  const proto = ArrayBuffer.prototype;
  const names = ['byteLength', 'detached', 'immutable', 'maxByteLength', 'resizable', 'resize', 'slice', 'sliceToImmutable', 'transfer', 'transferToFixedLength', 'transferToImmutable'];
  const frozen = names.map(name => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    return [name, !d.configurable, Object.isFrozen(d.get || d.value)];
  });
  const fresh = () => new Uint8Array([1, 2, 3]).buffer.sliceToImmutable();
  const withExtra = fresh();
  Object.defineProperty(withExtra, 'extra', { value: 1 });
  const withAccessorTag = fresh();
  const forgery = Object.create(proto);
  return {
    frozen,
    styles: {
      immutable: styleOf(harden(fresh())),
      unhardened: styleOf(fresh()),
      empty: styleOf(harden(new ArrayBuffer(0).sliceToImmutable())),
      transferred: styleOf(harden(new ArrayBuffer(2).transferToImmutable())),
      withExtra: styleOf(harden(withExtra)),
      genuineMutable: styleOf(harden(new ArrayBuffer(2))),
      forgery: styleOf(harden(forgery)),
      proxy: styleOf(harden(new Proxy(harden(fresh()), {}))),
      inArray: styleOf(harden([fresh(), fresh()])),
    },
    stillWorks: [...new Uint8Array(harden(fresh()).slice())],
  };
}`;

test('endo/ses installs immutable ArrayBuffers as ses 2.3 does: same methods, same answers, same refusals', () => {
  const theirs = runProbe('original', observe);
  const ours = runProbe('ours', observe);
  assert.deepEqual(ours, theirs);
  assert.equal(ours.iab.immutable, true); // the probe observed something
  assert.deepEqual(ours.refusals.transfer, { threw: 'TypeError', message: 'Cannot detach an immutable ArrayBuffer' });
});

test('after lockdown the methods are hardened, and pass-style sees immutable buffers as byteArrays, as in the original', () => {
  const theirs = runProbe('original', afterLockdown);
  const ours = runProbe('ours', afterLockdown);
  assert.deepEqual(ours, theirs);
  assert.equal(ours.styles.immutable, 'byteArray');
  assert.equal(ours.styles.withExtra, 'ByteArrays must not have own properties');
});

// Ours copies the bytes itself; the original's sliceToImmutable calls the
// buffer's own slice(), which consults constructor[Symbol.species], so the
// caller can keep a mutable alias of an "immutable" buffer that passStyleOf
// accepts as a byteArray.
const speciesAlias = `async () => {
  lockdown();
  const { passStyleOf } = await import(globalThis.PASS_STYLE);
  let kept;
  const buffer = new Uint8Array([1, 2, 3, 4]).buffer;
  Object.defineProperty(buffer, 'constructor', {
    value: { [Symbol.species]: function (length) { kept = new ArrayBuffer(length); return kept; } },
  });
  const iab = harden(buffer.sliceToImmutable());
  if (kept) new Uint8Array(kept)[0] = 99;
  return { style: passStyleOf(iab), bytes: [...new Uint8Array(iab.slice())], aliased: kept !== undefined };
}`;

test("a buffer's species cannot alias the bytes of an immutable buffer made from it (the original's can)", () => {
  assert.deepEqual(runProbe('ours', speciesAlias), { style: 'byteArray', bytes: [1, 2, 3, 4], aliased: false });
  assert.deepEqual(runProbe('original', speciesAlias), { style: 'byteArray', bytes: [99, 2, 3, 4], aliased: true });
});

// Where the platform lacks ArrayBuffer.prototype.transfer (Node 20), the
// original's shim puts a transfer() there that always throws; ours
// transfers through structuredClone, tells the truth about `detached`, and
// refuses a negative length as the proposal says.
const transferWithoutNative = `async () => {
  const outcome = thunk => {
    try {
      const value = thunk();
      return value instanceof ArrayBuffer ? [...new Uint8Array(value)] : value;
    } catch (error) {
      return error.name;
    }
  };
  const source = new Uint8Array([1, 2, 3]).buffer;
  const moved = outcome(() => source.transfer());
  const fixed = new ArrayBuffer(2, { maxByteLength: 4 }).transferToFixedLength(3);
  const detachedSource = new ArrayBuffer(2);
  detachedSource.transferToImmutable();
  return {
    moved,
    sourceDetached: source.detached,
    longer: outcome(() => new Uint8Array([1, 2]).buffer.transfer(3)),
    fixed: [fixed.resizable, fixed.byteLength],
    afterTransferToImmutable: detachedSource.detached,
    negative: outcome(() => new ArrayBuffer(2).transferToImmutable(-1)),
    sliceOfDetached: outcome(() => detachedSource.sliceToImmutable()),
  };
}`;

test('without a native transfer, transfer() and transferToFixedLength() work and `detached` is true after a transfer', () => {
  assert.deepEqual(runProbe('ours', transferWithoutNative), {
    moved: [1, 2, 3],
    sourceDetached: true,
    longer: [1, 2, 0],
    fixed: [false, 3],
    afterTransferToImmutable: true,
    negative: 'RangeError',
    sliceOfDetached: 'TypeError',
  });
});
