// importLocation: runs an application with each package in a compartment of
// its own. The compartment map (mapNodeModules) says which packages a
// package may reach; Node's rules (node-resolve.ts) say which file a
// specifier denotes, for the kind of module that wrote it (require or
// import). A reach to a file of a package the map does not link is an Error
// naming the package, the file and the specifier. CommonJS runs through
// cjs-module.ts, ES modules through our ModuleSource, and a module of
// another package is always the one instance in that package's compartment.
//
// Every compartment gets the caller's `globals` (plus `global`, its own
// global object) and the caller's builtin `modules`: authority per package
// comes with policies, later.

import { fileURLToPath } from 'node:url';
import { makeCjsLoader, type CjsLoader, type ResolveKind } from './cjs-module.js';
import type { PackageCompartmentDescriptor, PackageCompartmentMap } from './compartment-map-types.js';
import { fileReaderOf, type ReadPowers } from './read-powers.js';
import { mapNodeModulesSync, type MapNodeModulesOptions } from './node-modules.js';
import { makeNodeResolver } from './node-resolve.js';
import { makeCachingModuleCompiler } from './module-compiler.js';
import { locationOfDirectory } from './package-graph.js';

export type { ReadPowers } from './read-powers.js';
export { makeNodeReadPowers } from './read-powers.js';

type CompartmentConstructor = new (options: Record<string, unknown>) => object & { globalThis: object; import(specifier: string): Promise<unknown> };

export interface ImportLocationOptions extends MapNodeModulesOptions {
  /** Globals of every package's compartment. */
  globals?: object;
  /** Builtin modules ('fs' or 'node:fs') any package may use: what require() or import gives for them. */
  modules?: Record<string, unknown>;
  /** The Compartment constructor; default: globalThis.Compartment (after lockdown). */
  Compartment?: CompartmentConstructor;
  /**
   * A directory for the compiled-module cache (module-compiler.ts), shared
   * safely by processes: a second start skips the parsing and rewriting of
   * every module unchanged since. Default: no cache.
   */
  cacheDirectory?: string;
}

/** The packages (compartment locations) that a compartment's modules, scopes and patterns link to, itself included. */
const linkedLocations = (descriptor: PackageCompartmentDescriptor): Set<string> => {
  const linked = new Set<string>([descriptor.location]);
  for (const link of Object.values(descriptor.modules)) linked.add(link.compartment);
  for (const scope of Object.values(descriptor.scopes)) linked.add(scope.compartment);
  for (const pattern of descriptor.patterns ?? []) if (pattern.compartment !== undefined) linked.add(pattern.compartment);
  return linked;
};

const unlinkedReachError = (
  from: PackageCompartmentDescriptor,
  referrer: string,
  specifier: string,
  kind: ResolveKind,
  filename: string,
  to: PackageCompartmentDescriptor | undefined,
  packageDirectory: string | undefined,
): Error =>
  Error(
    `Package ${JSON.stringify(from.label)} may not reach ${
      to ? `package ${JSON.stringify(to.label)}` : `${packageDirectory ?? filename}, which is not a package of the compartment map`
    }: ${referrer} ${kind === 'cjs' ? 'requires' : 'imports'} ${JSON.stringify(specifier)}, which resolves to ${filename}` +
      (to ? `, and ${JSON.stringify(to.name)} is not among the dependencies of ${JSON.stringify(from.label)}` : ''),
  );

export const importLocation = async (
  readPowers: ReadPowers,
  moduleLocation: string | URL,
  options: ImportLocationOptions = {},
): Promise<{ namespace: unknown }> => {
  const { globals = {}, modules = {}, Compartment: CompartmentOption, cacheDirectory, ...mapOptions } = options;
  const Compartment = CompartmentOption ?? (globalThis as { Compartment?: CompartmentConstructor }).Compartment;
  if (typeof Compartment !== 'function') {
    throw TypeError('importLocation needs a Compartment constructor: call lockdown() from endo/ses first, or pass options.Compartment');
  }
  const map: PackageCompartmentMap = mapNodeModulesSync(readPowers, moduleLocation, mapOptions);
  const resolver = makeNodeResolver(readPowers);
  const formatOf = resolver.moduleFormatOf;
  const readFile = fileReaderOf(readPowers);
  const compiler = cacheDirectory === undefined ? undefined : makeCachingModuleCompiler(cacheDirectory);

  const linkedByLocation = new Map<string, Set<string>>();
  const linkedOf = (location: string): Set<string> => {
    let linked = linkedByLocation.get(location);
    if (linked === undefined) {
      linked = linkedLocations(map.compartments[location]!);
      linkedByLocation.set(location, linked);
    }
    return linked;
  };

  /** The compartment location of each file that resolution gave or that runs. */
  const locationOfFile = new Map<string, string>();
  const locationOfDirectoryPath = (packageDirectory: string | undefined): string | undefined => {
    if (packageDirectory === undefined) return undefined;
    const location = locationOfDirectory(packageDirectory);
    return Object.hasOwn(map.compartments, location) ? location : undefined;
  };

  /** Node's resolution from a file of the package at `location`, refusing files of packages it is not linked to. */
  const resolveFor =
    (location: string) =>
    (specifier: string, referrer: string, kind: ResolveKind): string => {
      const resolution = kind === 'cjs' ? resolver.resolveRequire(specifier, referrer) : resolver.resolveImport(specifier, referrer);
      if (resolution.kind === 'builtin') return resolution.name;
      const target = locationOfDirectoryPath(resolution.packageDirectory);
      if (target === undefined || !linkedOf(location).has(target)) {
        const from = map.compartments[location]!;
        throw unlinkedReachError(
          from,
          referrer,
          specifier,
          kind,
          resolution.path,
          target === undefined ? undefined : map.compartments[target],
          resolution.packageDirectory,
        );
      }
      locationOfFile.set(resolution.path, target);
      return resolution.path;
    };

  const loaders = new Map<string, CjsLoader>();
  const loaderOf = (location: string): CjsLoader => {
    const known = loaders.get(location);
    if (known !== undefined) return known;
    const descriptor = map.compartments[location]!;
    const loader = makeCjsLoader({
      resolve: resolveFor(location),
      readFile,
      modules,
      packageName: descriptor.label,
      formatOf,
      compiler,
      ownerOf: filename => {
        const owner = locationOfFile.get(filename);
        return owner === undefined ? undefined : loaderOf(owner);
      },
    });
    const compartment = new Compartment({
      __options__: true,
      name: descriptor.label,
      globals,
      resolveHook: loader.resolveHook,
      importHook: loader.importHook,
      importNowHook: loader.importNowHook,
      noAggregateLoadErrors: true,
    });
    // Node's `global` names the realm's global object; here, the compartment's own.
    Object.defineProperty(compartment.globalThis, 'global', {
      value: compartment.globalThis,
      writable: true,
      enumerable: false,
      configurable: true,
    });
    loader.attach(compartment);
    loaders.set(location, loader);
    return loader;
  };

  const entryLocation = map.entry.compartment;
  const entryFile = fileURLToPath(new URL(map.entry.module, entryLocation));
  const entryPath = readPowers.realPath(entryFile);
  if (entryPath === undefined) throw Error(`importLocation: the entry module ${entryFile} does not exist`);
  locationOfFile.set(entryPath, entryLocation);
  const entryLoader = loaderOf(entryLocation);
  await entryLoader.runMain(entryPath);
  const compartment = entryLoader.compartment() as { import(specifier: string): Promise<{ namespace: unknown }> };
  const { namespace } = await compartment.import(entryPath);
  return { namespace };
};

