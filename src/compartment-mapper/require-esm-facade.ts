// What require() of an ES module returns, as Node (20.19+, 22.12+) gives
// it: the value of an export named "module.exports" if the module has one;
// otherwise, for a module with a default export and no `__esModule`
// export, a namespace-like object that adds `__esModule: true` (so that
// transpiled importers take `default` as the default); otherwise the
// namespace itself. The facade is made once per namespace, so that two
// requires of one module give one object, as in Node.

const facades = new WeakMap<object, object>();

const makeFacade = (namespace: object): object => {
  const source = namespace as Record<string, unknown>;
  const facade = Object.create(null);
  const names = [...Object.keys(namespace), '__esModule'].sort();
  for (const name of names) {
    if (name === '__esModule') {
      Object.defineProperty(facade, name, { value: true, enumerable: true, writable: false, configurable: false });
    } else {
      // A live view: the export's current value at each read, as a namespace gives it.
      Object.defineProperty(facade, name, { get: () => source[name], enumerable: true, configurable: false });
    }
  }
  Object.defineProperty(facade, Symbol.toStringTag, { value: 'Module' });
  return Object.preventExtensions(facade);
};

export const esModuleFacade = (namespace: object): unknown => {
  const names = Object.keys(namespace);
  if (names.includes('module.exports')) return (namespace as Record<string, unknown>)['module.exports'];
  if (!names.includes('default') || names.includes('__esModule')) return namespace;
  let facade = facades.get(namespace);
  if (facade === undefined) {
    facade = makeFacade(namespace);
    facades.set(namespace, facade);
  }
  return facade;
};
