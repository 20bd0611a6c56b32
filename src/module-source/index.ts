// endo/module-source: ModuleSource, the compiled form of an ES module that
// Compartments link and run, and CjsModuleSource, the analysed form of a
// CommonJS module (like @endo/module-source).
export { ModuleSource } from './module-source.js';
export type { ModuleSourceOptions } from './module-source.js';
export { CjsModuleSource } from './cjs-module-source.js';
