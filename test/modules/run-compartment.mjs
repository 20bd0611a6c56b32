// Runs every fixture (or those named on the command line) in a Compartment
// after lockdown(), one compartment per fixture, all in this one process,
// and prints what each printed and how it ended (see runner-common.mjs).
//
//   node test/modules/run-compartment.mjs <variant> [--original] [--pretty] [fixture ...]
//
// Variants (how the compartment gets its modules):
//   import-string         importHook gives { source: text, specifier }; compartment.import()
//   import-module-source  importHook gives { source: new ModuleSource(text, url), specifier }
//   import-now            importNowHook gives { source: text, specifier }; compartment.importNow()
// Every variant also has an importHook, for the fixtures' dynamic import().
//
// --original runs the original `ses` and `@endo/module-source` instead of
// ours: a check of the harness itself, never loaded next to ours.
//
// The compartment's endowments mirror what a Node module sees: `console`
// (only `log`, formatted like Node's) and `setTimeout`. Specifiers are file
// URLs, resolved like URLs; import.meta.url is the module's URL, as in Node.
// noAggregateLoadErrors is set so that a load failure surfaces as the error
// that caused it (Node's own behaviour), not as an aggregate.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { listFixtures, mainUrlOf, parseArgs, readCaseOptions, reportResults, runFixture } from './runner-common.mjs';

const VARIANTS = ['import-string', 'import-module-source', 'import-now'];

const { flags, names: args } = parseArgs(process.argv.slice(2));
const [variant, ...names] = args;
if (!VARIANTS.includes(variant)) {
  console.error(`usage: run-compartment.mjs <${VARIANTS.join('|')}> [--original] [--pretty] [fixture ...]`);
  process.exit(2);
}
const useOriginal = flags.has('--original');

// Specifiers in variables, so that the choice stays at run time.
const sesSpecifier = useOriginal ? 'ses' : 'endo/ses';
const moduleSourceSpecifier = useOriginal ? '@endo/module-source' : 'endo/module-source';

await import(sesSpecifier);
// Anything lockdown prints (the original's "Removing unpermitted intrinsics")
// lands before the result marker, where the reader ignores it.
lockdown();

/** Whether compartment.import() exists yet (before the loader lands it throws 'module loading is not available'). */
const probeLoader = async () => {
  try {
    await new Compartment().import('probe');
    return true;
  } catch (error) {
    return !String(error?.message).includes('module loading is not available');
  }
};
const loaderAvailable = await probeLoader();

const ModuleSource = variant === 'import-module-source' ? (await import(moduleSourceSpecifier)).ModuleSource : undefined;

const descriptorFor = (specifier, text) =>
  ModuleSource === undefined ? { source: text, specifier } : { source: new ModuleSource(text, specifier), specifier };

const makeCompartment = (name, { log, setTimeout }) =>
  new Compartment({
    __options__: true,
    name,
    globals: { console: { log }, setTimeout },
    resolveHook: (importSpecifier, referrerSpecifier) => new URL(importSpecifier, referrerSpecifier).href,
    importHook: async specifier => descriptorFor(specifier, await readFile(fileURLToPath(specifier), 'utf8')),
    ...(variant === 'import-now'
      ? { importNowHook: specifier => descriptorFor(specifier, readFileSync(fileURLToPath(specifier), 'utf8')) }
      : {}),
    importMetaHook: (specifier, importMeta) => {
      importMeta.url = specifier;
    },
    noAggregateLoadErrors: true,
  });

// A loader that hangs makes every fixture wait for its timeout: past this
// budget the rest are recorded as not run, so that the results still arrive
// before the test gives up on this process.
const RUN_BUDGET_MS = 30_000;
const startedAt = performance.now();

const results = {};
if (loaderAvailable) {
  for (const name of listFixtures(names)) {
    // importNow cannot run a graph with top-level await.
    if (variant === 'import-now' && readCaseOptions(name).topLevelAwait) continue;
    if (performance.now() - startedAt > RUN_BUDGET_MS) {
      results[name] = { lines: [], error: { name: 'NotRun', message: 'the runner ran out of time' }, uncaught: [] };
      continue;
    }
    results[name] = await runFixture(async endowments => {
      const compartment = makeCompartment(name, endowments);
      if (variant === 'import-now') return compartment.importNow(mainUrlOf(name));
      const imported = await compartment.import(mainUrlOf(name));
      // { namespace } unless __noNamespaceBox__.
      return Object(imported) === imported && 'namespace' in imported ? imported.namespace : imported;
    });
  }
}
if (flags.has('--pretty')) {
  if (!loaderAvailable) process.stdout.write('module loading is not available yet\n');
  reportResults(results, true);
} else {
  reportResults({ loaderAvailable, results }, false);
}
