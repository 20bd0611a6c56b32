// The realm's `harden`, looked up when it is needed rather than at import:
// pass-style may be imported before lockdown() runs. Far, Remotable,
// makeTagged, toPassableError and toThrowable promise hardened results, and
// a partial freeze (@endo/harden's fallback, which leaves prototypes alone)
// would break that promise quietly, so without a harden we refuse loudly.

const hardenSymbol = Symbol.for('harden');
const ObjectConstructor = Object;
const globalObject = globalThis;

type Harden = <T>(value: T) => T;

/** The realm's harden; throws if lockdown() has not provided one. */
export const requireHarden = (): Harden => {
  const harden: unknown = (ObjectConstructor as any)[hardenSymbol] ?? (globalObject as any).harden;
  if (typeof harden !== 'function') {
    throw TypeError(
      'endo/pass-style needs harden(): call lockdown() (import { lockdown } from "endo/ses") before making passable objects',
    );
  }
  return harden as Harden;
};
Object.freeze(requireHarden);

/** Hardens `value` with the realm's harden, or throws if lockdown() has not provided one. */
export const hardenNow = <T>(value: T): T => requireHarden()(value);
Object.freeze(hardenNow);
