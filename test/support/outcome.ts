// Turns what a piece of code did (returned a value, threw, resolved or
// rejected a promise) into a small JSON record that can cross a process
// boundary and be compared with deepEqual. Used by the differential tests,
// which run the same programs under the original `ses` (in a child process)
// and under ours: this module imports nothing at run time, so the child can
// load it next to the original without loading any of our code.

/** A value, described well enough to compare across two realms. */
export interface ValueDescription {
  /** `typeof` of the value, or 'null'. */
  type: string;
  /** JSON for plain data, `String()` for other primitives, a tag for objects and functions. */
  repr: string;
}

export type Outcome =
  | ({ kind: 'value' } & ValueDescription)
  | { kind: 'throws'; name: string; message: string }
  /** A returned promise that fulfilled. */
  | ({ kind: 'resolves' } & ValueDescription)
  /** A returned promise that rejected. */
  | { kind: 'rejects'; name: string; message: string };

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** The JSON text of plain data (arrays, plain objects, primitives), undefined otherwise. */
const jsonOf = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value, (_key, v) => {
      // JSON would silently turn these into null or drop them: keep them visible.
      if (typeof v === 'bigint') return `${v}n`;
      if (typeof v === 'number' && !Number.isFinite(v)) return `${v}`;
      if (typeof v === 'undefined') return '<undefined>';
      if (typeof v === 'function' || typeof v === 'symbol') return `<${typeof v}>`;
      return v;
    });
  } catch {
    return undefined; // cycles, throwing getters, proxies that refuse
  }
};

export const describeValue = (value: unknown): ValueDescription => {
  if (value === null) return { type: 'null', repr: 'null' };
  const type = typeof value;
  switch (type) {
    case 'number':
      return { type, repr: Object.is(value, -0) ? '-0' : String(value) };
    case 'bigint':
      return { type, repr: `${String(value)}n` };
    case 'string':
      return { type, repr: JSON.stringify(value) };
    case 'undefined':
    case 'boolean':
    case 'symbol':
      return { type, repr: String(value) };
    case 'function':
      return { type, repr: `function ${(value as Function).name}` };
    default: {
      const tag = Object.prototype.toString.call(value);
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === Array.prototype || proto === null) {
        return { type, repr: `${tag} ${jsonOf(value) ?? '<not serializable>'}` };
      }
      return { type, repr: tag };
    }
  }
};

/** The constructor name of a thrown value, or its type when it is not an object. */
const errorName = (error: unknown): string => {
  if (typeof error === 'object' && error !== null) {
    try {
      const ctor = (error as { constructor?: { name?: unknown } }).constructor;
      if (typeof ctor?.name === 'string') return ctor.name;
    } catch {
      // a hostile getter: fall through
    }
    return 'object';
  }
  return `thrown ${typeof error}`;
};

const errorMessage = (error: unknown): string => {
  try {
    if (typeof error === 'object' && error !== null && 'message' in error) return String((error as Error).message);
    return String(error);
  } catch {
    return '<unprintable>';
  }
};

/**
 * Runs `run` and records what happened; awaits a returned promise.
 * `describe` may recognise special values (a compartment's global object).
 */
export const captureOutcome = async (
  run: () => unknown,
  describe: (value: unknown) => ValueDescription = describeValue,
): Promise<Outcome> => {
  let value: unknown;
  try {
    value = run();
  } catch (error) {
    return { kind: 'throws', name: errorName(error), message: errorMessage(error) };
  }
  if (!isThenable(value)) return { kind: 'value', ...describe(value) };
  try {
    return { kind: 'resolves', ...describe(await value) };
  } catch (error) {
    return { kind: 'rejects', name: errorName(error), message: errorMessage(error) };
  }
};

/** A one-line rendering of an outcome, for assertion messages. */
export const formatOutcome = (outcome: Outcome): string =>
  outcome.kind === 'throws' || outcome.kind === 'rejects'
    ? `${outcome.kind} ${outcome.name}: ${outcome.message}`
    : `${outcome.kind} ${outcome.type} ${outcome.repr}`;
