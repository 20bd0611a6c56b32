// Immutable ArrayBuffers (the TC39 proposal, stage 3), installed on import
// as ses 2 installs them: ArrayBuffer.prototype.sliceToImmutable,
// transferToImmutable and the `immutable` getter. An engine that has them
// natively keeps its own. Elsewhere (Node 20) an immutable buffer is
// emulated: a plain object inheriting from ArrayBuffer.prototype, with an
// own non-enumerable [Symbol.toStringTag] of 'ImmutableArrayBuffer', that
// privately holds a genuine buffer nobody else can reach. The prototype's
// accessors and methods are replaced by ones that read through to that
// buffer and refuse to resize or detach it. Typed arrays and DataViews
// cannot view an emulated buffer: read it through slice().
//
// Where @endo/immutable-arraybuffer 2 differs, this file is stricter:
// - the bytes of a new immutable buffer are always copied into a buffer
//   made here, never by a `slice` that consults the source's
//   `constructor[Symbol.species]` (which would let the caller keep a
//   mutable alias of the "immutable" bytes);
// - without a native `transfer`, transfer() and transferToFixedLength()
//   work through structuredClone (as ses's own lockdown shim intends)
//   rather than throw, `detached` tells the truth, and a negative length
//   is a RangeError.

import { ReturnsItsArgument } from './private-slot.js';

const { apply, ownKeys } = Reflect;
const { create, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
const { max, min, trunc } = Math;
const ArrayBufferConstructor = ArrayBuffer;
const Uint8ArrayConstructor = Uint8Array;
const TypeErrorConstructor = TypeError;
const arrayBufferPrototype = ArrayBuffer.prototype;
const structuredCloneFunction: typeof structuredClone | undefined = globalThis.structuredClone;

type Getter = (this: unknown) => any;
type Method = (this: unknown, ...args: any[]) => any;
const nativeGetter = (name: string): Getter | undefined => getOwnPropertyDescriptor(arrayBufferPrototype, name)?.get;
const nativeMethod = (name: string): Method | undefined => {
  const value = getOwnPropertyDescriptor(arrayBufferPrototype, name)?.value;
  return typeof value === 'function' ? value : undefined;
};

const nativeByteLength = nativeGetter('byteLength')!;
const nativeSlice = nativeMethod('slice')!;
const nativeDetached = nativeGetter('detached');
const nativeResizable = nativeGetter('resizable');
const nativeMaxByteLength = nativeGetter('maxByteLength');
const nativeResize = nativeMethod('resize');
const nativeTransfer = nativeMethod('transfer');
const nativeTransferToFixedLength = nativeMethod('transferToFixedLength');
const typedArraySet = getOwnPropertyDescriptor(getPrototypeOf(Uint8Array.prototype), 'set')!.value as Method;

/**
 * The brand of an emulated immutable buffer: a private field holding its
 * genuine buffer, put on the plain object by the return-override trick. No
 * reflection, proxy or prototype change can forge or read it.
 */
class EmulatedImmutable extends ReturnsItsArgument {
  #bytes: ArrayBuffer;
  constructor(shell: object, bytes: ArrayBuffer) {
    super(shell);
    this.#bytes = bytes;
  }
  /** The genuine buffer behind `candidate`, or undefined if it is not an emulated immutable buffer. */
  static bytesOf(candidate: unknown): ArrayBuffer | undefined {
    return typeof candidate === 'object' && candidate !== null && #bytes in candidate
      ? (candidate as EmulatedImmutable).#bytes
      : undefined;
  }
}
const { bytesOf } = EmulatedImmutable;

/** Wraps `bytes`, which the caller must hold exclusively, as an emulated immutable buffer. */
const makeEmulatedImmutable = (bytes: ArrayBuffer): ArrayBuffer => {
  const shell = create(arrayBufferPrototype);
  defineProperty(shell, Symbol.toStringTag, {
    value: 'ImmutableArrayBuffer',
    writable: false,
    enumerable: false,
    configurable: false,
  });
  new EmulatedImmutable(shell, bytes);
  return shell;
};

/** The buffer whose bytes `receiver` shows: its genuine buffer if emulated, else itself. */
const genuineOf = (receiver: unknown): unknown => bytesOf(receiver) ?? receiver;

const byteLengthOf = (buffer: unknown): number => apply(nativeByteLength, buffer, []);

/** `buffer` (a genuine ArrayBuffer, checked) has been detached. */
const isDetached = (buffer: unknown): boolean => {
  if (nativeDetached !== undefined) return apply(nativeDetached, buffer, []);
  byteLengthOf(buffer); // the engine's own complaint about a receiver that is not an ArrayBuffer
  try {
    // Viewing a detached buffer is refused; viewing runs no user code.
    new Uint8ArrayConstructor(buffer as ArrayBuffer, 0, 0);
    return false;
  } catch {
    return true;
  }
};

const assertAttached = (buffer: unknown, operation: string): void => {
  if (isDetached(buffer)) throw TypeErrorConstructor(`Cannot perform ${operation} on a detached ArrayBuffer`);
};

/** ToIntegerOrInfinity, as the spec's relative indices use it (ToNumber refuses bigints and symbols). */
const toIntegerOrInfinity = (value: unknown): number => {
  const number = +(value as number);
  return number !== number ? 0 : trunc(number);
};

const relativeIndex = (value: unknown, length: number, fallback: number): number => {
  if (value === undefined) return fallback;
  const relative = toIntegerOrInfinity(value);
  return relative < 0 ? max(length + relative, 0) : min(relative, length);
};

/** Copies `count` bytes of `source` from `offset` into the start of `target`. Never consults species. */
const copyBytes = (target: ArrayBuffer, source: ArrayBuffer, offset: number, count: number): void => {
  apply(typedArraySet, new Uint8ArrayConstructor(target, 0, count), [new Uint8ArrayConstructor(source, offset, count)]);
};

/** A fresh genuine buffer holding bytes `start` to `end` of the genuine `buffer`, as slice() counts them. */
const copyRange = (buffer: unknown, start: unknown, end: unknown): ArrayBuffer => {
  assertAttached(buffer, 'ArrayBuffer.prototype.sliceToImmutable');
  const length = byteLengthOf(buffer);
  const first = relativeIndex(start, length, 0);
  const final = relativeIndex(end, length, length);
  const count = max(final - first, 0);
  const copy = new ArrayBufferConstructor(count);
  // A valueOf above may have detached or shrunk `buffer`: the view then throws.
  copyBytes(copy, buffer as ArrayBuffer, first, count);
  return copy;
};

/**
 * Moves the contents of the genuine `buffer` to a new genuine buffer and
 * detaches `buffer`. With `newLength`, the new buffer has that length (cut
 * or zero-filled). `fixed` makes the result non-resizable.
 */
const detachInto = (buffer: unknown, newLength: unknown, fixed: boolean, operation: string): ArrayBuffer => {
  const native = fixed ? nativeTransferToFixedLength : nativeTransfer;
  if (native !== undefined) return apply(native, buffer, [newLength]);
  if (structuredCloneFunction === undefined) {
    throw TypeErrorConstructor(`Cannot perform ${operation}: the platform has neither ArrayBuffer.prototype.transfer nor structuredClone`);
  }
  assertAttached(buffer, operation);
  const resizable = nativeResizable !== undefined && apply(nativeResizable, buffer, []);
  if (newLength === undefined && !(fixed && resizable)) {
    return structuredCloneFunction(buffer as ArrayBuffer, { transfer: [buffer as ArrayBuffer] });
  }
  const oldLength = byteLengthOf(buffer);
  const options = resizable && !fixed ? { maxByteLength: apply(nativeMaxByteLength!, buffer, []) } : undefined;
  // The constructor applies ToIndex: a RangeError for a negative or huge length.
  const copy: ArrayBuffer = new (ArrayBufferConstructor as any)(newLength === undefined ? oldLength : newLength, options);
  copyBytes(copy, buffer as ArrayBuffer, 0, min(oldLength, byteLengthOf(copy)));
  structuredCloneFunction(buffer, { transfer: [buffer as ArrayBuffer] });
  return copy;
};

const refuseToDetach = (): never => {
  throw TypeErrorConstructor('Cannot detach an immutable ArrayBuffer');
};

// Method syntax: no `prototype`, not constructors, named as the built-ins.
// Default parameters give the lengths @endo/immutable-arraybuffer's have.
const accessorsAndMethods = {
  get byteLength(): number {
    return byteLengthOf(genuineOf(this));
  },
  get detached(): boolean {
    return bytesOf(this) === undefined && isDetached(this);
  },
  get maxByteLength(): number {
    const bytes = bytesOf(this);
    if (bytes !== undefined) return byteLengthOf(bytes);
    return nativeMaxByteLength === undefined ? byteLengthOf(this) : apply(nativeMaxByteLength, this, []);
  },
  get resizable(): boolean {
    if (bytesOf(this) !== undefined) return false;
    if (nativeResizable !== undefined) return apply(nativeResizable, this, []);
    byteLengthOf(this);
    return false;
  },
  get immutable(): boolean {
    return bytesOf(this) !== undefined;
  },
  slice(start: unknown = undefined, end: unknown = undefined): ArrayBuffer {
    return apply(nativeSlice, genuineOf(this), [start, end]);
  },
  sliceToImmutable(start: unknown = undefined, end: unknown = undefined): ArrayBuffer {
    return makeEmulatedImmutable(copyRange(genuineOf(this), start, end));
  },
  resize(newByteLength: unknown = undefined): undefined {
    if (bytesOf(this) !== undefined) throw TypeErrorConstructor('Cannot resize an immutable ArrayBuffer');
    if (nativeResize === undefined) {
      throw TypeErrorConstructor('Cannot resize ArrayBuffer: the platform lacks ArrayBuffer.prototype.resize');
    }
    return apply(nativeResize, this, [newByteLength]);
  },
  transfer(newLength: unknown = undefined): ArrayBuffer {
    if (bytesOf(this) !== undefined) refuseToDetach();
    return detachInto(this, newLength, false, 'ArrayBuffer.prototype.transfer');
  },
  transferToFixedLength(newLength: unknown = undefined): ArrayBuffer {
    if (bytesOf(this) !== undefined) refuseToDetach();
    return detachInto(this, newLength, true, 'ArrayBuffer.prototype.transferToFixedLength');
  },
  transferToImmutable(newLength: unknown = undefined): ArrayBuffer {
    if (bytesOf(this) !== undefined) refuseToDetach();
    return makeEmulatedImmutable(detachInto(this, newLength, true, 'ArrayBuffer.prototype.transferToImmutable'));
  },
};

// An engine with the proposal (or a shim loaded earlier) keeps its own.
if (!('sliceToImmutable' in arrayBufferPrototype)) {
  for (const key of ownKeys(accessorsAndMethods)) {
    const descriptor = getOwnPropertyDescriptor(accessorsAndMethods, key)!;
    // The built-ins' attributes: lockdown hardens them with the rest.
    defineProperty(arrayBufferPrototype, key, { ...descriptor, enumerable: false, configurable: true });
  }
}
