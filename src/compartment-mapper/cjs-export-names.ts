// The export names an ES module importer sees on a CommonJS module, found
// as Node finds them before the module runs: `default`, the names the
// cjs-module-lexer analysis finds, and the names of every module it
// reexports (`module.exports = require('./x')`, `__exportStar`), followed
// through Node's CommonJS resolution. As in Node, a reexport that does not
// resolve, that resolves to a builtin, or to a `.json`/`.node` file adds
// nothing, and a module whose text does not parse has no names but
// `default` (running it reports the syntax error).

import { extname } from 'node:path';
import type { CjsModuleSource } from '../module-source/index.js';

export interface ExportNameSources {
  /** The analysis of a file's text as CommonJS, or undefined when it does not parse. */
  analyse(filename: string): CjsModuleSource | undefined;
  /** CommonJS resolution of `specifier` from `referrerFilename`: an absolute file name, or a builtin's name. */
  resolve(specifier: string, referrerFilename: string): string;
  isFile(resolved: string): boolean;
}

const NOT_LEXED = new Set(['.json', '.node']);

/** The names `import * as ns from filename` gives, 'default' among them. */
export const cjsExportNames = (filename: string, sources: ExportNameSources): string[] => {
  const names = new Set<string>(['default']);
  // Each file is visited once, which also ends reexport cycles.
  const visited = new Set<string>();
  const visit = (file: string): void => {
    if (visited.has(file)) return;
    visited.add(file);
    const analysis = sources.analyse(file);
    if (analysis === undefined) return;
    for (const name of analysis.exports) names.add(name);
    for (const reexport of analysis.reexports) {
      let resolved: string;
      try {
        resolved = sources.resolve(reexport, file);
      } catch {
        continue;
      }
      if (!sources.isFile(resolved) || NOT_LEXED.has(extname(resolved))) continue;
      visit(resolved);
    }
  };
  visit(filename);
  return [...names];
};
