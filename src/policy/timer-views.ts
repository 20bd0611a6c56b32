// Timers whose handles are safe to hand a package. Node's setTimeout returns
// a Timeout that sits in a linked list of every timer of the same duration
// (`_idlePrev`, `_idleNext`), so from one's own timer a package walks to
// other packages' timers and their callbacks (`_onTimeout`), and an Immediate
// links to the whole immediate queue the same way. Node also calls a timer's
// callback with the Timeout as `this`.
//
// Here setTimeout, setInterval and setImmediate return an opaque frozen
// handle whose methods are the ones Node's API promises (a Timeout: `ref`,
// `unref`, `hasRef`, `refresh`, `close`, `[Symbol.toPrimitive]` and dispose;
// an Immediate: `ref`, `unref`, `hasRef` and dispose), the callback runs with
// the handle as `this`, and clearTimeout, clearInterval and clearImmediate
// take only these handles (or the number a Timeout handle became), refusing
// any other object. A handle's number is counted here, not Node's async id,
// and clears only the timer it came from. One registry serves the whole
// application, so a handle made in one package can be cleared by another, as
// in Node. The functions are made once per host function, so every package
// gets the same ones.

type AnyFunction = (...args: unknown[]) => unknown;
export type HostTimerFunction = AnyFunction;

type Kind = 'Timeout' | 'Immediate';

interface TimerState {
  readonly kind: Kind;
  readonly real: object;
  /** The number `+handle` gave, once asked for. */
  id?: string;
}

const timerFunctionNames = [
  'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate',
] as const;
type TimerFunctionName = (typeof timerFunctionNames)[number];

export const isTimerFunctionName = (name: string): name is TimerFunctionName =>
  (timerFunctionNames as readonly string[]).includes(name);

const states = new WeakMap<object, TimerState>();
/** Timeout handles by the number they became, until cleared or fired. */
const byNumber = new Map<string, object>();
let lastNumber = 0;

const promisifyCustom = Symbol.for('nodejs.util.promisify.custom');
// Node 20 has its own dispose symbol when the language has none.
const disposeSymbols = (): symbol[] => {
  const symbols = new Set<symbol>();
  const languageDispose = (Symbol as { dispose?: symbol }).dispose;
  if (typeof languageDispose === 'symbol') symbols.add(languageDispose);
  symbols.add(Symbol.for('nodejs.dispose'));
  return [...symbols];
};

const stateOf = (handle: unknown, method: string): TimerState => {
  const state = typeof handle === 'object' && handle !== null ? states.get(handle) : undefined;
  if (state === undefined) throw new TypeError(`${method} must be called on a timer handle`);
  return state;
};

const callReal = (state: TimerState, method: string): unknown =>
  Reflect.apply((state.real as Record<string, AnyFunction>)[method]!, state.real, []);

const forget = (state: TimerState) => {
  if (state.id !== undefined) byNumber.delete(state.id);
};

const makePrototype = (kind: Kind): object => {
  const prototype: Record<PropertyKey, unknown> = {};
  const method = (key: PropertyKey, name: string, body: (this: unknown, state: TimerState) => unknown) => {
    const fn = {
      [name](this: unknown) {
        return body.call(this, stateOf(this, `${kind}.prototype.${name}`));
      },
    }[name]!;
    Object.defineProperty(prototype, key, { value: Object.freeze(fn), writable: false, enumerable: false, configurable: false });
  };
  for (const name of ['ref', 'unref'] as const) {
    method(name, name, function (state) {
      callReal(state, name);
      return this;
    });
  }
  method('hasRef', 'hasRef', state => callReal(state, 'hasRef'));
  if (kind === 'Timeout') {
    method('refresh', 'refresh', function (state) {
      callReal(state, 'refresh');
      // A refreshed timer that had fired runs again: its number clears it again.
      if (state.id !== undefined) byNumber.set(state.id, this as object);
      return this;
    });
    method('close', 'close', function (state) {
      forget(state);
      callReal(state, 'close');
      return this;
    });
    method(Symbol.toPrimitive, '[Symbol.toPrimitive]', function (state) {
      if (state.id === undefined) {
        lastNumber += 1;
        state.id = String(lastNumber);
      }
      byNumber.set(state.id, this as object);
      return Number(state.id);
    });
  }
  for (const symbol of disposeSymbols()) {
    method(symbol, '[Symbol.dispose]', state => {
      forget(state);
      const dispose = (state.real as Record<symbol, unknown>)[symbol];
      if (typeof dispose === 'function') Reflect.apply(dispose, state.real, []);
      else if (kind === 'Timeout') callReal(state, 'close');
    });
  }
  Object.defineProperty(prototype, Symbol.toStringTag, { value: kind });
  return Object.freeze(prototype);
};

const prototypes: Record<Kind, object> = { Timeout: makePrototype('Timeout'), Immediate: makePrototype('Immediate') };

function makeScheduler(name: 'setTimeout' | 'setInterval' | 'setImmediate', host: AnyFunction): AnyFunction {
  const kind: Kind = name === 'setImmediate' ? 'Immediate' : 'Timeout';
  const repeats = name === 'setInterval';
  const scheduler = {
    [name](callback: unknown, ...rest: unknown[]) {
      // Node's own message for a callback that is not a function.
      if (typeof callback !== 'function') return Reflect.apply(host, undefined, [callback, ...rest]);
      const args = kind === 'Immediate' ? rest : rest.slice(1);
      const handle = Object.create(prototypes[kind]) as object;
      let state: TimerState | undefined;
      const run = () => {
        if (!repeats && state !== undefined) forget(state);
        return Reflect.apply(callback, handle, args);
      };
      const real = Reflect.apply(host, undefined, kind === 'Immediate' ? [run] : [run, rest[0]]) as object;
      state = { kind, real };
      states.set(handle, state);
      return Object.freeze(handle);
    },
  }[name]!;
  // util.promisify(setTimeout) is timers/promises' setTimeout, which makes no handle.
  const custom = (host as unknown as Record<symbol, unknown>)[promisifyCustom];
  if (custom !== undefined) Object.defineProperty(scheduler, promisifyCustom, { value: custom });
  return scheduler;
}

function makeClearer(name: 'clearTimeout' | 'clearInterval' | 'clearImmediate', host: AnyFunction): AnyFunction {
  const kind: Kind = name === 'clearImmediate' ? 'Immediate' : 'Timeout';
  return {
    [name](handle: unknown) {
      let state: TimerState | undefined;
      if ((typeof handle === 'number' || typeof handle === 'string') && kind === 'Timeout') {
        const known = byNumber.get(String(handle));
        state = known === undefined ? undefined : states.get(known);
      } else if (typeof handle === 'object' && handle !== null) {
        state = states.get(handle);
        if (state === undefined) {
          throw new TypeError(
            `${name}: the argument is not a timer handle made by this application's setTimeout, setInterval or setImmediate (a package's timers are opaque handles)`,
          );
        }
      }
      // As Node: anything else (undefined, a timer of the other kind) is ignored.
      if (state === undefined || state.kind !== kind) return undefined;
      forget(state);
      Reflect.apply(host, undefined, [state.real]);
      return undefined;
    },
  }[name]!;
}

const made = new WeakMap<AnyFunction, AnyFunction>();

/** The package's version of the host timer function `host` (Node's `name`), the same one for every package. */
export function safeTimerFunction(name: TimerFunctionName, host: AnyFunction): AnyFunction {
  let safe = made.get(host);
  if (safe === undefined) {
    safe =
      name === 'setTimeout' || name === 'setInterval' || name === 'setImmediate'
        ? makeScheduler(name, host)
        : makeClearer(name, host);
    Object.freeze(safe);
    made.set(host, safe);
  }
  return safe;
}

/** Whether `value` is a handle from these timers (for tests). */
export const isTimerHandle = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && states.has(value);
