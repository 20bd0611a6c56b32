// Attenuated grants (Endo's extension of LavaMoat's format): a policy may
// grant a top-level global or a whole builtin module through an attenuator,
//
//   "builtin": { "fs": { "attenuate": "endo/attenuators/fs-directory", "params": ["./data"] } }
//   "globals": { "fetch": { "attenuate": "endo/attenuators/fetch-origins", "params": ["https://a.example"] } }
//
// and the package gets what the attenuator makes of the host's value. An
// attenuator is a module with Endo's interface:
//
// - `attenuateModule(params, namespace, context)` returns what the package's
//   require()/import of the builtin gives;
// - `attenuateGlobals(params, originals, target, context)` either returns an
//   object holding the attenuated globals or defines them on `target`.
//
// Endo ships `endo/attenuators/fs-directory` and
// `endo/attenuators/fetch-origins`; any other specifier is resolved from the
// application's folder. An attenuator is the application's choice, named in
// its policy, so it runs with the application's authority (as the
// application's own modules do), never with the package's.
//
// Enforcement is layered: the policy without its attenuated grants goes to
// endowmentsFromPolicy, which refuses those names as ungranted; only then
// are the attenuated values put in their place. A mistake here can
// therefore only withhold the attenuated value, never hand over the host's.

import type { PackageEndowments } from '../compartment-mapper/application-linker.js';
import { resolveFromApplication } from './application-module.js';
import { hostBuiltin } from './host-authority.js';
import { oncePerPackage } from './per-package.js';
import type { Attenuation, LavaMoatPolicy, ResourcePolicy } from './policy-types.js';

/** What an attenuator learns about the application besides its params. */
export interface AttenuationContext {
  /** The application's folder (the one holding lavamoat/): relative params are relative to it. */
  projectRoot: string;
}

/** An attenuator module's exports (either function may be absent). */
export interface Attenuator {
  attenuateModule?: (params: unknown[], namespace: Record<string, unknown>, context: AttenuationContext) => unknown;
  attenuateGlobals?: (
    params: unknown[],
    originals: Record<string, unknown>,
    target: Record<string, unknown>,
    context: AttenuationContext,
  ) => unknown;
}

/** The attenuators Endo ships, by their specifiers in a policy. */
const shippedAttenuators: Record<string, () => Promise<Attenuator>> = {
  'endo/attenuators/fs-directory': () => import('./fs-directory-attenuator.js'),
  'endo/attenuators/fetch-origins': () => import('./fetch-origins-attenuator.js'),
};

/** One package's attenuated grants, by global or builtin name. */
export interface PackageAttenuations {
  globals: [string, Attenuation][];
  builtin: [string, Attenuation][];
}

export const isAttenuation = (value: unknown): value is Attenuation =>
  typeof value === 'object' && value !== null && typeof (value as Attenuation).attenuate === 'string';

const withoutAttenuations = <T>(grants: Record<string, T | Attenuation>): Record<string, T> =>
  Object.fromEntries(Object.entries(grants).filter(([, value]) => !isAttenuation(value))) as Record<string, T>;

/**
 * The policy with every attenuated grant taken out (so that what enforces
 * the rest sees only true, false and "write"), and the attenuated grants by
 * package.
 */
export const splitAttenuations = (policy: LavaMoatPolicy) => {
  const attenuations = new Map<string, PackageAttenuations>();
  const resources: Record<string, ResourcePolicy> = {};
  for (const [label, resource] of Object.entries(policy.resources)) {
    const globals = Object.entries(resource.globals ?? {}).filter((entry): entry is [string, Attenuation] => isAttenuation(entry[1]));
    const builtin = Object.entries(resource.builtin ?? {}).filter((entry): entry is [string, Attenuation] => isAttenuation(entry[1]));
    if (globals.length === 0 && builtin.length === 0) {
      resources[label] = resource;
      continue;
    }
    attenuations.set(label, { globals, builtin });
    resources[label] = {
      ...resource,
      ...(resource.globals && { globals: withoutAttenuations(resource.globals) }),
      ...(resource.builtin && { builtin: withoutAttenuations(resource.builtin) }),
    };
  }
  return { policy: { ...policy, resources }, attenuations };
};

/** Loads each attenuator the attenuations name, once. */
export const loadAttenuators = async (
  attenuations: ReadonlyMap<string, PackageAttenuations>,
  projectRoot: string,
): Promise<Map<string, Attenuator>> => {
  const specifiers = new Set<string>();
  for (const { globals, builtin } of attenuations.values()) {
    for (const [, { attenuate }] of [...globals, ...builtin]) specifiers.add(attenuate);
  }
  const loaded = new Map<string, Attenuator>();
  for (const specifier of specifiers) {
    const shipped = Object.hasOwn(shippedAttenuators, specifier) ? shippedAttenuators[specifier] : undefined;
    if (shipped !== undefined) {
      loaded.set(specifier, await shipped());
      continue;
    }
    loaded.set(specifier, (await import(resolveFromApplication(specifier, projectRoot, 'The attenuator'))) as Attenuator);
  }
  return loaded;
};

/**
 * `endow` (endowmentsFromPolicy's, made from the split policy) with each
 * package's attenuated grants added: the attenuator's result in place of
 * the refusal that `endow` put there.
 */
export const withAttenuations = (
  endow: (label: string) => PackageEndowments,
  attenuations: ReadonlyMap<string, PackageAttenuations>,
  attenuators: ReadonlyMap<string, Attenuator>,
  hostGlobals: Record<string, unknown>,
  context: AttenuationContext,
) => {
  const attenuate = (label: string): PackageEndowments => {
    const base = endow(label);
    const own = attenuations.get(label);
    if (own === undefined || label === '$root$') return base;
    const globals: PropertyDescriptorMap = { ...base.globals };
    // Copied as descriptors: the refusing getters must not run here.
    const modules = Object.defineProperties({}, Object.getOwnPropertyDescriptors(base.modules)) as Record<string, unknown>;
    const failure = (what: string, specifier: string, cause: unknown) =>
      new Error(`The attenuator ${JSON.stringify(specifier)} failed for ${what} of package ${JSON.stringify(label)}`, { cause });

    for (const [name, { attenuate: specifier, params = [] }] of own.builtin) {
      const attenuator = attenuators.get(specifier);
      const real = hostBuiltin(name.replace(/^node:/, ''));
      if (real === undefined) throw new Error(`Package ${JSON.stringify(label)}'s policy attenuates ${JSON.stringify(name)}, which is not a builtin module`);
      if (typeof attenuator?.attenuateModule !== 'function') {
        throw new Error(`The attenuator ${JSON.stringify(specifier)} has no attenuateModule, so it cannot attenuate the builtin ${JSON.stringify(name)}`);
      }
      let view: unknown;
      try {
        view = attenuator.attenuateModule([...params], real as Record<string, unknown>, context);
      } catch (cause) {
        throw failure(`the builtin ${JSON.stringify(name)}`, specifier, cause);
      }
      const bare = name.replace(/^node:/, '');
      for (const key of [bare, `node:${bare}`]) {
        Object.defineProperty(modules, key, { value: view, enumerable: true, configurable: true });
      }
    }

    for (const [name, { attenuate: specifier, params = [] }] of own.globals) {
      const attenuator = attenuators.get(specifier);
      if (typeof attenuator?.attenuateGlobals !== 'function') {
        throw new Error(`The attenuator ${JSON.stringify(specifier)} has no attenuateGlobals, so it cannot attenuate the global ${JSON.stringify(name)}`);
      }
      const target: Record<string, unknown> = Object.create(null);
      let returned: unknown;
      try {
        returned = attenuator.attenuateGlobals([...params], { [name]: hostGlobals[name] }, target, context);
      } catch (cause) {
        throw failure(`the global ${JSON.stringify(name)}`, specifier, cause);
      }
      const source = typeof returned === 'object' && returned !== null ? (returned as Record<string, unknown>) : target;
      if (!Object.hasOwn(source, name)) {
        throw new Error(`The attenuator ${JSON.stringify(specifier)} gave no ${JSON.stringify(name)} for package ${JSON.stringify(label)}`);
      }
      globals[name] = { value: source[name], writable: true, enumerable: false, configurable: true };
    }
    return { globals, modules };
  };

  return oncePerPackage(attenuate);
};
