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
//
// Every edit stays on its line (the prologue shares the first line), so
// stack traces and error locations keep the module's line numbers.

import { parseSource, type Comment } from './parse-source.js';
import { confinementEdits, globalBindingFor } from './confine-script.js';
import type { ModuleRecord } from './module-record.js';
import { analyzeScript, type EsNode } from './scope-analysis.js';
import { applyEdits, replacement, wrapping, type Edit } from './source-edits.js';

const NAMESPACES = '$h\u200d_namespaces';
const BINDING_VIEWS = '$h\u200d_views';
const SET_READERS = '$h\u200d_setReaders';
const IMPORT_META = '$h\u200d_meta';
const DYNAMIC_IMPORT = '$h\u200d_dynamicImport';
const DEFAULT_BINDING = '$h\u200d_default';
const importNamespaceBinding = (index: number) => `$h\u200d_import${index}`;
const importViewBinding = (index: number) => `$h\u200d_view${index}`;

const IDENTIFIER_NAME = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** `object.name`, or `object["name"]` for a name that is not an identifier (`import { "a-b" as x }`). */
const propertyAccess = (object: string, name: string): string =>
  IDENTIFIER_NAME.test(name) ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;

/** An import or export name: an identifier, or a string literal (arbitrary module namespace names). */
const nameOf = (node: EsNode): string => (node.type === 'Identifier' ? node.name : String(node.value));

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

/** The offset of the first character at or after `from` that is not white space or a comment. */
const skipTrivia = (text: string, from: number): number => {
  let at = from;
  for (;;) {
    if (/\s/.test(text[at] ?? '')) at += 1;
    else if (text.startsWith('//', at)) at = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    else if (text.startsWith('/*', at)) at = text.indexOf('*/', at + 2) + 2;
    else return at;
  }
};

/**
 * The offset of the `(` that opens the parameters of an anonymous function
 * declaration, skipping `async`, `function`, `*`, spaces and comments.
 */
const paramsOpeningOffset = (text: string, from: number): number => {
  let at = from;
  while (at < text.length && text[at] !== '(') {
    if (text.startsWith('//', at)) at = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
    else if (text.startsWith('/*', at)) at = text.indexOf('*/', at + 2) + 2;
    else at += 1;
  }
  return at;
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
          const opening = paramsOpeningOffset(text, declaration.start);
          edits.push(replacement({ start: opening, end: opening }, ` ${DEFAULT_BINDING}`));
        } else {
          // From just after `default` to the end of the statement, without its `;`:
          // acorn's range for a parenthesized expression leaves its parentheses out.
          shape.localExports.set('default', DEFAULT_BINDING);
          const afterKeywords = skipTrivia(text, skipTrivia(text, statement.start + 'export'.length) + 'default'.length);
          const hasSemicolon = text[statement.end - 1] === ';';
          const end = hasSemicolon ? statement.end - 1 : statement.end;
          edits.push(blanked(statement.start, afterKeywords));
          edits.push(...wrapping(afterKeywords, end, `const ${DEFAULT_BINDING} = { default: (`, `) }.default${hasSemicolon ? '' : ';'}`));
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

/** Compiles module text into a ModuleRecord; a syntax error names `location:line:column`. */
export const transformModule = (text: string, location = '<unknown>'): ModuleRecord => {
  const comments: Comment[] = [];
  const program = parseSource(text, 'module', comments, () => location);
  const fail = (message: string, node: EsNode): never => {
    const line = text.slice(0, node.start).split(/\r\n|[\n\r\u2028\u2029]/).length;
    throw SyntaxError(`${message} at ${location}:${line}`);
  };
  const { shape, edits, localSpecifiers } = readModuleDeclarations(program, text);

  const analysis = analyzeScript(program);
  for (const { local, node } of localSpecifiers) {
    if (!analysis.topLevelNames.has(local)) fail(`Export '${local}' is not defined in module`, node);
  }

  const global = globalBindingFor(analysis, false);
  /** The expression that reads an import binding. */
  // Which imported modules the body reads whole (namespace imports) or by name (binding views).
  const namespacesUsed = new Set<number>();
  const viewsUsed = new Set<number>();
  const importAccess = ([index, name]: readonly [number, string]): string => {
    if (name === '*') {
      namespacesUsed.add(index);
      return importNamespaceBinding(index);
    }
    viewsUsed.add(index);
    return propertyAccess(importViewBinding(index), name);
  };
  const importAliasesAt = (topLevelNames: string[]): Record<string, string> => {
    const aliases: Record<string, string> = {};
    for (const name of topLevelNames) {
      const imported = shape.importBindings.get(name);
      if (imported !== undefined) aliases[name] = importAccess(imported);
    }
    return aliases;
  };
  edits.push(...confinementEdits(analysis, global, undefined, {}, importAliasesAt));
  for (const ref of analysis.topLevelReferences) {
    const imported = shape.importBindings.get(ref.name);
    if (imported === undefined) continue;
    // A called import gets `undefined` as `this`, not the namespace it is read from.
    const access = ref.isCallee && imported[1] !== '*' ? `(0, ${importAccess(imported)})` : importAccess(imported);
    edits.push(replacement(ref.node, ref.shorthandKey ? `${ref.name}: ${access}` : access));
  }
  let needsImportMeta = false;
  for (const node of analysis.importMetas) {
    needsImportMeta = true;
    edits.push(replacement(node, IMPORT_META));
  }
  for (const node of analysis.importExpressions) {
    edits.push(replacement({ start: node.start, end: node.start + 'import'.length }, DYNAMIC_IMPORT));
  }
  if (text.startsWith('#!')) edits.push(replacement({ start: 0, end: 2 }, '//'));

  const namespaceBindings = [
    ...[...namespacesUsed].map(index => `${importNamespaceBinding(index)} = ${NAMESPACES}[${index}]`),
    ...[...viewsUsed].map(index => `${importViewBinding(index)} = ${BINDING_VIEWS}[${index}]`),
  ];
  const readers = [...shape.localExports].map(([exported, local]) => `${JSON.stringify(exported)}: () => ${local}`);
  const prologue = [
    namespaceBindings.length > 0 ? `const ${namespaceBindings.join(', ')};` : '',
    `${SET_READERS}({ ${readers.join(', ')} }${shape.anonymousDefaultFunction ? `, ${DEFAULT_BINDING}` : ''});`,
    'yield;',
  ].join(' ');
  const isAsync = analysis.hasTopLevelAwait;
  const functorSource =
    `(${isAsync ? 'async ' : ''}function* (${NAMESPACES}, ${SET_READERS}, ${IMPORT_META}, ${DYNAMIC_IMPORT}, ${BINDING_VIEWS}) { ${prologue} ` +
    `${applyEdits(text, edits)}\n})\n//# sourceURL=${location.replace(/\s/g, encodeURIComponent)}\n`;

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
    needsImportMeta,
    needsDynamicImport: analysis.importExpressions.length > 0,
    functorSource,
  });
};
