// Which parser (language) each file extension of a package gets, recorded in
// its compartment as `parsers`. ES module packages ("type": "module", or a
// "module" field) read .js as "mjs"; the others read it as "cjs". A package
// may add its own mappings ("parsers" in package.json) among the known
// languages. Packages outside node_modules (the application and its
// workspaces) may be given extra mappings, for sources not yet built.
import { fieldError, rawField, type PackageJson } from './package-descriptor.js';

export type LanguageForExtension = Record<string, string>;

export interface LanguageOptionsInput {
  languageForExtension?: LanguageForExtension;
  moduleLanguageForExtension?: LanguageForExtension;
  commonjsLanguageForExtension?: LanguageForExtension;
  workspaceLanguageForExtension?: LanguageForExtension;
  workspaceModuleLanguageForExtension?: LanguageForExtension;
  workspaceCommonjsLanguageForExtension?: LanguageForExtension;
  /** Extra language names a package's own "parsers" may use. */
  languages?: Iterable<string>;
}

export interface LanguageOptions {
  languages: ReadonlySet<string>;
  moduleLanguageForExtension: LanguageForExtension;
  commonjsLanguageForExtension: LanguageForExtension;
  workspaceModuleLanguageForExtension: LanguageForExtension;
  workspaceCommonjsLanguageForExtension: LanguageForExtension;
}

const languageForExtension: LanguageForExtension = {
  mjs: 'mjs',
  cjs: 'cjs',
  json: 'json',
  text: 'text',
  bytes: 'bytes',
};

/** The four extension tables, the defaults overlaid with the caller's additions. */
export const makeLanguageOptions = (options: LanguageOptionsInput = {}): LanguageOptions => {
  const common = { ...languageForExtension, ...options.languageForExtension };
  const commonjs = { ...common, js: 'cjs', ...options.commonjsLanguageForExtension };
  const module = { ...common, js: 'mjs', ...options.moduleLanguageForExtension };
  const workspaceCommonjs = {
    ...commonjs,
    ...options.workspaceLanguageForExtension,
    ...options.workspaceCommonjsLanguageForExtension,
  };
  const workspaceModule = {
    ...module,
    ...options.workspaceLanguageForExtension,
    ...options.workspaceModuleLanguageForExtension,
  };
  const languages = new Set([
    ...Object.values(module),
    ...Object.values(commonjs),
    ...Object.values(workspaceModule),
    ...Object.values(workspaceCommonjs),
    ...(options.languages ?? []),
  ]);
  return {
    languages,
    moduleLanguageForExtension: module,
    commonjsLanguageForExtension: commonjs,
    workspaceModuleLanguageForExtension: workspaceModule,
    workspaceCommonjsLanguageForExtension: workspaceCommonjs,
  };
};

/** The parser table of the package at `location` (a file URL with a final slash). */
export const inferParsers = (
  json: PackageJson,
  location: string,
  options: LanguageOptions,
): LanguageForExtension => {
  // Not under node_modules: a workspace or the application, not built for npm.
  const inWorkspace = !location.includes('/node_modules/');
  const moduleTable = inWorkspace ? options.workspaceModuleLanguageForExtension : options.moduleLanguageForExtension;
  const commonjsTable = inWorkspace
    ? options.workspaceCommonjsLanguageForExtension
    : options.commonjsLanguageForExtension;

  const own = rawField(json, 'parsers') ?? {};
  if (typeof own !== 'object' || own === null || Array.isArray(own)) {
    throw fieldError(json, 'parsers', 'an object mapping file extensions to languages (mjs, cjs, json, ...)');
  }
  const unknown = Object.values(own).filter(language => typeof language !== 'string' || !options.languages.has(language));
  if (unknown.length > 0) {
    throw TypeError(
      `package.json at ${JSON.stringify(json.file)} has "parsers" naming unknown languages ${JSON.stringify(unknown)}; known: ${[...options.languages].join(', ')}`,
    );
  }
  const ownTable = own as LanguageForExtension;

  const type = rawField(json, 'type');
  if (type === 'module' || rawField(json, 'module') !== undefined) return { ...moduleTable, ...ownTable };
  if (type === undefined || type === 'commonjs') return { ...commonjsTable, ...ownTable };
  throw fieldError(json, 'type', '"module" or "commonjs"');
};
