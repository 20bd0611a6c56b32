// Merging a person's override policy over a generated one, with LavaMoat's
// rules so that a LavaMoat user's override means the same here:
// - per resource, `globals`, `builtin`, `packages` and `meta` merge key by
//   key with the override winning; `native` and `env` come from the override
//   when it has them;
// - in `globals` and `builtin`, a dotted key under any present ancestor is
//   dropped (so an override's `"console": false` also removes a generated
//   `"console.log"`), then the override's own non-false keys come back;
// - a granted dotted key under a granted ancestor is an error;
// - `include` is concatenated without duplicates, `root` merged shallowly,
//   `resolutions` per package; `debugInfo` of the generated policy is kept;
// - Endo's `shims` are concatenated without duplicates; an attenuated grant
//   (`{"attenuate": ...}`) is a value like `true`, so the override's wins.
// Neither input is changed. Objects are built with defineProperty semantics
// (spread, fromEntries), never by assignment, so no key reaches a prototype.

import { ancestorsOf, hierarchyViolations, type HierarchyViolation } from './policy-check.js';
import type {
  IncludeEntry,
  LavaMoatPolicy,
  PolicyWarning,
  Resolutions,
  ResourcePolicy,
  Resources,
} from './policy-types.js';

/** The merge produced a granted dotted key under a granted ancestor. */
export class PolicyHierarchyError extends Error {
  readonly code = 'POLICY_HIERARCHY';
  readonly resource: string;
  readonly violations: readonly HierarchyViolation[];

  constructor(
    resource: string,
    section: 'globals' | 'builtin',
    violations: HierarchyViolation[],
    overrideFile = 'the override',
  ) {
    const lines = violations.map(({ path, parent }) => `  ${JSON.stringify(path)} is granted under ${JSON.stringify(parent)}`);
    const [first] = violations;
    super(
      `Policy hierarchy check failed for resource ${JSON.stringify(resource)} (${section}, after merging ${overrideFile}):\n` +
        `${lines.join('\n')}\n` +
        `Set the parent ${JSON.stringify(first?.parent)} to false in the override to grant only the members, ` +
        'or remove the members.',
    );
    this.name = 'PolicyHierarchyError';
    this.resource = resource;
    this.violations = violations;
  }
}

/** The merged policy and what the person should know about it. */
export interface MergeResult {
  policy: LavaMoatPolicy;
  /** Resources the override names that the generated policy lacks. */
  warnings: PolicyWarning[];
}

type PathItems = Record<string, unknown>;

/**
 * Drops every dotted key that has an ancestor among the keys, then adds back
 * the override's non-false keys, then checks the hierarchy rule.
 */
const dedupePaths = <Items extends PathItems>(
  items: Items,
  overrideItems: Items | undefined,
  resource: string,
  section: 'globals' | 'builtin',
  overrideFile: string | undefined,
): Items => {
  const present = new Set(Object.keys(items));
  const kept = new Map(
    Object.entries(items).filter(([path]) => !ancestorsOf(path).some(ancestor => present.has(ancestor))),
  );
  if (overrideItems !== undefined) {
    for (const [path, value] of Object.entries(overrideItems)) {
      if (value !== false && !kept.has(path)) kept.set(path, value);
    }
  }
  const result = Object.fromEntries(kept) as Items;
  const violations = hierarchyViolations(result);
  if (violations.length > 0) throw new PolicyHierarchyError(resource, section, violations, overrideFile);
  return result;
};

/** Both sides of one resource merged before deduplication. */
const mergeResource = (generated: ResourcePolicy, override: ResourcePolicy): ResourcePolicy => {
  const merged: ResourcePolicy = {};
  if (generated.globals || override.globals) merged.globals = { ...generated.globals, ...override.globals };
  if (generated.builtin || override.builtin) merged.builtin = { ...generated.builtin, ...override.builtin };
  if (generated.packages || override.packages) merged.packages = { ...generated.packages, ...override.packages };
  if (generated.meta || override.meta) merged.meta = { ...generated.meta, ...override.meta };
  if ('native' in override) merged.native = override.native;
  else if ('native' in generated) merged.native = generated.native;
  if ('env' in override) merged.env = override.env;
  else if ('env' in generated) merged.env = generated.env;
  return merged;
};

const mergeResources = (generated: Resources, override: Resources, overrideFile: string | undefined): Resources => {
  const names = new Set([...Object.keys(generated), ...Object.keys(override)]);
  const entries: [string, ResourcePolicy][] = [];
  for (const name of names) {
    const fromGenerated = Object.hasOwn(generated, name) ? generated[name] : undefined;
    const fromOverride = Object.hasOwn(override, name) ? override[name] : undefined;
    const merged =
      fromGenerated && fromOverride ? mergeResource(fromGenerated, fromOverride) : { ...(fromOverride ?? fromGenerated) };
    if (merged.globals) merged.globals = dedupePaths(merged.globals, fromOverride?.globals, name, 'globals', overrideFile);
    if (merged.builtin) merged.builtin = dedupePaths(merged.builtin, fromOverride?.builtin, name, 'builtin', overrideFile);
    entries.push([name, merged]);
  }
  return Object.fromEntries(entries);
};

const mergeResolutions = (generated: Resolutions, override: Resolutions): Resolutions => {
  const names = new Set([...Object.keys(generated), ...Object.keys(override)]);
  return Object.fromEntries(
    [...names].map(name => {
      const fromGenerated = Object.hasOwn(generated, name) ? generated[name] : undefined;
      const fromOverride = Object.hasOwn(override, name) ? override[name] : undefined;
      const merged =
        fromGenerated && fromOverride ? { ...fromGenerated, ...fromOverride } : { ...(fromOverride ?? fromGenerated) };
      return [name, merged];
    }),
  );
};

/** Both lists in order; a name, or a name with one entry, appears once. */
const mergeInclude = (generated: IncludeEntry[], override: IncludeEntry[]): IncludeEntry[] => {
  const seenNames = new Set<string>();
  const seenEntriesByName = new Map<string, Set<string>>();
  const result: IncludeEntry[] = [];
  for (const item of [...generated, ...override]) {
    if (typeof item === 'string') {
      if (seenNames.has(item)) continue;
      seenNames.add(item);
      result.push(item);
    } else {
      const entries = seenEntriesByName.get(item.name) ?? new Set<string>();
      if (entries.has(item.entry)) continue;
      entries.add(item.entry);
      seenEntriesByName.set(item.name, entries);
      result.push({ ...item });
    }
  }
  return result;
};

/** Resources the override names that the generated policy does not have. */
const unknownOverrideResources = (generated: LavaMoatPolicy, override: LavaMoatPolicy): PolicyWarning[] =>
  Object.keys(override.resources ?? {})
    .filter(name => !Object.hasOwn(generated.resources ?? {}, name))
    .map(resource => ({
      resource,
      message:
        `The override names ${JSON.stringify(resource)}, which the generated policy lacks: ` +
        'generate the policy again so that what it uses is found.',
    }));

export interface MergeOptions {
  /** The override's file, named in errors. */
  overrideFile?: string;
}

/**
 * Merges `override` over `generated` as LavaMoat does. Without an override,
 * `generated` is returned as it is. Throws a PolicyHierarchyError when the
 * result would grant a dotted path under a granted ancestor.
 */
export const mergePolicy = (
  generated: LavaMoatPolicy,
  override?: LavaMoatPolicy,
  options: MergeOptions = {},
): MergeResult => {
  if (override === undefined) return { policy: generated, warnings: [] };
  const resources = mergeResources(generated.resources ?? {}, override.resources ?? {}, options.overrideFile);
  const policy: LavaMoatPolicy = { resources };
  if (generated.resolutions || override.resolutions) {
    policy.resolutions = mergeResolutions(generated.resolutions ?? {}, override.resolutions ?? {});
  }
  if (generated.root || override.root) policy.root = { ...generated.root, ...override.root };
  if (generated.include || override.include) {
    policy.include = mergeInclude(generated.include ?? [], override.include ?? []);
  }
  if (generated.debugInfo) policy.debugInfo = { ...generated.debugInfo };
  // Shims run in order: the policy's first, then the override's, each once.
  if (generated.shims || override.shims) policy.shims = [...new Set([...(generated.shims ?? []), ...(override.shims ?? [])])];
  return { policy, warnings: unknownOverrideResources(generated, override) };
};
