// An application from an archive, as the per-package linker sees it. Each
// compartment of the archive's map becomes one compartment; each file gets
// a virtual absolute name, /<compartment>/<location> (so `__filename`,
// `__dirname` and `import.meta.url` keep working, and path.join with them
// too, though no file system is behind them); and a specifier resolves
// through the map's entries for its key (archive-specifiers.ts), which hold
// what Node's resolution gave when the archive was made.

import type { ApplicationSource } from './application-source.js';
import type { ArchiveCompartmentMap, ArchiveModuleDescriptor } from './archive-map.js';
import { archiveKeyOf, kindKeyOf } from './archive-specifiers.js';
import type { ResolveKind } from './cjs-module.js';
import type { ModuleFormat } from './module-format.js';
import { cjsFromFunctorText, plainModuleCompiler, type ModuleCompiler } from './module-compiler.js';
import { parsePreCjs, parsePreMjs } from './precompiled-records.js';
import { makeResolveError } from './resolve-errors.js';

const formatOfParser: Record<string, ModuleFormat> = {
  'pre-mjs-json': 'esm',
  mjs: 'esm',
  'pre-cjs-json': 'cjs',
  cjs: 'cjs',
  json: 'json',
};

/** The most links followed from one key to a file: a longer chain is a loop. */
const MAX_LINKS = 32;

const isExitName = (specifier: string): boolean =>
  specifier !== '' && !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('#');

/** Not found, with Node's code for the kind of request (a require in a try block may test it). */
const notFound = (message: string, kind: ResolveKind): Error => makeResolveError(kind === 'cjs' ? 'MODULE_NOT_FOUND' : 'ERR_MODULE_NOT_FOUND', message);

interface ArchiveFile {
  readonly compartment: string;
  /** Its module specifier in its compartment ("./lib/a.js"). */
  readonly specifier: string;
  /** Its path in the zip. */
  readonly path: string;
  readonly format: ModuleFormat;
  readonly parser: string;
}

/**
 * The application of an archive whose map has been checked
 * (archive-map-check.ts) and whose files (zip path -> bytes) have been
 * checked against their hashes.
 */
export const makeArchiveSource = (
  map: ArchiveCompartmentMap,
  readArchiveFile: (path: string) => Uint8Array,
  archiveName: string,
  /** As the file-system source's: whether a package (by label) may load another; an Error says why not. */
  mayReach?: (from: string, to: string, referrer?: string) => true | Error,
): ApplicationSource => {
  const filenameOf = (compartment: string, location: string): string => `/${map.compartments[compartment]!.location}/${location}`;

  const files = new Map<string, ArchiveFile>();
  for (const [name, compartment] of Object.entries(map.compartments)) {
    for (const [specifier, module] of Object.entries(compartment.modules)) {
      if (!('location' in module)) continue;
      const format = formatOfParser[module.parser];
      if (format === undefined) {
        throw TypeError(`Archive ${archiveName}: module ${specifier} of compartment ${name} has parser ${JSON.stringify(module.parser)}, which this loader cannot run`);
      }
      const filename = filenameOf(name, module.location);
      // Each file belongs to one compartment: two listings of one path would let one stand for the other.
      const listed = files.get(filename);
      if (listed !== undefined && listed.compartment !== name) {
        throw TypeError(`Archive ${archiveName}: module ${specifier} of compartment ${name} has the path ${filename}, which module ${listed.specifier} of compartment ${listed.compartment} has too`);
      }
      files.set(filename, {
        compartment: name,
        specifier,
        path: `${compartment.location}/${module.location}`,
        format,
        parser: module.parser,
      });
    }
  }

  const fileOf = (filename: string): ArchiveFile => {
    const file = files.get(filename);
    if (file === undefined) throw notFound(`Cannot find module ${filename}: it is not in archive ${archiveName}`, 'cjs');
    return file;
  };

  /** Follows a compartment's entry for `key` to a file name, a builtin, or its error. */
  const follow = (compartment: string, key: string, kind: ResolveKind, describe: () => string, referrer?: string): string => {
    let current = compartment;
    let currentKey = key;
    for (let links = 0; links < MAX_LINKS; links += 1) {
      const modules = map.compartments[current]!.modules;
      const kindKey = kindKeyOf(currentKey, kind);
      const descriptor: ArchiveModuleDescriptor | undefined = Object.hasOwn(modules, kindKey)
        ? modules[kindKey]
        : Object.hasOwn(modules, currentKey)
          ? modules[currentKey]
          : undefined;
      if (descriptor === undefined) {
        // A bare specifier the map does not list is an exit, as in the
        // original: a builtin, or a module the runner gives in `modules`
        // (the loader refuses it when it is not given).
        if (current === compartment && isExitName(currentKey)) return currentKey;
        throw notFound(`Cannot find module ${JSON.stringify(currentKey)} ${describe()}: archive ${archiveName} does not list it for compartment ${JSON.stringify(current)}`, kind);
      }
      if ('exit' in descriptor) return descriptor.exit;
      if ('location' in descriptor) {
        if (mayReach !== undefined && current !== compartment) {
          const verdict = mayReach(map.compartments[compartment]!.label, map.compartments[current]!.label, referrer);
          if (verdict !== true) throw verdict;
        }
        return filenameOf(current, descriptor.location);
      }
      if ('compartment' in descriptor) {
        current = descriptor.compartment;
        currentKey = descriptor.module;
        continue;
      }
      throw notFound(descriptor.deferredError, kind);
    }
    throw Error(`Archive ${archiveName}: the entry for ${JSON.stringify(key)} in compartment ${JSON.stringify(compartment)} links in a loop`);
  };

  const resolve = (compartment: string, specifier: string, referrer: string, kind: ResolveKind): string => {
    const from = files.get(referrer);
    const key = archiveKeyOf(specifier, from?.specifier ?? './');
    return follow(compartment, key, kind, () => `from ${referrer} (${kind === 'cjs' ? 'require' : 'import'} ${JSON.stringify(specifier)})`, referrer);
  };

  // A precompiled record is parsed, not compiled: its program or functor
  // text is confined by the compartment that evaluates it.
  const whereOf = (file: ArchiveFile) => `${file.path} of archive ${archiveName}`;
  const compiler: ModuleCompiler = {
    cjs: (filename, text) => {
      const file = fileOf(filename);
      if (file.parser !== 'pre-cjs-json') return plainModuleCompiler.cjs(filename, text);
      const record = parsePreCjs(text, whereOf(file));
      return cjsFromFunctorText({ ...record, needsImport: record.__needsImport__ });
    },
    esm: (filename, text) => {
      const file = fileOf(filename);
      if (file.parser !== 'pre-mjs-json') return plainModuleCompiler.esm(filename, text);
      return parsePreMjs(text, whereOf(file));
    },
  };

  const entryFilename = follow(map.entry.compartment, map.entry.module, 'esm', () => 'as the entry');
  const entryFile = fileOf(entryFilename);

  return {
    entry: { compartment: entryFile.compartment, filename: entryFilename },
    labelOf: compartment => map.compartments[compartment]!.label,
    resolve,
    compartmentOfFile: filename => files.get(filename)?.compartment,
    readFile: filename => readArchiveFile(fileOf(filename).path),
    formatOf: filename => fileOf(filename).format,
    compiler,
  };
};
