// What a package gets is made once, when its compartment is first made, and
// the same thereafter: the linker may ask again for the same label.

/** `make`, called at most once per label. */
export const oncePerPackage = <T>(make: (label: string) => T): ((label: string) => T) => {
  const made = new Map<string, T>();
  return label => {
    if (!made.has(label)) made.set(label, make(label));
    return made.get(label)!;
  };
};
