// `new ModuleSource(text, location?)`: an ES module, parsed and compiled once
// into what a Compartment's loader links and runs (the record of
// src/ses/module-record.ts), with its static shape on show: `imports`,
// `exports` and `reexports`, as frozen arrays. A syntax error names the
// location (`file:line:column`) and the problem.

import { transformModule } from '../ses/module-transform.js';
import { registerModuleRecord } from '../ses/module-record.js';
import { setFunctionLength } from '../ses/commons.js';

export class ModuleSource {
  declare readonly imports: readonly string[];
  declare readonly exports: readonly string[];
  declare readonly reexports: readonly string[];

  constructor(source: string, location?: string) {
    if (typeof source !== 'string') {
      throw TypeError(`ModuleSource: the source must be a string, got ${source === null ? 'null' : typeof source}`);
    }
    if (location !== undefined && typeof location !== 'string') {
      throw TypeError(`ModuleSource: the location must be a string, got ${typeof location}`);
    }
    const record = transformModule(source, location);
    registerModuleRecord(this, record);
    // Own, enumerable and read-only, as the original's are.
    Object.defineProperties(this, {
      imports: { value: record.imports, enumerable: true },
      exports: { value: record.exports, enumerable: true },
      reexports: { value: record.reexports, enumerable: true },
    });
    Object.freeze(this);
  }
}
Object.freeze(ModuleSource.prototype);
// The original's constructor declares one parameter.
Object.freeze(setFunctionLength(ModuleSource, 1));
