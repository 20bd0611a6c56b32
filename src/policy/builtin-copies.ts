// A package granted a builtin module whole gets its own copy of the module
// object, not the host's: otherwise one package could replace
// `fs.readFileSync` (or `fs.promises.readFile`, `path.posix.join`) for
// every other package and for the application, the cross-package pollution
// of one shared realm. The copy is the package's to change, as its own
// global object is (graceful-fs patches `fs.close` on the fs it is given:
// here that patch stays in its own copy).
//
// Copied: the module object's own properties, and, through them, every
// nested plain object (a namespace such as `fs.promises`, `fs.constants`,
// `path.posix`), each once per package (cycles such as
// `path.posix.posix` stay cycles). Accessors (`fs.promises` is a getter)
// read the host's value and give its copy. Functions and class objects are
// shared, so that `instanceof` and identities between packages hold; their
// own properties and prototypes are the host's (changing them is a
// shim's job, and lockdown does not reach Node's own classes).

type AnyRecord = Record<PropertyKey, unknown>;

const isPlainObject = (value: unknown): value is AnyRecord => {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/** The package's own copy of `module` (a builtin's export object); anything else is returned as it is. */
export const ownCopyOf = <T>(module: T): T => {
  const copies = new Map<object, object>();

  const copyOf = (value: unknown): unknown => {
    if (!isPlainObject(value)) return value;
    const made = copies.get(value);
    if (made !== undefined) return made;
    const copy = Object.create(Object.getPrototypeOf(value)) as AnyRecord;
    copies.set(value, copy);
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key)!;
      if ('value' in descriptor) {
        Object.defineProperty(copy, key, { ...descriptor, value: copyOf(descriptor.value) });
        continue;
      }
      // An accessor: the host's getter, run on the host's object, gives the host's value; the package sees its copy.
      const { get, set } = descriptor;
      Object.defineProperty(copy, key, {
        enumerable: descriptor.enumerable,
        configurable: true,
        get: get === undefined ? undefined : () => copyOf(Reflect.apply(get, value, [])),
        // A write replaces the package's own property, never the host's.
        set:
          set === undefined
            ? undefined
            : (next: unknown) => {
                Object.defineProperty(copy, key, { value: next, writable: true, enumerable: descriptor.enumerable, configurable: true });
              },
      });
    }
    if (!Object.isExtensible(value)) Object.preventExtensions(copy);
    return copy;
  };

  return copyOf(module) as T;
};
