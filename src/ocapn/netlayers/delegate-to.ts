// A proxy of an object from a library whose methods use private fields: the
// overrides given win, and every other method runs on the object itself
// (bound), so its private state stays reachable. How the libp2p wrappers
// change one method of a transport, upgrader, encrypter or muxer factory.

export const delegateTo = <T extends object>(target: T, overrides: Partial<T>): T =>
  new Proxy(target, {
    get(object, key) {
      if (Object.hasOwn(overrides, key)) return (overrides as Record<PropertyKey, unknown>)[key];
      const value: unknown = Reflect.get(object, key, object);
      return typeof value === 'function' ? value.bind(object) : value;
    },
  });
