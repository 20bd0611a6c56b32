// Module namespace objects. Each is a Proxy, because a namespace exists
// before its module is known: `compartment.module(specifier)` hands one out
// as a placeholder that other compartments can link to, and only once the
// module is linked do its export names exist. Until then most operations
// throw a TypeError naming the module.
//
// Once linked, it behaves as ECMA-262's module namespace exotic object
// (as Node's do): a null prototype, `Symbol.toStringTag` 'Module', string
// keys sorted by code units, each export shown as a data property
// `{ value, writable: true, enumerable: true, configurable: false }` whose
// value is read from the binding at each access (a binding in its TDZ
// throws a ReferenceError, from `ns.x` as from Object.keys(ns)), writes and
// deletions refused. The target behind the proxy holds one non-configurable
// writable property per export (never read: it only satisfies the Proxy
// invariants), so the object is sealed but can never be frozen: like a
// native namespace, it makes `harden` and Object.freeze throw, where the
// original ses shows accessors (which freeze) instead.

import { NAMESPACE_BINDING, namespaceExportsOf, type ResolvedBinding } from './export-resolution.js';
import type { ModuleInstance } from './module-instance.js';

/** Who a namespace was made for: the (compartment, specifier) it stands for. */
export interface NamespaceOwner {
  readonly compartment: object;
  readonly compartmentName: string;
  readonly specifier: string;
}

/** The function a namespace's accessor calls to read one export's binding. */
const makeBindingReader = ({ module, bindingName }: ResolvedBinding): (() => unknown) => {
  if (bindingName === NAMESPACE_BINDING) return () => module.namespace;
  if (module.source.kind === 'virtual') {
    const values = module.virtualValues;
    return () => values[bindingName];
  }
  return () => {
    const read = module.readers?.[bindingName];
    if (read === undefined) throw ReferenceError(`Cannot access '${bindingName}' before initialization`);
    return read();
  };
};

const quoted = (value: unknown): string => (typeof value === 'symbol' ? String(value) : JSON.stringify(value));

class NamespaceHandler implements ProxyHandler<object> {
  readonly owner: NamespaceOwner;
  readonly target: object;
  instance: ModuleInstance | undefined = undefined;
  ready = false;
  /** The keys in namespace order: export names by code units (integer-like ones too), then the tag. */
  keys: (string | symbol)[] = [];
  /** Export name -> reader of its binding (null prototype). */
  readers: Record<string, () => unknown> = Object.create(null);

  constructor(target: object, owner: NamespaceOwner) {
    this.target = target;
    this.owner = owner;
  }

  /** Fills the target once the module's exports are known; false until then. */
  prepare(): boolean {
    if (this.ready) return true;
    const module = this.instance;
    if (module === undefined || module.requested === undefined || module.status === 'unlinked') return false;
    const { names, bindings } = namespaceExportsOf(module);
    for (const name of names) {
      this.readers[name] = makeBindingReader(bindings.get(name)!);
      Object.defineProperty(this.target, name, { value: undefined, writable: true, enumerable: true, configurable: false });
    }
    Object.preventExtensions(this.target);
    this.keys = [...names, Symbol.toStringTag];
    this.ready = true;
    return true;
  }

  notLinked(action: string): never {
    const { specifier, compartmentName } = this.owner;
    throw TypeError(
      `Cannot ${action} the namespace of module ${quoted(specifier)} in compartment ${quoted(compartmentName)}: the module is not linked yet`,
    );
  }

  get(target: object, key: string | symbol): unknown {
    if (this.ready || this.prepare()) {
      if (typeof key === 'symbol') return Reflect.get(target, key);
      const read = this.readers[key];
      return read === undefined ? undefined : read();
    }
    // `await` and promise resolution probe `then`: a placeholder is not a thenable.
    if (key === 'then' || key === Symbol.toStringTag) return Reflect.get(target, key);
    return this.notLinked(`read ${quoted(key)} of`);
  }
  set(_target: object, key: string | symbol): boolean {
    // In the original's words, whether or not the code that assigns is strict.
    if (this.ready || this.prepare()) throw TypeError(`Cannot set property ${quoted(key)} of module exports namespace`);
    return this.notLinked(`set ${quoted(key)} on`);
  }
  has(target: object, key: string | symbol): boolean {
    if (this.ready || this.prepare()) return Reflect.has(target, key);
    return this.notLinked(`check ${quoted(key)} in`);
  }
  deleteProperty(target: object, key: string | symbol): boolean {
    // Exports and the tag are non-configurable on the target: false for them, true for anything else.
    if (this.ready || this.prepare()) return Reflect.deleteProperty(target, key);
    return this.notLinked(`delete ${quoted(key)} of`);
  }
  defineProperty(target: object, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    if (!(this.ready || this.prepare())) return this.notLinked(`define ${quoted(key)} on`);
    if (typeof key === 'symbol') return Reflect.defineProperty(target, key, descriptor);
    // As [[DefineOwnProperty]] of a namespace: only a definition that changes nothing succeeds.
    const current = this.getOwnPropertyDescriptor(target, key);
    if (current === undefined) return false;
    if (descriptor.configurable === true || descriptor.enumerable === false) return false;
    if ('get' in descriptor || 'set' in descriptor || descriptor.writable === false) return false;
    return !('value' in descriptor) || Object.is(descriptor.value, current.value);
  }
  getOwnPropertyDescriptor(target: object, key: string | symbol): PropertyDescriptor | undefined {
    if (!(this.ready || this.prepare())) return this.notLinked(`describe ${quoted(key)} of`);
    if (typeof key === 'symbol') return Reflect.getOwnPropertyDescriptor(target, key);
    const read = this.readers[key];
    if (read === undefined) return undefined;
    return { value: read(), writable: true, enumerable: true, configurable: false };
  }
  ownKeys(target: object): (string | symbol)[] {
    // The target would list integer-like names first, in numeric order.
    if (this.ready || this.prepare()) return [...this.keys];
    return this.notLinked('list the keys of');
  }
  isExtensible(target: object): boolean {
    if (this.ready || this.prepare()) return Reflect.isExtensible(target);
    return this.notLinked('check the extensibility of');
  }
  preventExtensions(target: object): boolean {
    if (this.ready || this.prepare()) return Reflect.preventExtensions(target);
    return this.notLinked('prevent extensions of');
  }
  getPrototypeOf(): object | null {
    return null;
  }
  setPrototypeOf(target: object, prototype: object | null): boolean {
    return Reflect.setPrototypeOf(target, prototype);
  }
}
Object.freeze(NamespaceHandler.prototype);

const handlers = new WeakMap<object, NamespaceHandler>();

/** A new namespace object standing for `owner`, not yet bound to an instance. */
export const makeNamespace = (owner: NamespaceOwner): object => {
  const target = Object.create(null, {
    [Symbol.toStringTag]: { value: 'Module', writable: false, enumerable: false, configurable: false },
  });
  const handler = new NamespaceHandler(target, Object.freeze({ ...owner }));
  const namespace = new Proxy(target, handler);
  handlers.set(namespace, handler);
  return namespace;
};

/** The (compartment, specifier) a namespace made here stands for; undefined for any other value. */
export const namespaceOwnerOf = (value: unknown): NamespaceOwner | undefined =>
  (typeof value === 'object' && value !== null) || typeof value === 'function' ? handlers.get(value as object)?.owner : undefined;

/** Makes `namespace` show `instance`'s exports; false when it already shows another module. */
export const bindNamespace = (namespace: object, instance: ModuleInstance): boolean => {
  const handler = handlers.get(namespace);
  if (handler === undefined) return false;
  if (handler.instance === undefined) handler.instance = instance;
  return handler.instance === instance;
};
