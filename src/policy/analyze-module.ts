// The static analysis of one module that policy generation needs: the
// globals it uses, the builtin modules and their members, the packages it
// asks for, whether it loads native code, and where it asks for a module
// by a computed name (listed, never guessed).
//
// CommonJS is parsed as Node runs it (a sloppy script whose top level may
// `return`, after a hashbang line); ES modules as modules.

import { parse as meriyahParse } from 'meriyah';
import { parse as acornParse } from 'acorn';
import { parseCjs } from '../module-source/cjs-parse.js';
import { analyzeScopes, type EsNode } from './scope-analysis.js';
import { findGlobalReferences, type GlobalUse } from './global-references.js';
import { builtinName, findBuiltinUses, type BuiltinMembers } from './builtin-uses.js';
import { findModuleRequests, type ModuleRequest } from './module-requests.js';

export type { GlobalUse } from './global-references.js';
export type { BuiltinMembers } from './builtin-uses.js';

export interface AnalyzeModuleOptions {
  kind: 'cjs' | 'esm';
  /** Named in syntax errors. */
  filename: string;
}

export interface DynamicRequest {
  kind: 'require' | 'import';
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units (as editors and Node's stack traces count). */
  column: number;
}

export interface ModuleAnalysis {
  /** Dotted path -> 'read' | 'write'. */
  globals: Map<string, GlobalUse>;
  /** Builtin name -> members used (dotted paths), or 'whole'. */
  builtins: Map<string, BuiltinMembers>;
  /** Bare specifiers asked for by literal name (`lodash/fp` as written). */
  packages: Set<string>;
  /** `require(x)` / `import(x)` whose specifier is computed, in source order. */
  dynamic: DynamicRequest[];
  /** Every literal specifier, with how Node resolves it: as a require ('cjs') or an import ('esm'). */
  requests: Array<{ specifier: string; kind: 'cjs' | 'esm' }>;
  /** Loads a `.node` file by name, or a package that finds one (`bindings`, `node-gyp-build`, ...). */
  native: boolean;
}

/** Packages whose purpose is to find and load a native addon. */
const nativeLoaders = new Set(['bindings', 'node-gyp-build', 'node-gyp-build-optional-packages', '@mapbox/node-pre-gyp', 'node-pre-gyp']);

/** `lodash/fp` -> `lodash`, `@scope/name/x` -> `@scope/name`. */
const packageNameOf = (specifier: string): string => {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
};

/** A specifier Node resolves through node_modules: not relative, absolute, a URL, a subpath import, or a builtin. */
const isBareSpecifier = (specifier: string): boolean =>
  specifier !== '' &&
  !specifier.startsWith('.') &&
  !specifier.startsWith('/') &&
  !specifier.startsWith('#') &&
  !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(specifier) &&
  builtinName(specifier) === undefined;

/** Line and column (both 1-based) of offsets in `text`. */
const makeLocator = (text: string): ((offset: number) => { line: number; column: number }) => {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (lineStarts === undefined) {
      lineStarts = [0];
      const newline = /\r\n?|[\n\u2028\u2029]/g;
      for (let match = newline.exec(text); match !== null; match = newline.exec(text)) lineStarts.push(match.index + match[0].length);
    }
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - lineStarts[low] + 1 };
  };
};

const parseModule = (text: string, { kind, filename }: AnalyzeModuleOptions): EsNode => {
  const commonJs = kind === 'cjs';
  try {
    return meriyahParse(text, {
      sourceType: commonJs ? 'script' : 'module',
      ranges: true,
      webcompat: commonJs,
      globalReturn: commonJs,
      lexical: true,
    }) as unknown as EsNode;
  } catch (meriyahError) {
    // meriyah refuses some texts V8 compiles; the project's lenient parsers decide those.
    try {
      if (commonJs) return parseCjs(text, filename);
      return acornParse(text, { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true }) as unknown as EsNode;
    } catch {
      const { description, loc } = meriyahError as { description?: string; loc?: { start: { line: number; column: number } } };
      const where = loc ? `${loc.start.line}:${loc.start.column + 1}` : '?';
      const message = description ?? String((meriyahError as Error)?.message ?? meriyahError);
      throw SyntaxError(`Cannot analyze ${filename}:${where} (${kind === 'cjs' ? 'CommonJS' : 'ES module'}): ${message}`);
    }
  }
};

const dynamicKind = (request: ModuleRequest): 'require' | 'import' => (request.form === 'require' ? 'require' : 'import');

/** Analyses one module's text for policy generation. */
export const analyzeModule = (text: string, options: AnalyzeModuleOptions): ModuleAnalysis => {
  const program = parseModule(text, options);
  const scopes = analyzeScopes(program, options.kind === 'cjs');
  const requests = findModuleRequests(program, scopes);
  const locate = makeLocator(text);

  const packages = new Set<string>();
  let native = false;
  const dynamicRequests: ModuleRequest[] = [];
  const literal: ModuleAnalysis['requests'] = [];
  for (const request of requests) {
    const { specifier } = request;
    if (specifier === undefined) {
      dynamicRequests.push(request);
      continue;
    }
    literal.push({ specifier, kind: request.form === 'require' ? 'cjs' : 'esm' });
    if (specifier.endsWith('.node')) native = true;
    if (isBareSpecifier(specifier)) {
      packages.add(specifier);
      if (nativeLoaders.has(packageNameOf(specifier))) native = true;
    }
  }
  dynamicRequests.sort((a, b) => a.node.start - b.node.start);

  return {
    globals: findGlobalReferences(scopes),
    builtins: findBuiltinUses(requests, scopes),
    packages,
    dynamic: dynamicRequests.map((request) => ({ kind: dynamicKind(request), ...locate(request.node.start) })),
    requests: literal,
    native,
  };
};
