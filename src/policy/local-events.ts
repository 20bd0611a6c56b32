// The EventEmitter methods of a view of a shared host emitter (a stdio
// stream): each view keeps its own listeners. A listener added to the view
// hears the host emitter's events through one forwarder per event name,
// added to the host emitter when the view's first listener for that name
// comes and removed when its last one goes; so Node's own reactions to a
// listener (a 'data' listener resumes stdin) still happen. `emit` on the view
// reaches only the view's listeners: a package cannot forge events that
// other packages' listeners (or Node's) would hear. Some events are never
// forwarded because their arguments are other packages' objects ('pipe' and
// 'unpipe' carry their streams, 'newListener' and 'removeListener' their
// functions): they stay local, which is what pipe() needs of a destination.

import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** Events a view hears only from itself. */
export const localOnlyEvents: ReadonlySet<string> = new Set(['pipe', 'unpipe', 'newListener', 'removeListener']);

export interface LocalEventsOptions {
  /** The object the methods are installed on: listeners run with it as `this`, and chained calls return it. */
  view: object;
  /** The host emitter the view stands for. */
  host: EventEmitter;
  /** Replaces host objects in forwarded arguments (the host stream becomes the view). */
  outward: (value: unknown) => unknown;
  /** "process.stdout", for error messages. */
  label: string;
}

interface Entry {
  listener: Listener;
  once: boolean;
}

/** The methods to define on the view (on, once, off, emit, listeners, ...). */
export function makeLocalEvents({ view, host, outward, label }: LocalEventsOptions): Record<string, Listener> {
  const entries = new Map<string | symbol, Entry[]>();
  const forwarders = new Map<string | symbol, Listener>();
  let maxListeners: number | undefined;

  const checkListener = (method: string, listener: unknown): Listener => {
    if (typeof listener !== 'function') {
      throw new TypeError(`${label}.${method}(event, listener): the listener must be a function`);
    }
    return listener as Listener;
  };
  const checkName = (method: string, name: unknown): string | symbol => {
    if (typeof name !== 'string' && typeof name !== 'symbol') {
      throw new TypeError(`${label}.${method}(event, ...): the event name must be a string or a symbol`);
    }
    return name;
  };

  const emitLocal = (name: string | symbol, args: unknown[]): boolean => {
    const list = entries.get(name);
    if (list === undefined || list.length === 0) {
      // As EventEmitter: an 'error' nobody listens to is thrown.
      if (name === 'error') throw args[0] instanceof Error ? args[0] : new Error(`Unhandled error. (${String(args[0])})`);
      return false;
    }
    for (const entry of [...list]) {
      if (entry.once) remove(name, entry.listener, entry);
      Reflect.apply(entry.listener, view, args);
    }
    return true;
  };

  const add = (name: string | symbol, listener: Listener, once: boolean, prepend: boolean) => {
    if ((entries.get('newListener')?.length ?? 0) > 0) emitLocal('newListener', [name, listener]);
    let list = entries.get(name);
    if (list === undefined) {
      list = [];
      entries.set(name, list);
    }
    const entry = { listener, once };
    if (prepend) list.unshift(entry);
    else list.push(entry);
    if (!forwarders.has(name) && !(typeof name === 'string' && localOnlyEvents.has(name))) {
      const forwarder = (...args: unknown[]) => {
        emitLocal(name, args.map(outward));
      };
      forwarders.set(name, forwarder);
      host.on(name, forwarder);
    }
    return view;
  };

  // Removes the given entry, or the last one registered for `listener` (as EventEmitter does).
  const remove = (name: string | symbol, listener: Listener, which?: Entry) => {
    const list = entries.get(name);
    if (list === undefined) return view;
    let index = which === undefined ? -1 : list.indexOf(which);
    if (which === undefined) {
      for (let i = list.length - 1; i >= 0; i -= 1) {
        if (list[i]!.listener === listener) {
          index = i;
          break;
        }
      }
    }
    if (index < 0) return view;
    list.splice(index, 1);
    if (list.length === 0) {
      entries.delete(name);
      const forwarder = forwarders.get(name);
      if (forwarder !== undefined) {
        forwarders.delete(name);
        host.removeListener(name, forwarder);
      }
    }
    if ((entries.get('removeListener')?.length ?? 0) > 0) emitLocal('removeListener', [name, listener]);
    return view;
  };

  const subscriber = (method: string, once: boolean, prepend: boolean) =>
    function (name: unknown, listener: unknown) {
      return add(checkName(method, name), checkListener(method, listener), once, prepend);
    };
  const unsubscribe = function (name: unknown, listener: unknown) {
    return remove(checkName('removeListener', name), checkListener('removeListener', listener));
  };
  const listenersOf = (name: unknown) => (entries.get(name as string) ?? []).map(entry => entry.listener);

  return {
    on: subscriber('on', false, false),
    addListener: subscriber('addListener', false, false),
    once: subscriber('once', true, false),
    prependListener: subscriber('prependListener', false, true),
    prependOnceListener: subscriber('prependOnceListener', true, true),
    removeListener: unsubscribe,
    off: unsubscribe,
    removeAllListeners(name?: unknown) {
      const names = name === undefined ? [...entries.keys()] : [checkName('removeAllListeners', name)];
      for (const each of names) {
        for (const entry of [...(entries.get(each) ?? [])].reverse()) remove(each, entry.listener, entry);
      }
      return view;
    },
    emit(name: unknown, ...args: unknown[]) {
      return emitLocal(checkName('emit', name), args);
    },
    listeners: listenersOf,
    rawListeners: listenersOf,
    listenerCount(name: unknown, listener?: unknown) {
      const list = listenersOf(name);
      return listener === undefined ? list.length : list.filter(each => each === listener).length;
    },
    eventNames: () => [...entries.keys()],
    setMaxListeners(count: unknown) {
      if (typeof count !== 'number' || count < 0 || Number.isNaN(count)) {
        throw new RangeError(`${label}.setMaxListeners(n): n must be a non-negative number`);
      }
      maxListeners = count;
      return view;
    },
    getMaxListeners: () => maxListeners ?? EventEmitter.defaultMaxListeners,
  };
}
