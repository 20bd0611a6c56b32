// The property names of a copyRecord in the order the encoders visit them:
// sorted by UTF-16 code units, as Array.prototype.sort does by default (so
// slots are numbered as @endo/marshal numbers them). Records are usually
// small, where an insertion sort with `<` beats the generic sort.

const { keys: objectKeys } = Object;
const SMALL = 16;

export const sortedKeys = (record: object): string[] => {
  const names = objectKeys(record);
  const count = names.length;
  if (count > SMALL) return names.sort();
  for (let i = 1; i < count; i += 1) {
    const name = names[i]!;
    let j = i - 1;
    while (j >= 0 && names[j]! > name) {
      names[j + 1] = names[j]!;
      j -= 1;
    }
    names[j + 1] = name;
  }
  return names;
};
