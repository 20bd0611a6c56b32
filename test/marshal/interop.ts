// Interoperability helpers run on both sides (ours here, @endo/marshal in a
// child process): build values from JSON recipes, encode them in both body
// formats, decode bodies, and describe decoded values as plain JSON so the
// two sides can be compared. Imports nothing: each side passes its API.

export type MarshalRecipe =
  | string
  | number
  | boolean
  | null
  | { t: 'undefined' }
  | { t: 'number'; v: 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { t: 'bigint'; v: string }
  | { t: 'symbol'; kind: 'registered' | 'wellKnown'; name: string }
  | { t: 'record'; entries: [string, MarshalRecipe][] }
  | { t: 'array'; elements: MarshalRecipe[] }
  | { t: 'tagged'; tag: string; payload: MarshalRecipe }
  | { t: 'error'; name: string; message: string }
  | { t: 'far'; id: number }
  | { t: 'promise'; id: number };

export interface MarshalApi {
  harden: <T>(value: T) => T;
  Far: (name: string, methods?: object) => object;
  Remotable: (iface: string, props: undefined, methods: object) => object;
  makeTagged: (tag: string, payload: unknown) => object;
  makeMarshal: (...args: any[]) => any;
  passStyleOf: (value: unknown) => string;
  getInterfaceOf: (value: unknown) => string | undefined;
  nameForPassableSymbol: (symbol: symbol) => string | undefined;
}

const FAR_NAMES = ['foo', 'bar', 'baz'];

/** Builds the value of a recipe; far and promise ids are shared within one value. */
export const buildValue = (api: MarshalApi, recipe: MarshalRecipe): unknown => {
  const fars = new Map<number, object>();
  const promises = new Map<number, object>();
  const build = (r: MarshalRecipe): unknown => {
    if (r === null || typeof r !== 'object') return r;
    switch (r.t) {
      case 'undefined':
        return undefined;
      case 'number':
        return r.v === '-0' ? -0 : Number(r.v);
      case 'bigint':
        return BigInt(r.v);
      case 'symbol':
        return r.kind === 'registered' ? Symbol.for(r.name) : (Symbol as any)[r.name];
      case 'record': {
        const record = {};
        for (const [key, value] of r.entries) {
          Object.defineProperty(record, key, { value: build(value), enumerable: true, writable: true, configurable: true });
        }
        return api.harden(record);
      }
      case 'array':
        return api.harden(r.elements.map(build));
      case 'tagged':
        return api.makeTagged(r.tag, build(r.payload));
      case 'error':
        return api.harden(new (globalThis as any)[r.name](r.message));
      case 'far':
        if (!fars.has(r.id)) fars.set(r.id, api.Far(FAR_NAMES[r.id % FAR_NAMES.length]!, {}));
        return fars.get(r.id);
      case 'promise':
        if (!promises.has(r.id)) promises.set(r.id, api.harden(Promise.resolve(r.id)));
        return promises.get(r.id);
      default:
        throw Error(`unknown recipe ${JSON.stringify(r)}`);
    }
  };
  return build(recipe);
};

export type Outcome<T> = { ok: T } | { threw: string };

const attempt = <T>(run: () => T): Outcome<T> => {
  try {
    return { ok: run() };
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}` };
  }
};

export interface Encoded {
  capdata: Outcome<{ body: string; slots: string[] }>;
  smallcaps: Outcome<{ body: string; slots: string[] }>;
}

const makeEncodingMarshal = (api: MarshalApi, serializeBodyFormat: string) => {
  const kinds = new Map<unknown, string>();
  return api.makeMarshal(
    (value: unknown) => {
      if (!kinds.has(value)) kinds.set(value, `${api.passStyleOf(value) === 'promise' ? 'p' : 'o'}${kinds.size}`);
      return kinds.get(value);
    },
    undefined,
    { serializeBodyFormat, marshalName: 'interop', marshalSaveError: () => {} },
  );
};

/** Each recipe's value encoded in both formats (one marshal per format, error tagging on). */
export const encodeRecipes = (api: MarshalApi, recipes: MarshalRecipe[]): Encoded[] => {
  const capdata = makeEncodingMarshal(api, 'capdata');
  const smallcaps = makeEncodingMarshal(api, 'smallcaps');
  return recipes.map(recipe => {
    const value = buildValue(api, recipe);
    return {
      capdata: attempt(() => ({ ...capdata.toCapData(value) })),
      smallcaps: attempt(() => ({ ...smallcaps.toCapData(value) })),
    };
  });
};

/** A plain-JSON description of a decoded passable, for comparison across realms. */
export const describe = (api: MarshalApi, value: unknown): unknown => {
  switch (typeof value) {
    case 'undefined':
      return { undefined: true };
    case 'number':
      return Object.is(value, -0) || !Number.isFinite(value) ? { number: String(Object.is(value, -0) ? '-0' : value) } : value;
    case 'bigint':
      return { bigint: String(value) };
    case 'symbol':
      return { symbol: api.nameForPassableSymbol(value) };
    case 'string':
    case 'boolean':
      return value;
    default:
      break;
  }
  if (value === null) return null;
  const style = api.passStyleOf(value);
  switch (style) {
    case 'copyArray':
      return (value as unknown[]).map(v => describe(api, v));
    case 'copyRecord':
      return { record: Object.keys(value as object).map(k => [k, describe(api, (value as any)[k])]) };
    case 'tagged':
      return { tagged: (value as any)[Symbol.toStringTag], payload: describe(api, (value as any).payload) };
    case 'error':
      return { error: (value as Error).name, message: (value as Error).message };
    case 'remotable':
      return { remotable: api.getInterfaceOf(value) ?? null, slot: (value as any).slot?.() ?? null };
    case 'promise':
      return { promise: true };
    default:
      return { style };
  }
};

/** Decodes each body with a marshal whose slots become fresh remotables/promises, and describes the result. */
export const decodeBodies = (api: MarshalApi, datas: ({ body: string; slots: string[] } | null)[]): Outcome<unknown>[] =>
  datas.map(data => {
    if (data === null) return { threw: 'no body' };
    const made = new Map<string, unknown>();
    const marshal = api.makeMarshal(undefined, (slot: string, iface?: string) => {
      if (!made.has(slot)) {
        made.set(
          slot,
          slot.startsWith('p')
            ? api.harden(Promise.resolve(slot))
            : api.Remotable(iface ?? 'Alleged: none', undefined, { slot: () => slot }),
        );
      }
      return made.get(slot);
    });
    return attempt(() => describe(api, marshal.fromCapData(data)));
  });
