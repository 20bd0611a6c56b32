// Syrup's canonical order: bytewise on the full encoded form, a prefix
// before any longer run that it begins. Dictionaries order their entries by
// the encoded key, sets their items by the encoded item.

/** Negative, zero or positive as `a[aStart..aEnd)` sorts before, with or after `b[bStart..bEnd)`. */
export const compareByteRanges = (
  a: Uint8Array,
  aStart: number,
  aEnd: number,
  b: Uint8Array,
  bStart: number,
  bEnd: number,
): number => {
  const aLength = aEnd - aStart;
  const bLength = bEnd - bStart;
  const common = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < common; i += 1) {
    const difference = a[aStart + i]! - b[bStart + i]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
};

/** Negative, zero or positive as byte array `a` sorts before, with or after `b`. */
export const compareBytes = (a: Uint8Array, b: Uint8Array): number =>
  compareByteRanges(a, 0, a.length, b, 0, b.length);
