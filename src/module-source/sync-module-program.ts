// Writes the program of an ES module in the calling convention of the
// original @endo/module-source (its `__syncModuleProgram__`), with the
// export maps that its loader (ses's module-instance.js) reads beside it.
// Archives store these, so a module compiled here must run in the
// original's loader, and the original's programs must run in ours
// (src/ses/module-loader/precompiled.ts).
//
// The program is the text of an arrow function:
//
//   ({imports:I, liveVar:L, onceVar:O, import:D, importMeta:M}) =>
//     (function () { 'use strict'; <preamble> <the module body, rewritten> })()
//
// - The preamble declares every import binding (`let a, b;`) and calls
//   I([[specifier, [[importName, [updater, ...]], ...]], ...]) once: the
//   loader calls each updater with the imported binding's value, at link
//   time and whenever it changes. An import updater is `v => (a = v)`.
// - An exported binding that is never assigned after its declaration is
//   "fixed": O.x(value) initializes it once, right after its declaration
//   runs (a function declaration's, in the preamble, as it is hoisted).
// - One that is assigned again, and every exported `var`, is "live": its
//   declaration is renamed ($c͏_x) and L.x(value) initializes it; every
//   other reference to `x` stays free, for the loader to resolve to an
//   accessor that reads and updates the exported binding.
// - `export default <expression>` becomes
//   `const { default: $c͏_default } = { default: (<expression>) }; O.default($c͏_default);`
//   (so that an anonymous function or class is named `default`).
// - Re-exports (`export ... from`, `export *`) leave nothing in the body:
//   the maps say what they are and the loader links them.
// - `import.meta` is M and `import(x)` calls D.
//
// Every edit stays on its line (the preamble shares the first line), so
// line numbers in stacks are the module's. The rewriting is ours; what it
// produces follows the original's convention, which the functor-contract
// tests check by running our programs in the original's loader.

import { applyEdits, insertion, replacement, type Edit } from '../ses/generated-code.js';
import { moduleStatementTokens } from '../ses/parse-source.js';
import type { EsNode, ScriptAnalysis } from '../ses/scope-analysis.js';
import {
  HIDDEN_A,
  HIDDEN_CONST_VAR_PREFIX,
  HIDDEN_IDENTIFIERS,
  HIDDEN_IMPORT,
  HIDDEN_IMPORTS,
  HIDDEN_LIVE,
  HIDDEN_META,
  HIDDEN_ONCE,
} from './hidden-names.js';
import { sanitizeSourceUrl } from './sanitize-source-url.js';

/** Export name -> [local name, whether references to the local go through the loader's accessor]. */
export type LiveExportMap = Record<string, readonly [string, boolean]>;
/** Export name -> [local name]. */
export type FixedExportMap = Record<string, readonly [string]>;
/** Specifier -> [[imported name or '*', export name], ...]. */
export type ReexportMap = Record<string, readonly (readonly [string, string])[]>;

export interface SyncModuleProgram {
  __syncModuleProgram__: string;
  __liveExportMap__: LiveExportMap;
  __fixedExportMap__: FixedExportMap;
  __reexportMap__: ReexportMap;
  __needsImport__: boolean;
  __needsImportMeta__: boolean;
}

const { stringify } = JSON;

/** An import or export name: an identifier, or a string literal. */
const nameOf = (node: EsNode): string => (node.type === 'Identifier' ? node.name : String(node.value));

/** Keeps only the line breaks of a removed range, so that line numbers stay. */
const blankedLines = (text: string): string => text.replace(/[^\n\r\u2028\u2029]+/g, '');

/** A name the program binds for the declaration of `name` once it is renamed. */
const softened = (name: string): string => `${HIDDEN_CONST_VAR_PREFIX}${name}`;

/** One identifier that a declaration binds, and whether it stands as a shorthand property (`{ x }`). */
interface BoundIdentifier {
  node: EsNode;
  shorthand: boolean;
}

const boundIdentifiers = (pattern: EsNode | null, found: BoundIdentifier[], shorthand = false): BoundIdentifier[] => {
  if (pattern === null) return found;
  switch (pattern.type) {
    case 'Identifier':
      found.push({ node: pattern, shorthand });
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        if (property.type === 'RestElement') boundIdentifiers(property.argument, found);
        else boundIdentifiers(property.value, found, property.shorthand === true);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) boundIdentifiers(element, found);
      break;
    case 'RestElement':
      boundIdentifiers(pattern.argument, found);
      break;
    case 'AssignmentPattern':
      boundIdentifiers(pattern.left, found, shorthand);
      break;
  }
  return found;
};

/** A top-level declaration of the module, with the statement it stands in (maybe an `export`). */
interface Declaration {
  kind: 'var' | 'let' | 'const' | 'function' | 'class';
  ids: BoundIdentifier[];
  statement: EsNode;
}

/** Refuses the module when it names one of the original's hidden names, as the original does. */
const checkHiddenNames = (program: EsNode, text: string, fail: (message: string) => never): void => {
  if (!text.includes('\u034f')) return;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const esNode = node as EsNode;
    if (esNode.type === 'Identifier' && typeof esNode.name === 'string') {
      if (HIDDEN_IDENTIFIERS.includes(esNode.name)) fail(`The ${esNode.name} identifier is reserved`);
      if (esNode.name.startsWith(HIDDEN_CONST_VAR_PREFIX)) fail(`The ${esNode.name} constant variable is reserved`);
    }
    for (const key of Object.keys(esNode)) {
      if (key !== 'type' && key !== 'start' && key !== 'end' && key !== 'loc' && key !== 'range') walk((esNode as Record<string, unknown>)[key]);
    }
  };
  walk(program);
};

/** The end of the `default` keyword of an `export default` statement, read by the tokenizer. */
const defaultKeywordEnd = (text: string, statement: EsNode): number => moduleStatementTokens(text, statement.start, statement.end)[1].end;

/**
 * The program and maps of a parsed module. `program` is the module's tree
 * and `analysis` its scope analysis (src/ses/scope-analysis.ts), both from
 * the transform that also compiles it for our own loader.
 */
export const makeSyncModuleProgram = (
  text: string,
  program: EsNode,
  analysis: ScriptAnalysis,
  sourceUrl: string | undefined,
): SyncModuleProgram => {
  const fail = (message: string): never => {
    const where = sourceUrl === undefined ? '<unknown>' : stringify(sourceUrl);
    throw SyntaxError(`Error transforming source in ${where}: ${message}`);
  };
  checkHiddenNames(program, text, fail);

  const edits: Edit[] = [];
  /** Text inserted at an offset; several insertions at one offset are joined in order. */
  const insertions = new Map<number, string>();
  const insertAt = (offset: number, added: string) => insertions.set(offset, (insertions.get(offset) ?? '') + added);
  const blank = (start: number, end: number) => edits.push(replacement({ start, end }, blankedLines(text.slice(start, end))));

  /** Specifier -> import name -> updater sources (the original's importSources). */
  const importSources = new Map<string, Map<string, string[]>>();
  const sourceOf = (specifier: string): Map<string, string[]> => {
    let updaters = importSources.get(specifier);
    if (updaters === undefined) importSources.set(specifier, (updaters = new Map()));
    return updaters;
  };
  /** Import local name -> its updater list. */
  const importUpdaters = new Map<string, string[]>();
  const importDecls: string[] = [];
  const reexportMap: Record<string, [string, string][]> = Object.create(null);
  const addReexport = (specifier: string, importName: string, exportName: string) =>
    (reexportMap[specifier] ??= []).push([importName, exportName]);
  const liveExportMap: Record<string, [string, boolean]> = Object.create(null);
  const fixedExportMap: Record<string, [string]> = Object.create(null);
  /** Local name -> the export names it is exported as. */
  const topLevelExported = new Map<string, string[]>();
  const exportLocal = (local: string, exported: string) => {
    const names = topLevelExported.get(local);
    if (names === undefined) topLevelExported.set(local, [exported]);
    else names.push(exported);
  };
  const localSpecifiers: [local: string, exported: string][] = [];
  const declarations: Declaration[] = [];
  const declare = (declaration: EsNode, statement: EsNode) => {
    if (declaration.type === 'VariableDeclaration') {
      const ids: BoundIdentifier[] = [];
      for (const declarator of declaration.declarations) boundIdentifiers(declarator.id, ids);
      declarations.push({ kind: declaration.kind, ids, statement });
    } else if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
      if (declaration.id) {
        declarations.push({ kind: declaration.type === 'FunctionDeclaration' ? 'function' : 'class', ids: [{ node: declaration.id, shorthand: false }], statement });
      }
    }
  };

  for (const statement of program.body as EsNode[]) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        const updaters = sourceOf(statement.source.value);
        for (const specifier of statement.specifiers) {
          const local: string = specifier.local.name;
          const imported =
            specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : nameOf(specifier.imported);
          importDecls.push(local);
          let list = updaters.get(imported);
          if (list === undefined) updaters.set(imported, (list = []));
          list.push(`${HIDDEN_A} => (${local} = ${HIDDEN_A})`);
          importUpdaters.set(local, list);
        }
        blank(statement.start, statement.end);
        break;
      }
      case 'ExportAllDeclaration': {
        const specifier: string = statement.source.value;
        sourceOf(specifier);
        if (statement.exported) addReexport(specifier, '*', nameOf(statement.exported));
        blank(statement.start, statement.end);
        break;
      }
      case 'ExportNamedDeclaration': {
        if (statement.declaration) {
          declare(statement.declaration, statement);
          const ids: BoundIdentifier[] =
            statement.declaration.type === 'VariableDeclaration'
              ? statement.declaration.declarations.flatMap((d: EsNode) => boundIdentifiers(d.id, []))
              : [{ node: statement.declaration.id, shorthand: false }];
          for (const { node } of ids) exportLocal(node.name, node.name);
          blank(statement.start, statement.declaration.start);
        } else if (statement.source) {
          const specifier: string = statement.source.value;
          sourceOf(specifier);
          for (const s of statement.specifiers) addReexport(specifier, nameOf(s.local), nameOf(s.exported));
          blank(statement.start, statement.end);
        } else {
          for (const s of statement.specifiers) localSpecifiers.push([s.local.name, nameOf(s.exported)]);
          blank(statement.start, statement.end);
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const { declaration } = statement;
        fixedExportMap.default = ['default'];
        if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) {
          // The declaration stays (and may be exported by name too); its binding is the default.
          declare(declaration, statement);
          blank(statement.start, declaration.start);
          insertAt(statement.end, ` ${HIDDEN_ONCE}.default(${declaration.id.name});`);
        } else {
          const hasSemicolon = text[statement.end - 1] === ';';
          const end = hasSemicolon ? statement.end - 1 : statement.end;
          // The parser's range of a parenthesized expression leaves its parentheses out.
          const afterKeywords = declaration.end === end ? declaration.start : defaultKeywordEnd(text, statement);
          blank(statement.start, afterKeywords);
          const name = softened('default');
          insertAt(afterKeywords, `const { default: ${name} } = { default: (`);
          insertAt(end, hasSemicolon ? ') }' : ') };');
          insertAt(statement.end, ` ${HIDDEN_ONCE}.default(${name});`);
        }
        break;
      }
      case 'FunctionDeclaration':
      case 'ClassDeclaration':
      case 'VariableDeclaration':
        declare(statement, statement);
        break;
    }
  }

  // `export { a as b }` of an import re-exports it: the import's updaters
  // also update the export, which is live (an import may change).
  for (const [local, exported] of localSpecifiers) {
    const updaters = importUpdaters.get(local);
    if (updaters === undefined) {
      exportLocal(local, exported);
    } else {
      updaters.push(`${HIDDEN_LIVE}[${stringify(local)}]`);
      liveExportMap[exported] = [local, false];
    }
  }

  // A binding is "once" when nothing assigns it after its single declaration.
  const assigned = new Set<string>();
  for (const ref of analysis.topLevelReferences) if (ref.kind === 'write') assigned.add(ref.name);
  const declarationCount = new Map<string, number>();
  for (const { ids } of declarations) for (const { node } of ids) declarationCount.set(node.name, (declarationCount.get(node.name) ?? 0) + 1);
  const isOnce = (name: string) => !assigned.has(name) && declarationCount.get(name) === 1;

  const markLive = (name: string) => {
    for (const exported of topLevelExported.get(name) ?? []) liveExportMap[exported] = [name, true];
  };
  const markFixed = (name: string) => {
    for (const exported of topLevelExported.get(name) ?? []) fixedExportMap[exported] = [name];
  };
  const soften = ({ node, shorthand }: BoundIdentifier) =>
    edits.push(replacement(node, shorthand ? `${node.name}: ${softened(node.name)}` : softened(node.name)));

  const hoisted: string[] = [];
  for (const { kind, ids, statement } of declarations) {
    let additions = '';
    for (const id of ids) {
      const { name } = id.node;
      if (!topLevelExported.has(name)) continue;
      if (kind === 'const') {
        additions += ` ${HIDDEN_ONCE}.${name}(${name});`;
        markFixed(name);
      } else if (kind === 'class') {
        additions += ` ${isOnce(name) ? HIDDEN_ONCE : HIDDEN_LIVE}.${name}(${name});`;
        if (isOnce(name)) markFixed(name);
        else markLive(name);
      } else if (!isOnce(name)) {
        soften(id);
        additions += ` ${HIDDEN_LIVE}.${name}(${softened(name)});`;
        markLive(name);
      } else if (kind === 'let') {
        additions += ` ${HIDDEN_ONCE}.${name}(${name});`;
        markFixed(name);
      } else if (kind === 'function') {
        // Hoisted: exported before anything runs, as a function declaration is.
        hoisted.push(`Object.defineProperty(${name},'name',{value:${stringify(name)}});${HIDDEN_ONCE}.${name}(${name});`);
        markFixed(name);
      } else {
        // var: declared (undefined) before anything runs, assigned where its declaration is.
        soften(id);
        hoisted.push(`${HIDDEN_LIVE}.${name}();`);
        additions += ` ${name} = ${softened(name)};`;
        markLive(name);
      }
    }
    if (additions !== '') {
      const needsSemicolon = kind !== 'function' && kind !== 'class' && text[statement.end - 1] !== ';';
      insertAt(statement.end, `${needsSemicolon ? ';' : ''}${additions}`);
    }
  }

  for (const node of analysis.importMetas) edits.push(replacement(node, HIDDEN_META));
  for (const node of analysis.importExpressions) edits.push(replacement({ start: node.start, end: node.start + 'import'.length }, HIDDEN_IMPORT));
  if (text.startsWith('#!')) edits.push(replacement({ start: 0, end: 2 }, '//'));
  for (const [offset, added] of insertions) edits.push(insertion(offset, added));
  const body = applyEdits(text, edits).text;

  const importList = [...importSources]
    .map(
      ([specifier, names]) =>
        `[${stringify(specifier)}, [${[...names].map(([name, updaters]) => `[${stringify(name)},[${updaters.join(',')}]]`).join(',')}]]`,
    )
    .join(',');
  const preamble = `${importDecls.length > 0 ? `let ${importDecls.join(',')};` : ''}${HIDDEN_IMPORTS}([${importList}]);${hoisted.join('')}`;
  let functor =
    `({imports:${HIDDEN_IMPORTS},liveVar:${HIDDEN_LIVE},onceVar:${HIDDEN_ONCE},import:${HIDDEN_IMPORT},importMeta:${HIDDEN_META}})=>` +
    `(function(){'use strict';${preamble}${body}\n})()\n`;
  const url = sanitizeSourceUrl(sourceUrl);
  if (url !== undefined) functor += `//# sourceURL=${url}\n`;

  for (const entry of Object.values(liveExportMap)) Object.freeze(entry);
  for (const entry of Object.values(fixedExportMap)) Object.freeze(entry);
  for (const pairs of Object.values(reexportMap)) {
    for (const pair of pairs) Object.freeze(pair);
    Object.freeze(pairs);
  }
  return {
    __syncModuleProgram__: functor,
    __liveExportMap__: Object.freeze(liveExportMap),
    __fixedExportMap__: Object.freeze(fixedExportMap),
    __reexportMap__: Object.freeze(reexportMap),
    __needsImport__: analysis.importExpressions.length > 0,
    __needsImportMeta__: analysis.importMetas.length > 0,
  };
};
