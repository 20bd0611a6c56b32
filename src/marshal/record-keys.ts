// The property names of a copyRecord in the order the encoders visit them:
// sorted by UTF-16 code units, as Array.prototype.sort does by default (so
// slots are numbered as @endo/marshal numbers them). Records are usually
// small, where an insertion sort with `<` beats the generic sort.

const { keys: objectKeys } = Object;
const SMALL = 16;

/** Whether `names` are in ascending code-unit order already. */
const isSorted = (names: string[]): boolean => {
  for (let i = 1; i < names.length; i += 1) if (names[i - 1]! > names[i]!) return false;
  return true;
};

/**
 * The record's own enumerable names, sorted, and whether they were listed
 * in that order already. Then the record's own property order is the one
 * an encoding built by inserting them in that order would have (index-like
 * names first, in numeric order, then the rest as inserted), so JSON text
 * of the record lists them as JSON text of that encoding would.
 */
export const sortedKeysOf = (record: object): { names: string[]; inOrder: boolean } => {
  const names = objectKeys(record);
  const count = names.length;
  if (count > SMALL) {
    if (isSorted(names)) return { names, inOrder: true };
    return { names: names.sort(), inOrder: false };
  }
  let inOrder = true;
  for (let i = 1; i < count; i += 1) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      j -= 1;
    }
    if (j !== i - 1) inOrder = false;
    names[j + 1] = name;
  }
  return { names, inOrder };
};
