// The linker that a bundle (bundle.ts) carries: JavaScript text, run in a
// plain realm with no compartments, that links and runs the bundled modules
// as Node would run the application:
//
// - CommonJS modules run when first required (not ahead of time), with
//   `this` their exports, Node's module object and require (require.main,
//   require.resolve), `__filename` and `__dirname` as virtual paths
//   (/<package>-v<version>/<file>), partial exports seen through cycles, and
//   a module whose body threw forgotten, so a later require tries again.
// - ES modules run their precompiled programs (module-source's calling
//   convention) after their dependencies, in import order; live exports
//   update their importers; a program's free references to its live
//   exports (which a compartment answers) are answered by a `with` scope
//   wrapped around the program in the bundle text.
// - An ES module importing CommonJS sees `default` (module.exports) and the
//   names Node's lexer found; require() of an ES module gives what Node
//   20.19+ gives (its namespace, with `__esModule` when it has a default).
// - Builtins come from the host's `require` (a free `require` when the
//   bundle runs, as the original's format: 'cjs' bundles take them), when
//   first asked for.
// - A specifier that did not resolve when the bundle was made throws, with
//   its code, when (and only if) it is required.
//
// It is called as `(RUNTIME)(config, modules)` and returns the entry's
// namespace, as the original's bundles do. Each module is an array:
//   ['cjs', name, links, functor, exportNames, reexportSpecifiers]
//   ['esm', name, links, program, { imports, fixed, live, reexports, stars, scoped }]
//   ['json', name, links, jsonText]
//   ['builtin', hostName]
//   ['error', specifier, message, code]
// where links maps each specifier the module names to a module's index, and
// functor/program is a function or, with useEvaluate, its text (evaluated
// with a sourceURL, so that stacks name the module).

export const bundleRuntime = `function (config, modules) {
  'use strict';
  const { Error, JSON, Map, Object, Promise, ReferenceError, Set, SyntaxError, TypeError } = globalThis;
  const { create, defineProperty, freeze, keys } = Object;
  const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
  const indirectEval = eval;
  const hostRequire = config.format === 'cjs' && typeof require === 'function' ? require : undefined;
  const instances = [];
  let mainModule;

  const functorOf = index => {
    const [, name, , functor] = modules[index];
    if (!config.useEvaluate) return functor;
    return indirectEval(functor + '\\n//# sourceURL=' + config.sourceUrlPrefix + name + '\\n');
  };

  const filenameOf = index => '/' + modules[index][1];
  const dirnameOf = filename => filename.slice(0, filename.lastIndexOf('/')) || '/';

  // A binding: set once or more by the module that owns it, observed by importers.
  const makeCell = name => {
    let value;
    let initialized = false;
    const observers = [];
    return freeze({
      get() {
        if (!initialized) throw ReferenceError('Cannot access ' + JSON.stringify(name) + ' before initialization');
        return value;
      },
      set(newValue) {
        value = newValue;
        initialized = true;
        for (const observer of observers) observer(newValue);
      },
      observe(observer) {
        observers.push(observer);
        if (initialized) observer(value);
      },
    });
  };

  const moduleNotFound = (specifier, detail) => {
    const error = Error('Cannot find module ' + JSON.stringify(specifier) + ' (' + detail + ')');
    error.code = 'MODULE_NOT_FOUND';
    return error;
  };

  const targetOf = (index, specifier) => {
    const links = modules[index][2];
    if (!hasOwn(links, specifier)) {
      throw moduleNotFound(specifier, 'a bundle holds only the modules named literally by import and require when it was made');
    }
    return links[specifier];
  };

  const builtinOf = index => {
    let instance = instances[index];
    if (instance === undefined) {
      const name = modules[index][1];
      if (hostRequire === undefined) throw TypeError('Cannot import host module: ' + name);
      instance = { value: hostRequire(name) };
      instances[index] = instance;
    }
    return instance.value;
  };

  const jsonOf = index => {
    let instance = instances[index];
    if (instance === undefined) {
      instance = { value: JSON.parse(modules[index][3]) };
      instances[index] = instance;
    }
    return instance.value;
  };

  const throwUnresolved = index => {
    const [, , message, code] = modules[index];
    const error = Error(message);
    if (code !== undefined) error.code = code;
    throw error;
  };

  // --- export names, bindings and namespaces ---

  const cjsCell = (index, name) => {
    if (instances[index] === undefined) loadCjs(index);
    const instance = instances[index];
    let cell = instance.cells.get(name);
    if (cell === undefined) {
      cell = makeCell(name);
      instance.cells.set(name, cell);
      if (instance.loaded) cell.set(name === 'default' ? instance.module.exports : instance.module.exports[name]);
    }
    return cell;
  };

  const valueCell = (name, value) => {
    const cell = makeCell(name);
    cell.set(value);
    return cell;
  };

  const exportNamesOf = (index, seen = new Set()) => {
    if (seen.has(index)) return [];
    seen.add(index);
    const [kind, , links, , meta, reexports] = modules[index];
    if (kind === 'json') return ['default'];
    if (kind === 'builtin') {
      const value = builtinOf(index);
      const named = (typeof value === 'object' && value !== null) || typeof value === 'function' ? keys(value) : [];
      return ['default', ...named.filter(name => name !== 'default')];
    }
    if (kind === 'cjs') {
      const names = new Set(['default', ...meta]);
      for (const specifier of reexports) {
        if (!hasOwn(links, specifier)) continue;
        const target = links[specifier];
        if (modules[target][0] !== 'cjs') continue;
        for (const name of exportNamesOf(target, seen)) names.add(name);
      }
      return [...names];
    }
    if (kind === 'esm') {
      const names = new Set([...keys(meta.fixed), ...keys(meta.live)]);
      for (const pairs of Object.values(meta.reexports)) for (const [, exported] of pairs) names.add(exported);
      for (const specifier of meta.stars) {
        for (const name of exportNamesOf(links[specifier], seen)) {
          if (name !== 'default' && resolveExport(index, name) !== undefined) names.add(name);
        }
      }
      return [...names];
    }
    return [];
  };

  // The binding that 'name' of module 'index' denotes, following re-exports; undefined when none (or ambiguous).
  const resolveExport = (index, name, seen = new Set()) => {
    const key = index + ' ' + name;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const [kind, , links, , meta] = modules[index];
    if (name === '*') return valueCell('*', namespaceOf(index));
    if (kind === 'json') return name === 'default' ? valueCell(name, jsonOf(index)) : undefined;
    if (kind === 'builtin') {
      const value = builtinOf(index);
      if (name === 'default') return valueCell(name, value);
      return exportNamesOf(index).includes(name) ? valueCell(name, value[name]) : undefined;
    }
    if (kind === 'cjs') return exportNamesOf(index).includes(name) ? cjsCell(index, name) : undefined;
    if (kind !== 'esm') return undefined;
    const instance = esmInstanceOf(index);
    if (instance.cells.has(name)) return instance.cells.get(name);
    for (const [specifier, pairs] of Object.entries(meta.reexports)) {
      for (const [imported, exported] of pairs) {
        if (exported === name) return resolveExport(links[specifier], imported, seen);
      }
    }
    if (name === 'default') return undefined;
    let found;
    for (const specifier of meta.stars) {
      const cell = resolveExport(links[specifier], name, seen);
      if (cell === undefined) continue;
      if (found !== undefined && found !== cell) return undefined;
      found = cell;
    }
    return found;
  };

  const namespaces = new Map();
  const namespaceOf = index => {
    let namespace = namespaces.get(index);
    if (namespace !== undefined) return namespace;
    namespace = create(null);
    namespaces.set(index, namespace);
    for (const name of exportNamesOf(index).sort()) {
      const cell = resolveExport(index, name);
      if (cell === undefined) continue;
      defineProperty(namespace, name, { get: cell.get, enumerable: true, configurable: false });
    }
    defineProperty(namespace, Symbol.toStringTag, { value: 'Module' });
    return freeze(namespace);
  };

  // What require() of an ES module gives, as Node 20.19+ gives it.
  const facades = new Map();
  const requireFacadeOf = index => {
    const namespace = namespaceOf(index);
    const names = keys(namespace);
    if (names.includes('module.exports')) return namespace['module.exports'];
    if (!names.includes('default') || names.includes('__esModule')) return namespace;
    let facade = facades.get(index);
    if (facade === undefined) {
      facade = create(null);
      for (const name of [...names, '__esModule'].sort()) {
        if (name === '__esModule') defineProperty(facade, name, { value: true, enumerable: true });
        else defineProperty(facade, name, { get: () => namespace[name], enumerable: true });
      }
      defineProperty(facade, Symbol.toStringTag, { value: 'Module' });
      facades.set(index, Object.preventExtensions(facade));
    }
    return facade;
  };

  // --- CommonJS ---

  const dynamicImportFor = index => specifier =>
    new Promise(resolve => {
      const target = targetOf(index, String(specifier));
      evaluateDependency(target);
      resolve(namespaceOf(target));
    });

  const makeRequire = (index, module) => {
    const require = specifier => {
      if (typeof specifier !== 'string') {
        const error = TypeError('The "id" argument must be of type string');
        error.code = 'ERR_INVALID_ARG_TYPE';
        throw error;
      }
      return requireIndex(targetOf(index, specifier));
    };
    require.resolve = specifier => {
      const target = targetOf(index, String(specifier));
      const kind = modules[target][0];
      if (kind === 'builtin') return modules[target][1];
      if (kind === 'error') throwUnresolved(target);
      return filenameOf(target);
    };
    require.main = mainModule;
    require.cache = create(null);
    return freeze(require);
  };

  const loadCjs = index => {
    const existing = instances[index];
    // Loaded, or loading (a cycle): its exports as they are now.
    if (existing !== undefined) return existing.module.exports;
    const filename = filenameOf(index);
    const module = { id: filename, path: dirnameOf(filename), exports: {}, filename, loaded: false, children: [], paths: [] };
    if (index === config.entry) {
      module.id = '.';
      mainModule = module;
    }
    module.require = makeRequire(index, module);
    const instance = { module, loaded: false, cells: new Map() };
    instances[index] = instance;
    try {
      const functor = functorOf(index);
      functor.call(module.exports, module.require, module.exports, module, filename, module.path, dynamicImportFor(index));
    } catch (error) {
      instances[index] = undefined;
      throw error;
    }
    module.loaded = true;
    instance.loaded = true;
    for (const [name, cell] of instance.cells) cell.set(name === 'default' ? module.exports : module.exports[name]);
    return module.exports;
  };

  const requireIndex = index => {
    switch (modules[index][0]) {
      case 'cjs':
        return loadCjs(index);
      case 'json':
        return jsonOf(index);
      case 'builtin':
        return builtinOf(index);
      case 'esm':
        evaluateEsm(index);
        return requireFacadeOf(index);
      default:
        return throwUnresolved(index);
    }
  };

  // --- ES modules ---

  function esmInstanceOf(index) {
    let instance = instances[index];
    if (instance === undefined) {
      const meta = modules[index][4];
      const cells = new Map();
      // Each local binding sets every export that names it.
      const settersByLocal = create(null);
      for (const map of [meta.fixed, meta.live]) {
        for (const [exported, [local]] of Object.entries(map)) {
          const cell = makeCell(exported);
          cells.set(exported, cell);
          (settersByLocal[local] || (settersByLocal[local] = [])).push(cell.set);
        }
      }
      instance = { state: 'new', error: undefined, cells, settersByLocal };
      instances[index] = instance;
    }
    return instance;
  }

  const evaluateDependency = index => {
    const kind = modules[index][0];
    if (kind === 'esm') evaluateEsm(index);
    else if (kind === 'cjs') loadCjs(index);
    else if (kind === 'builtin') builtinOf(index);
    else if (kind === 'error') throwUnresolved(index);
  };

  const updaterOf = setters => freeze(value => {
    for (const set of setters) set(value);
  });

  function evaluateEsm(index) {
    const instance = esmInstanceOf(index);
    if (instance.state === 'failed') throw instance.error;
    // Evaluating (a cycle) or evaluated.
    if (instance.state !== 'new') return;
    instance.state = 'evaluating';
    const [, name, links, , meta] = modules[index];
    try {
      for (const specifier of meta.imports) evaluateDependency(links[specifier]);
      const liveVar = create(null);
      const onceVar = create(null);
      for (const [local] of Object.values(meta.live)) liveVar[local] = updaterOf(instance.settersByLocal[local]);
      for (const [local] of Object.values(meta.fixed)) onceVar[local] = updaterOf(instance.settersByLocal[local]);
      let program = functorOf(index);
      if (meta.scoped) {
        // The bindings that the program's free references to its live exports reach.
        const scope = create(null);
        for (const [exported, [local, trapped]] of Object.entries(meta.live)) {
          if (!trapped || hasOwn(scope, local)) continue;
          const cell = instance.cells.get(exported);
          defineProperty(scope, local, { get: cell.get, set: liveVar[local], enumerable: true });
        }
        program = program(scope);
      }
      const filename = filenameOf(index);
      const importMeta = create(null);
      importMeta.url = 'file://' + encodeURI(filename);
      importMeta.filename = filename;
      importMeta.dirname = dirnameOf(filename);
      program({
        imports(entries) {
          for (const [specifier, bindings] of entries) {
            const target = links[specifier];
            for (const [imported, updaters] of bindings) {
              const cell = resolveExport(target, imported);
              if (cell === undefined) {
                throw SyntaxError('The requested module ' + JSON.stringify(specifier) + ' does not provide an export named ' + JSON.stringify(imported) + ' (imported by ' + name + ')');
              }
              for (const updater of updaters) cell.observe(updater);
            }
          }
        },
        liveVar: freeze(liveVar),
        onceVar: freeze(onceVar),
        import: dynamicImportFor(index),
        importMeta,
      });
      instance.state = 'evaluated';
    } catch (error) {
      instance.state = 'failed';
      instance.error = error;
      throw error;
    }
  }

  // --- the entry ---

  if (modules[config.entry][0] === 'esm') evaluateEsm(config.entry);
  else requireIndex(config.entry);
  return namespaceOf(config.entry);
}`;
