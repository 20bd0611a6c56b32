// The shape of a LavaMoat policy file (`lavamoat/node/policy.json` and its
// override), as LavaMoat 11 reads and writes it. Endo reads these files
// unchanged so that LavaMoat users keep their policies; `checkPolicy` turns
// untrusted JSON into these types.

/**
 * What a package may do with one global (or one dotted member path of a
 * global). `true` reads it, `false` bans it (used by overrides to tighten),
 * `"write"` lets the package assign it (top-level names only). `"read"` is
 * LavaMoat's deprecated spelling of `true`.
 */
export type GlobalPolicyValue = boolean | 'write' | 'read' | Attenuation;

/**
 * Endo's extension, as Endo's own policy format spells it: instead of
 * `true`, a top-level global or a whole builtin module may be granted
 * through an attenuator, a module that wraps it before the package gets it
 * (attenuators.ts). `attenuate` is the attenuator's module specifier
 * (`endo/attenuators/...` for the ones Endo ships, else resolved from the
 * application's folder); `params` are handed to it.
 */
export interface Attenuation {
  attenuate: string;
  params?: unknown[];
}

/** Globals by name or dotted member path (`"Buffer.from"`). */
export type GlobalPolicy = Record<string, GlobalPolicyValue>;

/** Builtin modules by name or dotted export path (`"fs.readFile"`). */
export type BuiltinPolicy = Record<string, boolean | Attenuation>;

/** Packages a package may import, by canonical name (`"debug>ms"`). */
export type PackagePolicy = Record<string, boolean>;

/** LavaMoat's experimental free-form metadata about a resource. */
export type ResourceMetadata = Record<string, string | string[]>;

/** The powers one package (resource) receives. */
export interface ResourcePolicy {
  globals?: GlobalPolicy;
  builtin?: BuiltinPolicy;
  packages?: PackagePolicy;
  /** Whether the package may load native (`.node`) addons. */
  native?: boolean;
  meta?: ResourceMetadata;
  /**
   * Undocumented in LavaMoat: classic `lavamoat` runs a package whose `env`
   * is `"unfrozen"` in a fresh realm without lockdown. Accepted so that such
   * files load; it is the only value LavaMoat accepts.
   */
  env?: 'unfrozen';
}

/** Resource policies by canonical package name (`$root$` for the application). */
export type Resources = Record<string, ResourcePolicy>;

/**
 * Deprecated LavaMoat module resolutions: for a package, which requested
 * specifier is replaced by which path.
 */
export type Resolutions = Record<string, Record<string, string>>;

/** Settings of the application (root) package. */
export interface RootPolicy {
  /** When set, the root is untrusted and runs under this resource's policy. */
  usePolicy?: string;
}

/** A package forced into generation: its entry, or a given module of it. */
export type IncludeEntry = string | { name: string; entry: string };

/** A whole LavaMoat policy file. */
export interface LavaMoatPolicy {
  resources: Resources;
  resolutions?: Resolutions;
  root?: RootPolicy;
  include?: IncludeEntry[];
  /**
   * Present only in LavaMoat's debug policy file (`policy-debug.json`):
   * per-module analysis details. Kept opaque: Endo never acts on it.
   */
  debugInfo?: Record<string, unknown>;
  /**
   * Endo's extension: module specifiers (resolved from the application's
   * folder) that run before lockdown with the whole realm, in this order,
   * so that polyfills can change the shared built-ins. Only what is named
   * here runs unconfined: naming a shim is the application's express
   * consent. Generation never writes it; it belongs in the override.
   */
  shims?: string[];
}

/** The top-level keys a policy file may have. Anything else is an error. */
export const policyKeys: readonly string[] = ['resources', 'resolutions', 'root', 'include', 'debugInfo', 'shims'];

/** The keys a resource policy may have. Anything else is an error. */
export const resourceKeys: readonly string[] = ['globals', 'builtin', 'packages', 'native', 'meta', 'env'];

/** A note for the person running a tool: something odd that is not an error. */
export interface PolicyWarning {
  /** The resource the warning is about. */
  resource: string;
  message: string;
}
