// makeBundle and writeBundle, as @endo/compartment-mapper exports them
// (its makeScript and writeScript): an application from a file system
// becomes one script that, evaluated in a plain realm (no lockdown, no
// compartments), runs the application and evaluates to its entry's
// namespace. The modules are those the archive walk reaches
// (application-walk.ts), precompiled as archives hold them, linked as
// Node's resolution linked them when the bundle was made; the linker that
// runs them is bundle-runtime.ts.
//
// What a bundle cannot hold is refused when it is made, naming the module:
// top-level await (the bundle runs its modules synchronously), a static
// import that does not resolve (Node would not start the program either),
// and builtins unless `format: 'cjs'` says the host's `require` provides
// them. A require that does not resolve is kept as an error it throws when
// it runs, as Node throws it there.

import type { WalkedModule } from './application-walk.js';
import { bundleRuntime } from './bundle-runtime.js';
import type { MapNodeModulesOptions } from './node-modules.js';
import { writeFnOf, type WriteFn } from './powers-of.js';
import { parsePreCjs, parsePreMjs } from './precompiled-records.js';
import { walkLocation } from './walk-location.js';

export type BundleOptions = MapNodeModulesOptions & {
  /** 'cjs': builtins come from the host's `require` when the bundle runs. */
  format?: 'cjs' | undefined;
  /** Each module's text is evaluated on its own, with a sourceURL naming it, so that stacks show its lines. */
  useEvaluate?: boolean | undefined;
  /** Put before each module's name in its sourceURL (with useEvaluate). */
  sourceUrlPrefix?: string | undefined;
} & Record<string, unknown>;

/** JSON that stays inert in any place of a script (U+2028 and U+2029 end a line comment). */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Node runs CommonJS sloppy unless it asks otherwise: the compiled functor's added directive goes. */
const sloppyCjsFunctor = (functor: string): string => functor.replace(/^(\(function \([^)]*\) \{ )'use strict'; /, '$1');

/** A program whose free references to its live exports must reach the linker's bindings, in a `with` scope (its argument). */
const scopedProgram = (program: string): string => `(function () { with (arguments[0]) return (${program}\n); })`;

const cannotBundle = (name: string, problem: string): Error => Error(`Cannot bundle ${name}: ${problem}`);

const checkOptions = (options: BundleOptions): void => {
  const { format } = options;
  if (format !== undefined && format !== 'cjs') {
    throw TypeError(`makeBundle: format must be 'cjs' or undefined, got ${scriptJson(String(format))}`);
  }
};

/** The text of every module's entry in the bundle's module table, and their order. */
const moduleTable = (walked: readonly WalkedModule[], nameOf: (module: WalkedModule) => string, options: BundleOptions): string[] => {
  const { format, useEvaluate = false } = options;
  const indexOfFile = new Map<string, number>();
  walked.forEach((module, index) => indexOfFile.set(module.filename, index));
  // Builtins and unresolved requires come after the files, one entry each.
  const extra: string[] = [];
  const extraIndex = new Map<string, number>();
  const extraEntry = (key: string, entry: unknown[]): number => {
    let index = extraIndex.get(key);
    if (index === undefined) {
      index = walked.length + extra.length;
      extra.push(`${scriptJson(entry)},\n`);
      extraIndex.set(key, index);
    }
    return index;
  };
  const functorSlot = (text: string): string => (useEvaluate ? scriptJson(text) : text);

  const entries = walked.map((module, index) => {
    const name = nameOf(module);
    if (module.parser === 'mjs') {
      throw cannotBundle(name, 'it uses top-level await, which a bundle cannot express (a bundle runs its modules synchronously); remove the top-level await, or make an archive instead');
    }
    const links: Record<string, number> = Object.create(null);
    for (const { specifier, target } of module.edges) {
      if (target.kind === 'file') {
        links[specifier] = indexOfFile.get(target.filename)!;
      } else if (target.kind === 'builtin') {
        if (format !== 'cjs') {
          throw cannotBundle(name, `it imports the host module ${scriptJson(target.name)}; pass format: 'cjs' to take host modules from the require of the place that runs the bundle`);
        }
        links[specifier] = extraEntry(`builtin ${target.name}`, ['builtin', target.name]);
      } else if (module.format === 'esm') {
        throw cannotBundle(name, `its import of ${scriptJson(specifier)} does not resolve (${target.message})`);
      } else {
        // Said without the paths of the machine that made the bundle.
        const message = `Cannot find module ${scriptJson(specifier)} (it did not resolve when the bundle was made)`;
        links[specifier] = extraEntry(`error ${target.code} ${specifier}`, ['error', specifier, message, target.code]);
      }
    }
    const head = `// === ${index}. ${scriptJson(name)} ===\n`;
    if (module.parser === 'pre-cjs-json') {
      const record = parsePreCjs(module.bytes, name);
      const functor = functorSlot(sloppyCjsFunctor(record.cjsFunctor));
      return `${head}["cjs", ${scriptJson(name)}, ${scriptJson(links)},\n${functor},\n${scriptJson(record.exports)}, ${scriptJson(record.reexports)}],\n`;
    }
    if (module.parser === 'pre-mjs-json') {
      const record = parsePreMjs(module.bytes, name);
      const scoped = Object.values(record.__liveExportMap__).some(([, trapped]) => trapped);
      const program = scoped ? scopedProgram(record.__syncModuleProgram__) : record.__syncModuleProgram__;
      const meta = {
        imports: record.imports,
        fixed: record.__fixedExportMap__,
        live: record.__liveExportMap__,
        reexports: record.__reexportMap__,
        stars: record.reexports,
        scoped,
      };
      return `${head}["esm", ${scriptJson(name)}, ${scriptJson(links)},\n${functorSlot(program)},\n${scriptJson(meta)}],\n`;
    }
    if (module.parser === 'json') {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(module.bytes);
      // Parsed here to refuse bad JSON now; carried as text, so that a "__proto__" key stays a key.
      JSON.parse(text);
      return `${head}["json", ${scriptJson(name)}, {}, ${scriptJson(text)}],\n`;
    }
    throw cannotBundle(name, `its language (${module.parser}) has no place in a bundle`);
  });
  return [...entries, ...extra];
};

/** The bundle of the application whose entry is `moduleLocation`: a script that runs it and evaluates to the entry's namespace. */
export const makeBundle = async (readPowers: unknown, moduleLocation: string | URL, options: BundleOptions = {}): Promise<string> => {
  checkOptions(options);
  const { walked, nameOf } = walkLocation(readPowers, moduleLocation, options as MapNodeModulesOptions, 'Bundling');
  const table = moduleTable(walked, nameOf, options);
  const config = {
    format: options.format,
    useEvaluate: options.useEvaluate === true,
    sourceUrlPrefix: options.sourceUrlPrefix ?? '',
    entry: 0,
  };
  return `(${bundleRuntime})(${scriptJson(config)}, [\n${table.join('')}])\n`;
};

/** Writes the bundle (UTF-8) through `write` (a function, or powers with `write`) at `bundleLocation`. */
export const writeBundle = async (
  write: WriteFn | { write: WriteFn },
  readPowers: unknown,
  bundleLocation: string,
  moduleLocation: string | URL,
  options?: BundleOptions,
): Promise<void> => {
  const text = await makeBundle(readPowers, moduleLocation, options);
  await writeFnOf(write)(bundleLocation, new TextEncoder().encode(text));
};
