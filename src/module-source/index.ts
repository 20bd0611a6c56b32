// endo/module-source: ModuleSource, the compiled form of an ES module that
// Compartments link and run (like @endo/module-source).
export { ModuleSource } from './module-source.js';
