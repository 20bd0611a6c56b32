// The `module` object a CommonJS module sees, shaped as Node's Module
// instance: own enumerable `id`, `path`, `exports`, `filename`, `loaded`,
// `children` and `paths`, in Node's order, with `parent` and `require` on
// the prototype, as Node's Module.prototype has them.

import { dirname } from 'node:path';
import { nodeModulePaths } from './node-module-paths.js';

export interface CjsModuleObject {
  id: string;
  path: string;
  exports: unknown;
  filename: string;
  loaded: boolean;
  children: CjsModuleObject[];
  paths: string[];
  /** The module that first required this one; null for the main module; undefined when an ES module imported it first. */
  readonly parent: CjsModuleObject | null | undefined;
  readonly require: (specifier: string) => unknown;
}

export interface ModuleObjectFactory {
  make(filename: string, id: string, parent: CjsModuleObject | null | undefined): CjsModuleObject;
  /** Gives `module.require` its function, once the module's `require` is made. */
  setRequire(module: CjsModuleObject, require: (specifier: string) => unknown): void;
  /** Whether this factory made `value`. */
  owns(value: unknown): value is CjsModuleObject;
}

/**
 * Module objects of one loader. Their prototype (frozen, one per loader)
 * holds `parent` and `require` as Node's Module.prototype does; what they
 * answer is kept in weak maps, so a module object made elsewhere gets
 * nothing from them.
 */
export const makeModuleObjectFactory = (): ModuleObjectFactory => {
  const parents = new WeakMap<object, CjsModuleObject | null | undefined>();
  const requires = new WeakMap<object, (specifier: string) => unknown>();
  const prototype = Object.freeze(
    Object.create(Object.prototype, {
      parent: {
        get(this: object) {
          return parents.get(this);
        },
        set(this: object, value: CjsModuleObject | null | undefined) {
          if (parents.has(this)) parents.set(this, value);
        },
        enumerable: false,
        configurable: false,
      },
      require: {
        value: function require(this: object, specifier: string): unknown {
          const own = requires.get(this);
          if (own === undefined) throw TypeError('module.require called on an object that is not a loaded CommonJS module');
          return own(specifier);
        },
        writable: false,
        enumerable: false,
        configurable: false,
      },
    }),
  );
  const make = (filename: string, id: string, parent: CjsModuleObject | null | undefined): CjsModuleObject => {
    const path = dirname(filename);
    const module = Object.create(prototype) as CjsModuleObject;
    // Own properties in the order Node defines them.
    Object.assign(module, { id, path, exports: {}, filename, loaded: false, children: [], paths: [...nodeModulePaths(path)] });
    parents.set(module, parent);
    return module;
  };
  return {
    make,
    setRequire: (module, require) => {
      requires.set(module, require);
    },
    owns: (value): value is CjsModuleObject => typeof value === 'object' && value !== null && parents.has(value),
  };
};
