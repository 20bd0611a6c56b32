// endo/module-source/shim.js: puts ModuleSource on the global object, as
// @endo/module-source/shim.js does: writable and configurable, but not
// enumerable, like the constructors the language itself provides. Import it
// before lockdown() when code expects a global ModuleSource.

import { ModuleSource } from './module-source.js';

Object.defineProperty(globalThis, 'ModuleSource', {
  value: ModuleSource,
  enumerable: false,
  writable: true,
  configurable: true,
});
