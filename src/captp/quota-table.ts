// What every protocol's per-connection quotas share (CapTP's here, OCapN's
// in src/ocapn/quotas.ts): defaults overridden by an option record whose
// names and values are checked, and the RangeError of going over one, whose
// message names the quota and the option that raises it.

export type QuotaTable<Q extends Record<string, number>> = {
  readonly defaults: Readonly<Q>;
  /** The quotas of one connection: the defaults, overridden by `given`, checked. */
  resolve: (given: Partial<Q> | undefined) => Readonly<Q>;
  /** Throws the RangeError of going over quota `name`: `count` is how many there would be. */
  over: (name: keyof Q, limit: number, count: number) => never;
};

export const makeQuotaTable = <Q extends Record<string, number>>(spec: {
  /** The protocol, as messages name it ("CapTP"). */
  protocol: string;
  /** The function whose `quotas` option sets them ("makeCapTP"). */
  maker: string;
  defaults: Readonly<Q>;
  /** What each quota counts, for the messages that name it. */
  descriptions: Record<keyof Q, string>;
}): QuotaTable<Q> => {
  const { protocol, maker, defaults, descriptions } = spec;
  const resolve = (given: Partial<Q> | undefined): Readonly<Q> => {
    if (given === undefined) return defaults;
    if (typeof given !== 'object' || given === null) throw TypeError(`The quotas option of ${maker} must be a record`);
    const quotas: Record<string, number> = { ...defaults };
    for (const name of Object.keys(given)) {
      if (!Object.hasOwn(defaults, name)) {
        throw TypeError(`Unknown ${protocol} quota ${JSON.stringify(name)}; known: ${Object.keys(defaults).join(', ')}`);
      }
      const value = (given as Record<string, unknown>)[name];
      if (value === undefined) continue;
      if (typeof value !== 'number' || !(value === Infinity || (Number.isSafeInteger(value) && value >= 1))) {
        throw TypeError(`The quotas.${name} option of ${maker} must be a whole number of at least 1, or Infinity: ${String(value)}`);
      }
      quotas[name] = value;
    }
    return Object.freeze(quotas) as Readonly<Q>;
  };
  const over = (name: keyof Q, limit: number, count: number): never => {
    throw RangeError(
      `${protocol} quota exceeded: ${count} ${descriptions[name]}, over the limit of ${limit} (raise the quotas.${String(name)} option of ${maker})`,
    );
  };
  return Object.freeze({ defaults, resolve, over });
};
