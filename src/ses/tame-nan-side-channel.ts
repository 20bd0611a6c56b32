// NaN side-channel taming. A NaN has many bit patterns (a sign and a payload),
// all of which JavaScript treats as the same value, yet V8's
// `DataView.prototype.setFloat64` (and `setFloat32`, `setFloat16`) may write
// the payload of the particular NaN it was given. Code that can make NaNs with
// chosen payloads and code that can read bytes could then pass information
// through a value that every comparison says carries none. We replace those
// setters so that any NaN is written with one canonical bit pattern: the quiet
// NaN with the lowest unsigned value in each width (as WebIDL picks for 64
// bits, and as engines encode a literal `NaN`). `-0` is not changed.
//
// The replacements keep the observable order of the standard algorithm
// (SetViewValue): brand check of the receiver, ToIndex(byteOffset), then
// ToNumber(value). Doing ToNumber ourselves matters: an object whose `valueOf`
// returns a NaN with a payload must be canonicalized too.
//
// Float typed arrays (`Float64Array` element writes) remain a channel; the
// compartments' globals leave them out for that reason.

import { apply, defineProperty, getOwnPropertyDescriptor, objectHasOwn } from './commons.js';

const dataViewPrototype = DataView.prototype as DataView & {
  setFloat16?: (byteOffset: number, value: number, littleEndian?: boolean) => void;
};
const {
  setFloat16: originalSetFloat16,
  setFloat32: originalSetFloat32,
  setFloat64: originalSetFloat64,
  setUint16,
  setUint32,
  setBigUint64,
} = dataViewPrototype;
const dataViewBufferGetter = getOwnPropertyDescriptor(dataViewPrototype, 'buffer')!.get!;

const canonicalNaN16Bits = 0x7e00;
const canonicalNaN32Bits = 0x7fc0_0000;
const canonicalNaN64Bits = 0x7ff8_0000_0000_0000n;
const maxSafeInteger = Number.MAX_SAFE_INTEGER;
const { ceil, floor } = Math;

/** RequireInternalSlot(view, [[DataView]]): the `buffer` getter throws a TypeError otherwise. */
const requireDataView = (view: unknown): void => {
  apply(dataViewBufferGetter, view, []);
};

/** The spec's ToIndex, with its RangeError. */
const toIndex = (value: unknown): number => {
  // Unary plus is ToNumber (it throws for BigInt and Symbol, as ToIndex must).
  const number = +(value as number);
  if (number !== number) return 0; // NaN
  const integer = number < 0 ? ceil(number) : floor(number);
  if (integer === 0) return 0; // also turns -0 into 0
  if (integer < 0 || integer > maxSafeInteger) {
    throw RangeError('Offset is outside the bounds of the DataView');
  }
  return integer;
};

type FloatSetter = (this: DataView, byteOffset: number, value: number, littleEndian?: boolean) => void;

// Method syntax: named `setFloatN`, length 2 (the optional endianness does not
// count), no construct behaviour and no `.prototype`, like the originals.
const canonicalizingSetters: Record<string, FloatSetter> = {
  setFloat16(byteOffset: unknown, value: unknown, littleEndian: boolean | undefined = undefined) {
    requireDataView(this);
    const index = toIndex(byteOffset);
    const number = +(value as number);
    if (number !== number) {
      return apply(setUint16, this, [index, canonicalNaN16Bits, littleEndian]);
    }
    return apply(originalSetFloat16!, this, [index, number, littleEndian]);
  },
  setFloat32(byteOffset: unknown, value: unknown, littleEndian: boolean | undefined = undefined) {
    requireDataView(this);
    const index = toIndex(byteOffset);
    const number = +(value as number);
    if (number !== number) {
      return apply(setUint32, this, [index, canonicalNaN32Bits, littleEndian]);
    }
    return apply(originalSetFloat32, this, [index, number, littleEndian]);
  },
  setFloat64(byteOffset: unknown, value: unknown, littleEndian: boolean | undefined = undefined) {
    requireDataView(this);
    const index = toIndex(byteOffset);
    const number = +(value as number);
    if (number !== number) {
      return apply(setBigUint64, this, [index, canonicalNaN64Bits, littleEndian]);
    }
    return apply(originalSetFloat64, this, [index, number, littleEndian]);
  },
};

/**
 * Replaces `DataView.prototype.setFloat16/32/64` (those the engine has) with
 * versions that write every NaN as the canonical NaN. Returns no intrinsics:
 * the replacements are reached through %DataViewPrototype%.
 */
export const tameFloatNaNSideChannel = (): void => {
  for (const name of ['setFloat16', 'setFloat32', 'setFloat64']) {
    if (objectHasOwn(dataViewPrototype, name)) {
      // Only the value changes: the property keeps its attributes.
      defineProperty(dataViewPrototype, name, { value: canonicalizingSetters[name] });
    }
  }
};
