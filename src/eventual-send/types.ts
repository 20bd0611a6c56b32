// The types of endo/eventual-send: handlers, executors, the HandledPromise
// constructor and the shapes E gives its proxies. Type names match
// @endo/eventual-send's, so code typed against it keeps compiling.

/** Any function. */
export type Callable = (...args: any[]) => any;

/** What a handler can answer; each method is optional (see the fallbacks in handler-dispatch.ts). */
export interface Handler<T> {
  get?(target: T, name: PropertyKey, returnedP?: Promise<unknown>): unknown;
  getSendOnly?(target: T, name: PropertyKey): void;
  applyFunction?(target: T, args: unknown[], returnedP?: Promise<unknown>): unknown;
  applyFunctionSendOnly?(target: T, args: unknown[]): void;
  applyMethod?(target: T, name: PropertyKey | undefined, args: unknown[], returnedP?: Promise<unknown>): unknown;
  applyMethodSendOnly?(target: T, name: PropertyKey | undefined, args: unknown[]): void;
}
export type { Handler as EHandler };

/** The names of the six handler operations. */
export type HandlerOperation = keyof Handler<unknown>;

/** `resolveWithPresence(handler, { proxy })`: make the presence a Proxy instead of an empty object. */
export interface ResolveWithPresenceOptionsBag<T extends object> {
  proxy?: {
    handler: ProxyHandler<T>;
    /** The proxy's target: it may be frozen, but should not be hardened, so it keeps trapping. */
    target: unknown;
    /** If given, the proxy is revocable and this receives its revoke function. */
    revokerCallback?(revoker: () => void): void;
  };
}

/** The executor of `new HandledPromise(executor, pendingHandler?)`. */
export type HandledExecutor<R = unknown> = (
  resolveHandled: (value?: R) => void,
  rejectHandled: (reason?: unknown) => void,
  resolveWithPresence: (presenceHandler?: Handler<{}>, options?: ResolveWithPresenceOptionsBag<{}>) => object,
) => void;

/** The three settling functions of a handled promise, as one record. */
export interface Settler<R = unknown> {
  resolve(value?: R): void;
  reject(reason: unknown): void;
  resolveWithPresence(presenceHandler?: Handler<{}>, options?: ResolveWithPresenceOptionsBag<{}>): object;
}

/** A handled promise together with its settler. */
export interface EPromiseKit<R = unknown> {
  promise: Promise<R>;
  settler: Settler<R>;
}
export type { EPromiseKit as RemoteKit };

/** The eventual-send statics of HandledPromise. */
export interface HandledPromiseStaticMethods {
  applyFunction(target: unknown, args: readonly unknown[]): Promise<unknown>;
  applyFunctionSendOnly(target: unknown, args: readonly unknown[]): void;
  applyMethod(target: unknown, prop: PropertyKey | undefined, args: readonly unknown[]): Promise<unknown>;
  applyMethodSendOnly(target: unknown, prop: PropertyKey | undefined, args: readonly unknown[]): void;
  get(target: unknown, prop: PropertyKey): Promise<unknown>;
  getSendOnly(target: unknown, prop: PropertyKey): void;
}

/** HandledPromise: a Promise constructor with the eventual-send statics. */
export type HandledPromiseConstructor = {
  new <R>(executor: HandledExecutor<R>, unfulfilledHandler?: Handler<Promise<unknown>>): Promise<R>;
  readonly prototype: Promise<unknown>;
} & PromiseConstructor &
  HandledPromiseStaticMethods;

/** A local value, a promise for one, or a thenable for one. */
export type ERef<T> = PromiseLike<T> | T;

/** Nominal marker carrying the local and remote interfaces of a remotable. */
export declare class RemotableBrand<Local, Remote> {
  private L: Local;
  private R: Remote;
}

/** The keys of T whose values are assignable to U. */
export type FilteredKeys<T, U> = { [P in keyof T]: T[P] extends U ? P : never }[keyof T];

/** The non-function properties of T. */
export type DataOnly<T> = Omit<T, FilteredKeys<T, Callable>>;

/** A possibly remote, possibly promised reference to a Primary. */
export type FarRef<Primary, Local = DataOnly<Primary>> = ERef<Local & RemotableBrand<Local, Primary>>;

/** The awaited return type of a function. */
export type EReturn<T extends Callable> = T extends (...args: any[]) => infer R ? Awaited<R> : never;

/** What an eventual call's promise settles to. */
export type EResult<T> = Awaited<T>;

/** The eventual result of calling a function of type T. */
export type ECallableReturn<T extends Callable> = 0 extends 1 & T
  ? any
  : T extends (...args: any[]) => infer R
    ? EResult<R>
    : never;

/** A function as E shows it: same parameters, result promised. */
export type ECallable<T extends Callable> =
  ReturnType<T> extends PromiseLike<any> ? T : (...args: Parameters<T>) => Promise<ECallableReturn<T>>;

/** The methods of T as E(x) shows them. */
export type EMethods<T> = { readonly [P in keyof T]: T[P] extends Callable ? ECallable<T[P]> : never };

/** The properties of T as E.get(x) shows them: each a promise. */
export type EGetters<T> = {
  readonly [P in keyof T]: T[P] extends PromiseLike<any> ? T[P] : Promise<Awaited<T[P]>>;
};

/** A function as E.sendOnly shows it. */
export type ESendOnlyCallable<T extends Callable> = (...args: Parameters<T>) => Promise<void>;

/** The methods of T as E.sendOnly(x) shows them. */
export type ESendOnlyMethods<T> = {
  readonly [P in keyof T]: T[P] extends Callable ? ESendOnlyCallable<T[P]> : never;
};

export type ESendOnlyCallableOrMethods<T> = 0 extends 1 & T
  ? any
  : T extends Callable
    ? ESendOnlyCallable<T> & ESendOnlyMethods<Required<T>>
    : ESendOnlyMethods<Required<T>>;

export type ECallableOrMethods<T> = 0 extends 1 & T
  ? any
  : T extends Callable
    ? ECallable<T> & EMethods<Required<T>>
    : EMethods<Required<T>>;

/** A single callable, or the callable properties of a record. */
export type PickCallable<T> = 0 extends 1 & T
  ? any
  : T extends Callable
    ? (...args: Parameters<T>) => ReturnType<T>
    : Pick<T, FilteredKeys<T, Callable>>;

/** What can be called remotely on a T (looking through promises and remotable brands). */
export type RemoteFunctions<T> = 0 extends 1 & T
  ? any
  : T extends RemotableBrand<any, infer R>
    ? PickCallable<R>
    : T extends PromiseLike<infer U>
      ? RemoteFunctions<U>
      : T;

/** The local record of a T (looking through promises and remotable brands). */
export type LocalRecord<T> =
  T extends RemotableBrand<infer L, any> ? L : T extends PromiseLike<infer U> ? LocalRecord<U> : T;

/** A near object that must be used through E even locally: its methods may return promises. */
export type EOnly<T> = T extends Callable
  ? (...args: Parameters<T>) => ERef<Awaited<EOnly<ReturnType<T>>>>
  : T extends Record<PropertyKey, Callable>
    ? {
        [K in keyof T]: T[K] extends Callable ? (...args: Parameters<T[K]>) => ERef<Awaited<EOnly<ReturnType<T[K]>>>> : T[K];
      }
    : T;

/** The E function with its helpers. */
export interface EProxy {
  <T>(x: T): ECallableOrMethods<RemoteFunctions<T>>;
  /** `E.get(x).prop`: a promise for `x`'s (eventual) property. */
  readonly get: <T>(x: T) => EGetters<LocalRecord<T>>;
  /** `HandledPromise.resolve`. */
  readonly resolve: {
    (): Promise<void>;
    <T>(value: T): Promise<Awaited<T>>;
  };
  /** Like E(x), but the calls return undefined and nobody waits for an answer. */
  readonly sendOnly: <T>(x: T) => ESendOnlyCallableOrMethods<RemoteFunctions<T>>;
  /** `HandledPromise.resolve(x).then(onfulfilled, onrejected)`. */
  readonly when: <T, U = T>(
    x: T | PromiseLike<T>,
    onfulfilled?: (value: T) => ERef<U>,
    onrejected?: (reason: any) => ERef<U>,
  ) => Promise<U>;
}
