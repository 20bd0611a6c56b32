// A policy (LavaMoat's format, merged) made into what each package's
// compartment gets (application-linker.ts's packageEndowments) and which
// packages it may load (file-system-source.ts's mayReach):
//
// - the application itself ($root$) is trusted, as in LavaMoat: every host
//   global and every builtin;
// - a package gets the globals its policy grants (global-views.ts: minimal
//   views for dotted grants, powerful globals attenuated, "write" globals
//   shared live between the packages that write and read them), the
//   builtins it grants (builtin-views.ts), and nothing without a resource;
// - a grant of a member of Date, Math or Error gives the start
//   compartment's whole one (global-views.ts says why).

import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { PackageEndowments } from '../compartment-mapper/application-linker.js';
import { builtinForPackage } from './builtin-views.js';
import { globalsForPackage, type GlobalGrant } from './global-views.js';
import { allHostBuiltins, hostBuiltin } from './host-authority.js';
import { oncePerPackage } from './per-package.js';
import type { LavaMoatPolicy, ResourcePolicy } from './policy-types.js';
import { makeSharedGlobals, writableGlobalNames } from './shared-globals.js';
import { currentCallerFrame, describeFile, describeFrame, isFileOfPackage } from './violation-site.js';

const ROOT = '$root$';

/** What a refusal names, for a reader of the error other than a person (explain-failure.ts, tests). */
export interface ViolationDetails {
  /** The refused package's canonical name. */
  readonly packageName: string;
  /** What it asked for: "builtin fs", "package reader". */
  readonly power: string;
  /** The policy entry that would allow it: `resources["p"].builtin["fs"]`. */
  readonly entry: string;
  /** Where its code asked ("file:line:column"), when known. */
  readonly site?: string;
}

export class PolicyViolation extends Error {
  code = 'ERR_POLICY_VIOLATION';
  override name = 'PolicyViolation';
  declare readonly details?: ViolationDetails;
  constructor(message: string, details?: ViolationDetails) {
    super(message);
    if (details !== undefined) Object.defineProperty(this, 'details', { value: Object.freeze({ ...details }), enumerable: false });
  }
}

/**
 * Where the refused package's own code asked, from the stack at the
 * refusal (a require(), or an import() written in the package), as
 * violation-site.ts finds it; `fallback` (the importing file) when the
 * stack does not lead to a file of that package: a static import, linked
 * with no package code on the stack.
 */
const siteOfRequest = (label: string, projectRoot: string, fallback?: string): string | undefined => {
  const frame = currentCallerFrame();
  const file = fallback?.startsWith('file:') ? fileURLToPath(fallback) : fallback;
  if (frame !== undefined && isFileOfPackage(frame.file, label) && (file === undefined || frame.file === file)) {
    return describeFrame(frame, projectRoot);
  }
  return file === undefined ? undefined : describeFile(file, projectRoot);
};

const askedAt = (site: string | undefined) => (site === undefined ? '' : ` (asked for at ${site})`);

/** The builtins of which the resource grants something (a `false` alone grants nothing: the loader refuses it when asked). */
const builtinRootsOf = (resource: ResourcePolicy): Set<string> =>
  new Set(
    Object.entries(resource.builtin ?? {})
      .filter(([, value]) => value === true)
      .map(([key]) => key.split('.')[0]!.replace(/^node:/, '')),
  );

/**
 * `packageEndowments` for the linker: `hostGlobals` are the globals to
 * grant from (withStartCompartmentPowers' record, taken around lockdown).
 */
export const endowmentsFromPolicy = (
  policy: LavaMoatPolicy,
  hostGlobals: Record<string, unknown>,
  policyFile = 'the policy',
  projectRoot = process.cwd(),
) => {
  const shared = makeSharedGlobals(writableGlobalNames(policy));

  const endow = (label: string): PackageEndowments => {
    if (label === ROOT) {
      return { globals: Object.getOwnPropertyDescriptors(hostGlobals), modules: allHostBuiltins() };
    }
    const resource = policy.resources[label] ?? {};
    // ("read", LavaMoat's deprecated spelling of true, is read as true there.)
    const grants = (resource.globals ?? {}) as Record<string, GlobalGrant>;
    const globals: PropertyDescriptorMap = globalsForPackage(grants, hostGlobals, shared, { packageName: label });
    const modules: Record<string, unknown> = {};
    // A builtin the policy does not grant is there to be refused, with the entry that would allow it.
    for (const name of builtinModules) {
      const refuse = {
        get: () => {
          const site = siteOfRequest(label, projectRoot);
          // A ban written in the policy ("child_process": false) is said as such: the fix is to change it.
          const banned = [name, `node:${name}`].find(key => resource.builtin?.[key] === false);
          const why = banned === undefined ? 'its policy grants none of it' : `its policy bans it ("${banned}": false)`;
          const fix = banned === undefined ? 'add' : 'set';
          throw new PolicyViolation(
            `Package ${JSON.stringify(label)} may not use the builtin module ${JSON.stringify(name)}: ${why}. ` +
              `To allow it, ${fix} "${name}": true (or "${name}.<member>": true) ${banned === undefined ? 'to' : 'in'} resources["${label}"].builtin in the override beside ${policyFile}${askedAt(site)}`,
            { packageName: label, power: `builtin ${name}`, entry: `resources[${JSON.stringify(label)}].builtin[${JSON.stringify(name)}]`, site },
          );
        },
        enumerable: false,
        configurable: true,
      };
      Object.defineProperty(modules, name, refuse);
      Object.defineProperty(modules, `node:${name}`, refuse);
    }
    for (const name of builtinRootsOf(resource)) {
      const real = hostBuiltin(name);
      if (real === undefined) continue;
      const view = builtinForPackage(name, resource.builtin ?? {}, real, { packageName: label });
      Object.defineProperty(modules, name, { value: view, enumerable: true, configurable: true });
      Object.defineProperty(modules, `node:${name}`, { value: view, enumerable: true, configurable: true });
    }
    return { globals, modules };
  };

  return oncePerPackage(endow);
};

/**
 * `mayReach` for the file-system source: a package loads only the packages
 * its policy lists. `referrer`, the file whose require or import asked,
 * names the file when no frame of the stack does (a static import).
 */
export const mayReachFromPolicy =
  (policy: LavaMoatPolicy, policyFile: string, projectRoot = process.cwd()) =>
  (from: string, to: string, referrer?: string): true | Error => {
    if (from === ROOT || policy.resources[from]?.packages?.[to] === true) return true;
    const site = siteOfRequest(from, projectRoot, referrer);
    return new PolicyViolation(
      `Package ${JSON.stringify(from)} may not load package ${JSON.stringify(to)}: its policy does not list it. ` +
        `To allow it, add "${to}": true to resources["${from}"].packages in the override beside ${policyFile}${askedAt(site)}`,
      { packageName: from, power: `package ${to}`, entry: `resources[${JSON.stringify(from)}].packages[${JSON.stringify(to)}]`, site },
    );
  };
