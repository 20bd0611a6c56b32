// `new ModuleSource(text, location?)`: an ES module, parsed and compiled once,
// as @endo/module-source makes it. It carries two compiled forms:
//
// - the record our own loader runs (src/ses/module-record.ts), registered
//   in a private slot, so that our loader never takes functor text from an
//   object a program made up;
// - the original's own properties: `imports`, `exports`, `reexports`, and
//   the precompiled program with its maps (`__syncModuleProgram__`,
//   `__liveExportMap__`, `__fixedExportMap__`, `__reexportMap__`,
//   `__needsImport__`, `__needsImportMeta__`, see sync-module-program.ts),
//   which archives store and the original's loader runs.
//
// The second argument is the location (a string) or options with
// `sourceUrl`, `sourceMapUrl` (the name the source map gives the source;
// it does not appear in the program) and `sourceMapHook`, called once with
// a source map of the program, line by line (line-source-map.ts); an input
// `sourceMap` is accepted and ignored. A syntax error names the location,
// line and column.

import { transformModule } from '../ses/module-transform.js';
import { registerModuleRecord } from '../ses/module-record.js';
import { setFunctionLength } from '../ses/commons.js';
import type { EsNode, ScriptAnalysis } from '../ses/scope-analysis.js';
import { lineSourceMap } from './line-source-map.js';
import { describe, sourceUrlOf, type ModuleSourceOptions } from './source-options.js';
import { makeSyncModuleProgram, type FixedExportMap, type LiveExportMap, type ReexportMap, type SyncModuleProgram } from './sync-module-program.js';

export type { ModuleSourceOptions } from './source-options.js';

// The layer the Source Phase Imports proposal puts above module sources,
// which the original provides (and ses's lockdown expects to find or add).
function AbstractModuleSource(): void {
  // Nothing: safe to call from a subclass constructor.
}

export class ModuleSource {
  declare readonly imports: readonly string[];
  declare readonly exports: readonly string[];
  declare readonly reexports: readonly string[];
  declare readonly __syncModuleProgram__: string;
  declare readonly __liveExportMap__: LiveExportMap;
  declare readonly __fixedExportMap__: FixedExportMap;
  declare readonly __reexportMap__: ReexportMap;
  declare readonly __needsImport__: boolean;
  declare readonly __needsImportMeta__: boolean;

  constructor(source: string, options?: string | ModuleSourceOptions) {
    if (typeof source !== 'string') {
      throw TypeError(`ModuleSource: the source must be a string, got ${describe(source)}`);
    }
    const sourceUrl = sourceUrlOf(options, 'ModuleSource');
    let program: SyncModuleProgram | undefined;
    const record = transformModule(source, sourceUrl, (tree: EsNode, analysis: ScriptAnalysis) => {
      program = makeSyncModuleProgram(source, tree, analysis, sourceUrl);
    });
    registerModuleRecord(this, record);
    const precompiled = program!;
    // Own, enumerable and read-only, in the original's order.
    Object.defineProperties(this, {
      imports: { value: record.imports, enumerable: true },
      exports: { value: record.exports, enumerable: true },
      reexports: { value: record.reexports, enumerable: true },
      __syncModuleProgram__: { value: precompiled.__syncModuleProgram__, enumerable: true },
      __liveExportMap__: { value: precompiled.__liveExportMap__, enumerable: true },
      __reexportMap__: { value: precompiled.__reexportMap__, enumerable: true },
      __fixedExportMap__: { value: precompiled.__fixedExportMap__, enumerable: true },
      __needsImport__: { value: precompiled.__needsImport__, enumerable: true },
      __needsImportMeta__: { value: precompiled.__needsImportMeta__, enumerable: true },
    });
    Object.freeze(this);
    const { sourceMapHook, sourceMapUrl } = (typeof options === 'object' && options !== null ? options : {}) as ModuleSourceOptions;
    if (typeof sourceMapHook === 'function') {
      const map = lineSourceMap(precompiled.__syncModuleProgram__, source, sourceMapUrl ?? sourceUrl ?? '<unknown>');
      sourceMapHook(map, { sourceUrl, sourceMapUrl, source });
    }
  }
}
Object.setPrototypeOf(ModuleSource, AbstractModuleSource);
Object.setPrototypeOf(ModuleSource.prototype, AbstractModuleSource.prototype);
Object.freeze(AbstractModuleSource.prototype);
Object.freeze(AbstractModuleSource);
Object.freeze(ModuleSource.prototype);
// The original's constructor declares one parameter.
Object.freeze(setFunctionLength(ModuleSource, 1));
