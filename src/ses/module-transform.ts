// Compiles the text of an ES module into a ModuleRecord (module-record.ts):
// its imports and exports, and the functor text the loader runs, already
// confined like any compartment code (free names read the global object,
// direct evals go through the direct-eval kit).
//
// The functor is a generator function whose own scope is the module scope:
//
//   (function* (N, R, M, D, V) { const V0 = V[0], ...; R({ x: () => x, ... }); yield;
//   ...the module body, with its import and export syntax rewritten...
//   })
//
// - Each import binding becomes a property read of the binding view of the
//   module it comes from (`x` -> `V0.x`; a namespace import is the
//   namespace itself, `I0`): the view's getters read the exporter's
//   binding, so imports are live, and read-only (a write throws, as writing
//   an import does). A called import is `(0, V0.x)()`: `this` is undefined.
// - Each local export gets a reader closure, handed to the loader during the
//   first next(): the loader builds namespaces on them. A reader of a
//   `let`, `const` or `class` throws a ReferenceError until the body has
//   run its declaration: the temporal dead zone comes from the language.
// - The first next() is the instantiation (function declarations are
//   hoisted, so they can be called through a cycle before this module
//   runs); the second runs the body. A module with top-level await gets an
//   async generator, awaited by the loader.
// - `export default <expression>` becomes a `const` named for the export;
//   `{ default: <expression> }.default` gives anonymous functions and
//   classes the name `default`, as the language does.
// - `import.meta` is M; `import(x)` calls D.
// - Module text where `<!--` or `-->` would start a comment in a Script is
//   refused (module-html-comments.ts): the functor is compiled as a Script.
// - Every position an edit uses comes from the parser's tree or tokenizer,
//   never from scanning the text by hand.
//
// Every edit stays on its line (the prologue shares the first line), so
// stack traces and error locations keep the module's line numbers.

import {
  applyEdits,
  code,
  GeneratedCode,
  insertion,
  internal,
  isIdentifierName,
  joinFragments,
  replacement,
  type Edit,
  type Fragment,
} from './generated-code.js';
import { confinementEdits, globalBindingFor, type Alias } from './confine-script.js';
import {
  BINDING_VIEWS_BINDING,
  DEFAULT_BINDING,
  DYNAMIC_IMPORT_BINDING,
  IMPORT_META_BINDING,
  importNamespaceBinding,
  importViewBinding,
  NAMESPACES_BINDING,
  SET_READERS_BINDING,
} from './internal-names.js';
import type { ModuleRecord } from './module-record.js';
import { findHtmlLikeComment } from './module-html-comments.js';
import { moduleStatementTokens, parseSource, type Comment } from './parse-source.js';
import { analyzeScript, type EsNode, type ScriptAnalysis } from './scope-analysis.js';
import { lineNumberAt, makeRejection, reservedNameError, strictModeBindingError } from './source-rejections.js';

/** `object.name`, or `object["name"]` for a name that is not an identifier (`import { "a-b" as x }`). */
const propertyAccess = (object: Fragment, name: string): Fragment =>
  isIdentifierName(name) ? code`${object}.${name}` : code`${object}[${JSON.stringify(name)}]`;

/** An import or export name: an identifier, or a string literal (arbitrary module namespace names). */
const nameOf = (node: EsNode): string => (node.type === 'Identifier' ? node.name : String(node.value));

/** A property key in an object literal that defines an own property: `__proto__: v` would set the prototype. */
const ownKey = (name: string): string => (name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name));

/** The names a declaration binds (`export let a, { b } = o;`, `export function f`, `export class C`). */
const boundNames = (declaration: EsNode): string[] => {
  if (declaration.type !== 'VariableDeclaration') return [declaration.id.name];
  const names: string[] = [];
  const collect = (pattern: EsNode | null): void => {
    if (pattern === null) return;
    switch (pattern.type) {
      case 'Identifier':
        names.push(pattern.name);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) collect(property.type === 'RestElement' ? property.argument : property.value);
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) collect(element);
        return;
      case 'RestElement':
        collect(pattern.argument);
        return;
      case 'AssignmentPattern':
        collect(pattern.left);
        return;
    }
  };
  for (const declarator of declaration.declarations) collect(declarator.id);
  return names;
};

/** Keeps only the line breaks of a removed range, so that line numbers stay. */
const blankedLines = (text: string): string => text.replace(/[^\n\r\u2028\u2029]+/g, '');

/** The end of the `default` keyword of an `export default` statement, read by the tokenizer. */
const defaultKeywordEnd = (text: string, statement: EsNode): number => {
  const [exportToken, defaultToken] = moduleStatementTokens(text, statement.start, statement.end);
  if (text.slice(exportToken?.start, exportToken?.end) !== 'export' || text.slice(defaultToken?.start, defaultToken?.end) !== 'default') {
    throw SyntaxError(`Internal: no 'export default' at offset ${statement.start}`);
  }
  return defaultToken.end;
};

/** The offset of the `(` that opens the parameters of `export default function () {}` (after `async`, `function`, `*`). */
const paramsOpeningOffset = (text: string, statement: EsNode): number => {
  const opening = moduleStatementTokens(text, statement.start, statement.end).find(token => text[token.start] === '(');
  if (opening === undefined) throw SyntaxError(`Internal: no parameters in the statement at offset ${statement.start}`);
  return opening.start;
};

interface ModuleShape {
  imports: string[];
  reexports: string[];
  /** Local binding name -> [specifier index, imported name or '*']. */
  importBindings: Map<string, readonly [number, string]>;
  /** Export name -> local binding name (or DEFAULT_BINDING). */
  localExports: Map<string, string>;
  indirectExports: Map<string, readonly [string, string]>;
  /** Whether `export default function () {}` needs the name `default` given at instantiation. */
  anonymousDefaultFunction: boolean;
}

/** Reads the import and export declarations; returns the shape and the edits that remove or rewrite them. */
const readModuleDeclarations = (program: EsNode, text: string) => {
  const shape: ModuleShape = {
    imports: [],
    reexports: [],
    importBindings: new Map(),
    localExports: new Map(),
    indirectExports: new Map(),
    anonymousDefaultFunction: false,
  };
  const edits: Edit[] = [];
  const indexOf = (specifier: string): number => {
    let index = shape.imports.indexOf(specifier);
    if (index === -1) index = shape.imports.push(specifier) - 1;
    return index;
  };
  /** Removes [start, end), keeping its line breaks. */
  const blanked = (start: number, end: number): Edit => replacement({ start, end }, blankedLines(text.slice(start, end)));
  const remove = (node: EsNode) => edits.push(blanked(node.start, node.end));
  // Local export specifiers (`export { x as y }`) are resolved once every import is known.
  const localSpecifiers: { local: string; exported: string; node: EsNode }[] = [];

  for (const statement of program.body as EsNode[]) {
    switch (statement.type) {
      case 'ImportDeclaration': {
        const index = indexOf(statement.source.value);
        for (const specifier of statement.specifiers) {
          const imported =
            specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.type === 'ImportNamespaceSpecifier' ? '*' : nameOf(specifier.imported);
          shape.importBindings.set(specifier.local.name, [index, imported]);
        }
        remove(statement);
        break;
      }
      case 'ExportAllDeclaration': {
        const specifier = statement.source.value;
        indexOf(specifier);
        if (statement.exported) shape.indirectExports.set(nameOf(statement.exported), [specifier, '*']);
        else shape.reexports.push(specifier); // once per declaration, as the original lists them
        remove(statement);
        break;
      }
      case 'ExportNamedDeclaration': {
        if (statement.declaration) {
          for (const name of boundNames(statement.declaration)) shape.localExports.set(name, name);
          edits.push(blanked(statement.start, statement.declaration.start));
        } else if (statement.source) {
          const specifier = statement.source.value;
          indexOf(specifier);
          for (const s of statement.specifiers) shape.indirectExports.set(nameOf(s.exported), [specifier, nameOf(s.local)]);
          remove(statement);
        } else {
          for (const s of statement.specifiers) localSpecifiers.push({ local: s.local.name, exported: nameOf(s.exported), node: s });
          remove(statement);
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const { declaration } = statement;
        const isFunction = declaration.type === 'FunctionDeclaration';
        if ((isFunction || declaration.type === 'ClassDeclaration') && declaration.id) {
          shape.localExports.set('default', declaration.id.name);
          edits.push(blanked(statement.start, declaration.start));
        } else if (isFunction) {
          // Hoisted like any function declaration; named `default` at instantiation.
          shape.localExports.set('default', DEFAULT_BINDING);
          shape.anonymousDefaultFunction = true;
          edits.push(blanked(statement.start, declaration.start));
          edits.push(insertion(paramsOpeningOffset(text, statement), code` ${internal(DEFAULT_BINDING)}`));
        } else {
          // From just after `default` to the end of the statement, without its `;`:
          // the parser's range for a parenthesized expression leaves its parentheses out.
          shape.localExports.set('default', DEFAULT_BINDING);
          const hasSemicolon = text[statement.end - 1] === ';';
          const end = hasSemicolon ? statement.end - 1 : statement.end;
          // Where the expression ends the statement, nothing (no parenthesis) follows it, so
          // nothing of it comes before its start either; otherwise the tokenizer says where
          // `default` ends.
          const afterKeywords = declaration.end === end ? declaration.start : defaultKeywordEnd(text, statement);
          edits.push(blanked(statement.start, afterKeywords));
          edits.push(insertion(afterKeywords, code`const ${internal(DEFAULT_BINDING)} = { default: (`));
          edits.push(insertion(end, `) }.default${hasSemicolon ? '' : ';'}`));
        }
        break;
      }
    }
  }

  for (const { local, exported, node } of localSpecifiers) {
    const imported = shape.importBindings.get(local);
    if (imported !== undefined) {
      // `import { a } from 'm'; export { a as b }` re-exports m's binding.
      shape.indirectExports.set(exported, [shape.imports[imported[0]], imported[1]]);
    } else {
      shape.localExports.set(exported, local);
    }
  }
  return { shape, edits, localSpecifiers };
};

/**
 * Compiles module text into a ModuleRecord; a syntax error names
 * `location:line:column`. `inspect`, when given, is shown the module's tree
 * and scope analysis once they pass the checks.
 */
export const transformModule = (
  text: string,
  location = '<unknown>',
  inspect?: (program: EsNode, analysis: ScriptAnalysis) => void,
): ModuleRecord => {
  // Comments matter only to find an HTML-like one: not collected unless the text may hold one.
  const comments: Comment[] | undefined = text.includes('<!--') || text.includes('-->') ? [] : undefined;
  const program = parseSource(text, 'module', comments, () => location);
  const fail = (message: string, node: EsNode): never => {
    throw SyntaxError(`${message} at ${location}:${lineNumberAt(text, node.start)}`);
  };
  // The functor is compiled as a Script, where `<!--` and `-->` can start
  // comments that the Module goal does not have: refuse them, as ses does.
  const htmlComment = comments && findHtmlLikeComment(text, program, comments);
  if (htmlComment !== undefined) throw makeRejection('SES_HTML_COMMENT_REJECTED', location, lineNumberAt(text, htmlComment));

  const { shape, edits, localSpecifiers } = readModuleDeclarations(program, text);
  const analysis = analyzeScript(program);
  if (analysis.strictModeBindings.length > 0) throw strictModeBindingError(analysis.strictModeBindings[0], text, location);
  if (analysis.internalIdentifiers.length > 0) throw reservedNameError(analysis.internalIdentifiers[0], text, location);
  for (const { local, node } of localSpecifiers) {
    if (!analysis.topLevelNames.has(local)) fail(`Export '${local}' is not defined in module`, node);
  }
  // endo/module-source also writes the original's program from the same tree (before the edits below).
  if (inspect !== undefined) inspect(program, analysis);

  // Which imported modules the body reads whole (namespace imports) or by name (binding views).
  const namespacesUsed = new Set<number>();
  const viewsUsed = new Set<number>();
  /** How the body reads an import binding: never a variable, always read-only. */
  const importAlias = (name: string): Alias | undefined => {
    const imported = shape.importBindings.get(name);
    if (imported === undefined) return undefined;
    const [index, importName] = imported;
    if (importName === '*') {
      namespacesUsed.add(index);
      return { access: internal(importNamespaceBinding(index)), isPropertyRead: false, writable: false };
    }
    viewsUsed.add(index);
    return { access: propertyAccess(internal(importViewBinding(index)), importName), isPropertyRead: true, writable: false };
  };
  edits.push(...confinementEdits(analysis, { global: globalBindingFor(analysis), topLevelAlias: importAlias }));
  for (const node of analysis.importMetas) edits.push(replacement(node, internal(IMPORT_META_BINDING)));
  for (const node of analysis.importExpressions) {
    edits.push(replacement({ start: node.start, end: node.start + 'import'.length }, internal(DYNAMIC_IMPORT_BINDING)));
  }
  if (text.startsWith('#!')) edits.push(replacement({ start: 0, end: 2 }, '//'));
  const body = applyEdits(text, edits);

  const namespaceBindings = [
    ...[...namespacesUsed].map(index => code`${internal(importNamespaceBinding(index))} = ${internal(NAMESPACES_BINDING)}[${String(index)}]`),
    ...[...viewsUsed].map(index => code`${internal(importViewBinding(index))} = ${internal(BINDING_VIEWS_BINDING)}[${String(index)}]`),
  ];
  const readers = [...shape.localExports].map(
    ([exported, local]) => code`${ownKey(exported)}: () => ${local === DEFAULT_BINDING ? internal(DEFAULT_BINDING) : local}`,
  );
  const defaultArgument = shape.anonymousDefaultFunction ? code`, ${internal(DEFAULT_BINDING)}` : code``;
  const prologue = code`${namespaceBindings.length > 0 ? code`const ${joinFragments(namespaceBindings, ', ')};` : ''} ${internal(
    SET_READERS_BINDING,
  )}({ ${joinFragments(readers, ', ')} }${defaultArgument}); yield;`;
  const isAsync = analysis.hasTopLevelAwait;
  const parameters = joinFragments(
    [NAMESPACES_BINDING, SET_READERS_BINDING, IMPORT_META_BINDING, DYNAMIC_IMPORT_BINDING, BINDING_VIEWS_BINDING].map(internal),
    ', ',
  );
  const functor = code`(${isAsync ? 'async ' : ''}function* (${parameters}) { ${prologue} ${body}\n})\n//# sourceURL=${location.replace(
    /\s/g,
    encodeURIComponent,
  )}\n`;

  const exportNames = [...new Set([...shape.localExports.keys(), ...shape.indirectExports.keys()])].sort();
  const importedNames: (readonly [string, string])[] = [...shape.importBindings.values()].map(([index, name]) => [shape.imports[index], name] as const);
  return Object.freeze({
    location,
    imports: Object.freeze(shape.imports),
    exports: Object.freeze(exportNames),
    reexports: Object.freeze([...shape.reexports].sort()),
    localExports: Object.freeze([...shape.localExports.keys()]),
    indirectExports: Object.freeze(Object.fromEntries([...shape.indirectExports].map(([name, target]) => [name, Object.freeze(target)]))),
    importedNames: Object.freeze(importedNames),
    isAsync,
    needsImportMeta: analysis.importMetas.length > 0,
    needsDynamicImport: analysis.importExpressions.length > 0,
    functor: new GeneratedCode(functor, location),
  });
};
