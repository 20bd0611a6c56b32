// `new CjsModuleSource(text, location?)`: a CommonJS module, parsed and
// analysed once, as @endo/module-source makes it: `imports` (what it
// requires), `exports` (the names an ES module importer sees, `default`
// among them), `reexports`, `cjsFunctor` (the text of a function of
// `require, exports, module, __filename, __dirname`, and of the module's
// import() when it uses one) and `__needsImport__`.
//
// As in the original, it is not a module source the loader runs by itself:
// whoever loads CommonJS (the compartment mapper) evaluates `cjsFunctor` in
// the module's compartment and calls it with `this` the module's exports.

import { setFunctionLength } from '../ses/commons.js';
import { applyEdits, insertion, replacement, type Edit } from '../ses/generated-code.js';
import { analyzeCjs } from './cjs-analysis.js';
import { parseCjs } from './cjs-parse.js';
import { HIDDEN_IMPORT } from './hidden-names.js';
import { describe, sourceUrlOf, type ModuleSourceOptions } from './source-options.js';
import { sanitizeSourceUrl } from './sanitize-source-url.js';



export class CjsModuleSource {
  declare readonly imports: readonly string[];
  declare readonly exports: readonly string[];
  declare readonly reexports: readonly string[];
  declare readonly cjsFunctor: string;
  declare readonly __needsImport__: boolean;

  constructor(source: string, options?: string | ModuleSourceOptions) {
    if (typeof source !== 'string') {
      throw TypeError(`CjsModuleSource: the source must be a string, got ${describe(source)}`);
    }
    const sourceUrl = sourceUrlOf(options, 'CjsModuleSource');
    const program = parseCjs(source, sourceUrl);
    const analysis = analyzeCjs(program, source);
    const needsImport = analysis.importExpressions.length > 0;

    const edits: Edit[] = analysis.importExpressions.map(start => replacement({ start, end: start + 'import'.length }, HIDDEN_IMPORT));
    // The hashbang line becomes a comment, kept whole.
    if (source.startsWith('#!')) edits.push(insertion(0, '//'));
    const body = applyEdits(source, edits).text;
    const parameters = `require, exports, module, __filename, __dirname${needsImport ? `, ${HIDDEN_IMPORT}` : ''}`;
    // `//*/` closes nothing, but ends a block comment left open at the end of the text.
    let functor = `(function (${parameters}) { 'use strict'; ${body} //*/\n})\n`;
    const url = sanitizeSourceUrl(sourceUrl);
    if (url !== undefined) functor += `//# sourceURL=${url}\n`;

    Object.defineProperties(this, {
      imports: { value: Object.freeze(analysis.imports), enumerable: true },
      exports: { value: Object.freeze(analysis.exports), enumerable: true },
      reexports: { value: Object.freeze(analysis.reexports), enumerable: true },
      cjsFunctor: { value: functor, enumerable: true },
      __needsImport__: { value: needsImport, enumerable: true },
    });
    Object.freeze(this);
  }
}
Object.freeze(CjsModuleSource.prototype);
Object.freeze(setFunctionLength(CjsModuleSource, 1));
