// diagnostics_channel for a package: its own channels (and other packages'
// channels, which is what the module is for: lru-cache publishes
// 'lru-cache:metrics' for whoever listens), but not Node's own. Node
// publishes on named channels what every package does: the requests and
// sockets of http, net and undici (fetch), the arguments of every console
// call, child processes and workers. A subscriber there would receive other
// packages' objects; a publisher could feed other subscribers forged ones.
// So a channel whose name is one of Node's is refused, by every function
// that names a channel; `Channel` (built directly, it would skip the check)
// is withheld by builtin-attenuations.ts. A channel is given as a view with
// the channel's methods only: the real one reaches `Channel` through its
// constructor, and other subscribers' functions through `_subscribers`.

type AnyFunction = (...args: unknown[]) => unknown;
type AnyRecord = Record<string, unknown>;

/** How Node's own channel names begin (Node 20, and the families it adds to). */
const nodePrefixes = ['http.', 'http2.', 'https.', 'net.', 'tls.', 'udp.', 'dns.', 'undici:', 'console.', 'process.', 'child_process', 'worker_threads', 'module.', 'fs.'];

/** A tracing channel's event channels are `tracing:<name>:<event>`: the name is what counts. */
const tracingEvent = /^tracing:(.*):(start|end|asyncStart|asyncEnd|error)$/;

export const isNodeChannelName = (name: unknown): boolean => {
  if (typeof name !== 'string') return false;
  const base = tracingEvent.exec(name)?.[1] ?? name;
  return nodePrefixes.some(prefix => base.startsWith(prefix));
};

const refuse = (what: string, name: string): TypeError =>
  new TypeError(
    `diagnostics_channel.${what}(${JSON.stringify(name)}) is refused: it is one of Node's own channels, which carry other packages' requests, sockets and console calls`,
  );

const channelMethods = ['subscribe', 'unsubscribe', 'bindStore', 'unbindStore', 'publish', 'runStores'] as const;
const tracingMethods = ['subscribe', 'unsubscribe', 'traceSync', 'tracePromise', 'traceCallback'] as const;
const tracingEvents = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;

/** A frozen object with `methods` of `real` (called on it), `hasSubscribers` read through, and `extra` values. */
const viewOf = (real: AnyRecord, methods: readonly string[], extra: AnyRecord = {}): AnyRecord => {
  const view: AnyRecord = { ...extra };
  for (const method of methods) {
    const original = real[method];
    if (typeof original === 'function') view[method] = Object.freeze((...args: unknown[]) => Reflect.apply(original as AnyFunction, real, args));
  }
  Object.defineProperty(view, 'hasSubscribers', { get: () => real.hasSubscribers, enumerable: true });
  return Object.freeze(view);
};

// One view per channel, so that `channel(name) === channel(name)` as in Node.
const views = new WeakMap<object, AnyRecord>();
const memoized = (real: AnyRecord, make: () => AnyRecord): AnyRecord => {
  let view = views.get(real);
  if (view === undefined) {
    view = make();
    views.set(real, view);
  }
  return view;
};

const channelView = (real: AnyRecord): AnyRecord => memoized(real, () => viewOf(real, channelMethods, { name: real.name }));

const tracingView = (real: AnyRecord): AnyRecord =>
  memoized(real, () =>
    viewOf(real, tracingMethods, Object.fromEntries(tracingEvents.map(event => [event, channelView(real[event] as AnyRecord)]))),
  );

/** `channel`, `hasSubscribers`, `subscribe`, `unsubscribe` and `tracingChannel`, refusing Node's channels; channels as views. */
export const safeDiagnosticsChannel = (real: AnyRecord): AnyRecord => {
  const checked = (what: string) => {
    const original = real[what] as AnyFunction | undefined;
    if (typeof original !== 'function') return undefined;
    return function (this: unknown, name: unknown, ...rest: unknown[]) {
      if (isNodeChannelName(name)) throw refuse(what, name as string);
      return Reflect.apply(original, real, [name, ...rest]);
    };
  };
  const safe: AnyRecord = {};
  for (const what of ['hasSubscribers', 'subscribe', 'unsubscribe']) {
    const fn = checked(what);
    if (fn !== undefined) safe[what] = Object.freeze(fn);
  }
  const channel = checked('channel');
  if (channel !== undefined) safe.channel = Object.freeze((name: unknown) => channelView(channel(name) as AnyRecord));
  // A tracing channel takes a name, or an object of its five channels.
  const tracingChannel = real.tracingChannel as AnyFunction | undefined;
  if (typeof tracingChannel === 'function') {
    safe.tracingChannel = Object.freeze((nameOrChannels: unknown) => {
      if (isNodeChannelName(nameOrChannels)) throw refuse('tracingChannel', nameOrChannels as string);
      if (typeof nameOrChannels === 'object' && nameOrChannels !== null) {
        throw new TypeError('diagnostics_channel.tracingChannel takes a name here: an object of channels is refused (its channels could be Node\'s own)');
      }
      return tracingView(Reflect.apply(tracingChannel, real, [nameOrChannels]) as AnyRecord);
    });
  }
  return safe;
};
