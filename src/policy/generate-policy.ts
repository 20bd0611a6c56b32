// Policy generation: every module Node can load from the entry (the walk
// resolves each request as the loader will, for the kind of request), each
// analysed (analyze-module.ts), and the findings gathered per package by
// canonical name into LavaMoat's resources:
//
// - globals: every path read, `"write"` for a written one; a path under
//   another one kept is dropped (LavaMoat's files refuse a member granted
//   under a granted parent);
// - builtin: the members used (`fs.readFile`), the whole module when it is
//   used whole or only loaded;
// - packages: the packages its modules reach, by resolution (not by the
//   names written, which may be a package's own subpath or alias);
// - native: when a module loads an addon.
//
// The application itself ($root$) is trusted, as in LavaMoat: it gets no
// resource. Dynamic requests (`require(name)`) are never guessed: they are
// returned, with file, line and column, for the review.
//
// Analyses are kept in this user's cache (analysis-cache.ts), keyed by the
// module's text and the analysers' code: a second generation over the same
// files reads them back instead of parsing again.

import { fileURLToPath } from 'node:url';
import { walkModules } from '../compartment-mapper/application-walk.js';
import { makeFileSystemSource } from '../compartment-mapper/file-system-source.js';
import { textOf } from '../compartment-mapper/module-format.js';
import { mapNodeModulesSync, type MapNodeModulesOptions } from '../compartment-mapper/node-modules.js';
import { requireSyncReadPowers } from '../compartment-mapper/powers-of.js';
import { analyzeModule, type DynamicRequest, type ModuleAnalysis } from './analyze-module.js';
import { makeCachingAnalyzer } from './analysis-cache.js';
import { ancestorsOf } from './policy-check.js';
import type { LavaMoatPolicy, ResourcePolicy } from './policy-types.js';

export interface DynamicRequestReport extends DynamicRequest {
  /** The canonical name of the package whose module asks. */
  readonly package: string;
  readonly file: string;
}

export interface GeneratedPolicy {
  readonly policy: LavaMoatPolicy;
  /** Every `require(x)` / `import(x)` with a computed name, in the packages' modules. */
  readonly dynamic: readonly DynamicRequestReport[];
  /** How many modules were analysed, for progress and the review. */
  readonly moduleCount: number;
}

export interface GeneratePolicyOptions extends MapNodeModulesOptions {
  /** Called after each module is analysed (for progress on large graphs). */
  onModule?: (count: number, file: string) => void;
  /**
   * Where module analyses are kept between runs (analysis-cache.ts): a
   * directory. Default: none (a library writes nowhere unasked; the `endo`
   * command gives this user's cache directory, user-cache-directory.ts).
   */
  analysisCacheDirectory?: string;
}

/** The root label, which LavaMoat leaves out of the resources. */
const ROOT = '$root$';

/** Keeps a path only when no ancestor of it is kept too. */
const withoutDescendants = <V>(entries: Map<string, V>): Map<string, V> => {
  const kept = new Map<string, V>();
  for (const [path, value] of entries) {
    if (!ancestorsOf(path).some(ancestor => entries.has(ancestor))) kept.set(path, value);
  }
  return kept;
};

const sortedRecord = <V>(entries: Map<string, V>): Record<string, V> => {
  const record: Record<string, V> = {};
  for (const key of [...entries.keys()].sort()) record[key] = entries.get(key)!;
  return record;
};

interface Findings {
  globals: Map<string, true | 'write'>;
  builtin: Map<string, true>;
  packages: Set<string>;
  native: boolean;
}

const resourceOf = (findings: Findings): ResourcePolicy => {
  const resource: ResourcePolicy = {};
  const globals = withoutDescendants(findings.globals);
  if (globals.size > 0) resource.globals = sortedRecord(globals);
  const builtin = withoutDescendants(findings.builtin);
  if (builtin.size > 0) resource.builtin = sortedRecord(builtin);
  if (findings.packages.size > 0) resource.packages = sortedRecord(new Map([...findings.packages].map(name => [name, true as const])));
  if (findings.native) resource.native = true;
  return resource;
};

export const generatePolicy = (powers: unknown, moduleLocation: string | URL, options: GeneratePolicyOptions = {}): GeneratedPolicy => {
  const readPowers = requireSyncReadPowers(powers, 'Policy generation');
  const { onModule, analysisCacheDirectory, ...mapOptions } = options;
  const analyze = analysisCacheDirectory === undefined ? analyzeModule : makeCachingAnalyzer(analysisCacheDirectory);
  const map = mapNodeModulesSync(readPowers, moduleLocation, mapOptions);
  const source = makeFileSystemSource(readPowers, map);
  const labelOf = (compartment: string) => map.compartments[compartment]!.label;

  let count = 0;
  const walked = walkModules<ModuleAnalysis | undefined>(source, (filename, _compartment, format) => {
    count += 1;
    onModule?.(count, filename);
    if (format === 'json') return { requests: [], result: undefined };
    const analysis = analyze(textOf(source.readFile(filename)), { kind: format, filename });
    return { requests: analysis.requests, result: analysis };
  });

  const findingsByLabel = new Map<string, Findings>();
  const findingsOf = (label: string): Findings => {
    let findings = findingsByLabel.get(label);
    if (findings === undefined) {
      findings = { globals: new Map(), builtin: new Map(), packages: new Set(), native: false };
      findingsByLabel.set(label, findings);
    }
    return findings;
  };

  const dynamic: DynamicRequestReport[] = [];
  for (const module of walked) {
    const label = labelOf(module.compartment);
    if (label === ROOT) continue;
    const findings = findingsOf(label);
    for (const edge of module.edges) {
      if (edge.target.kind === 'file' && edge.target.compartment !== module.compartment) findings.packages.add(labelOf(edge.target.compartment));
    }
    const analysis = module.result;
    if (analysis === undefined) continue;
    for (const [path, use] of analysis.globals) {
      // LavaMoat's format has "write" for top-level names only: a member written (`Error.prepareStackTrace = f`) is granted as read.
      const write = use === 'write' && !path.includes('.');
      if (write || !findings.globals.has(path)) findings.globals.set(path, write ? 'write' : true);
    }
    for (const [name, members] of analysis.builtins) {
      if (members === 'whole' || members.size === 0) findings.builtin.set(name, true);
      else for (const member of members) findings.builtin.set(`${name}.${member}`, true);
    }
    if (analysis.native) findings.native = true;
    const file = module.filename.startsWith('file:') ? fileURLToPath(module.filename) : module.filename;
    for (const request of analysis.dynamic) dynamic.push({ ...request, package: label, file });
  }

  const resources: LavaMoatPolicy['resources'] = {};
  for (const label of [...findingsByLabel.keys()].sort()) {
    // A package that needs nothing has no resource (LavaMoat's files leave it out too), but one that needs only native code keeps it.
    const resource = resourceOf(findingsByLabel.get(label)!);
    if (Object.keys(resource).length > 0) resources[label] = resource;
  }
  return { policy: { resources }, dynamic, moduleCount: count };
};
