// The types of endo/promise-kit (the same names as @endo/promise-kit's).

/** A local value, a promise for one, or a thenable for one. */
export type ERef<T> = T | PromiseLike<T>;

/** A promise together with the functions that settle it. */
export type PromiseKit<T> = {
  resolve: (value: ERef<T>) => void;
  reject: (reason: any) => void;
  promise: Promise<T>;
};

/** The old name of PromiseKit. @deprecated use PromiseKit */
export type PromiseRecord<T> = PromiseKit<T>;
