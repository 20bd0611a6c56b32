// The store behind `"write"` globals: one cell per name that some package of
// the application may assign. A package with `"write"` gets an accessor whose
// setter updates the cell; a package with `true` gets an accessor that reads
// it; so an assignment in one compartment is seen in the others, and nothing
// is written to the host's global object (LavaMoat writes to the real one).

export interface SharedGlobals {
  /** The names some package may write; fixed when the store is made. */
  readonly names: ReadonlySet<string>;
  /** Gives a cell its first value once (the host's value, attenuated); later calls change nothing. */
  initialize(name: string, initialValue: () => unknown): void;
  /** The value the cell was initialized with. */
  initialValue(name: string): unknown;
  read(name: string): unknown;
  write(name: string, value: unknown): void;
}

interface PolicyResources {
  resources?: Record<string, { globals?: Record<string, unknown> } | undefined>;
}

/**
 * The top-level names that any resource of `policy` may write. Make the store
 * from these before building any compartment, so that a package that only
 * reads a name is wired to the cell whichever compartment is built first.
 */
export function writableGlobalNames(policy: PolicyResources): string[] {
  const names = new Set<string>();
  for (const resource of Object.values(policy.resources ?? {})) {
    for (const [path, grant] of Object.entries(resource?.globals ?? {})) {
      if (grant === 'write') names.add(path);
    }
  }
  return [...names].sort();
}

export function makeSharedGlobals(writableNames: Iterable<string> = []): SharedGlobals {
  const names = new Set(writableNames);
  const cells = new Map<string, { value: unknown; readonly initial: unknown }>();
  const cellOf = (name: string) => {
    const cell = cells.get(name);
    if (cell === undefined) {
      throw new TypeError(
        names.has(name)
          ? `The shared global ${JSON.stringify(name)} is read before any compartment initialized it`
          : `${JSON.stringify(name)} is not a shared global: make the store with writableGlobalNames(policy)`,
      );
    }
    return cell;
  };
  return Object.freeze({
    names,
    initialize(name: string, initialValue: () => unknown) {
      if (!names.has(name)) {
        throw new TypeError(
          `${JSON.stringify(name)} is granted "write" but the shared globals store was made without it: make the store with writableGlobalNames(policy)`,
        );
      }
      if (!cells.has(name)) {
        const value = initialValue();
        cells.set(name, { value, initial: value });
      }
    },
    initialValue(name: string) {
      return cellOf(name).initial;
    },
    read(name: string) {
      return cellOf(name).value;
    },
    write(name: string, value: unknown) {
      cellOf(name).value = value;
    },
  });
}
