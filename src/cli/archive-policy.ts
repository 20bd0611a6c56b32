// A policy travels inside the archive it governs, so that `endo run app.zip`
// enforces what was reviewed where the archive was made, and the archive's
// SHA-512 (of compartment-map.json) covers the policy too. Each package's
// compartment carries its LavaMoat resource policy as
// `policy.options.lavamoat`: the original's per-compartment policy keeps
// settings it does not know under `options`, so its shape stays valid.
// (The original enforces its own format, so it gives such a package
// nothing: it fails closed.)
//
// The application's own compartment ($root$) carries none: it is trusted,
// as in LavaMoat. Shims and attenuators other than Endo's own would need
// their modules in the archive, which it does not hold: such a policy is
// refused rather than half applied.

import { computeSha512 } from '../compartment-mapper/archive.js';
import { readZip, writeZip } from '../compartment-mapper/zip.js';
import { isAttenuation } from '../policy/attenuators.js';
import { checkPolicy } from '../policy/policy-check.js';
import type { LavaMoatPolicy, ResourcePolicy } from '../policy/policy-types.js';

const ROOT = '$root$';
const MAP = 'compartment-map.json';

interface CompartmentWithPolicy {
  label: string;
  policy?: { options?: { lavamoat?: unknown } };
}

const mapOf = (files: Map<string, Uint8Array>, archiveName: string): { compartments: Record<string, CompartmentWithPolicy> } => {
  const bytes = files.get(MAP);
  if (bytes === undefined) throw Error(`${archiveName} has no ${MAP}: it is not an archive of an application`);
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
};

const refuseWhatAnArchiveCannotHold = (policy: LavaMoatPolicy): void => {
  if ((policy.shims ?? []).length > 0) {
    throw Error(`The policy names shims (${policy.shims!.join(', ')}); an archive cannot carry them yet: run the application from its folder`);
  }
  for (const [label, resource] of Object.entries(policy.resources)) {
    for (const value of [...Object.values(resource.globals ?? {}), ...Object.values(resource.builtin ?? {})]) {
      if (isAttenuation(value) && !value.attenuate.startsWith('endo/attenuators/')) {
        throw Error(`Package ${JSON.stringify(label)}'s policy names the attenuator ${JSON.stringify(value.attenuate)}; an archive can carry only Endo's own (endo/attenuators/...)`);
      }
    }
  }
};

/** The archive with `policy` in each package's compartment, and the SHA-512 of its new compartment map. */
export const embedPolicy = (archive: Uint8Array, policy: LavaMoatPolicy, archiveName: string): { bytes: Uint8Array; sha512: string } => {
  refuseWhatAnArchiveCannotHold(policy);
  const files = readZip(archive);
  const map = mapOf(files, archiveName);
  for (const compartment of Object.values(map.compartments)) {
    if (compartment.label === ROOT) continue;
    const resource: ResourcePolicy = Object.hasOwn(policy.resources, compartment.label) ? policy.resources[compartment.label]! : {};
    compartment.policy = { options: { lavamoat: resource } };
  }
  // As the archive writer writes it: two-space JSON.
  const mapBytes = new TextEncoder().encode(JSON.stringify(map, null, 2));
  files.set(MAP, mapBytes);
  return { bytes: writeZip(files), sha512: computeSha512(mapBytes) };
};

/**
 * The policy an archive carries, checked as any policy file is. Throws when
 * a package's compartment carries none: such an archive was not made by
 * `endo archive`, and running it would give its packages nothing or all.
 */
export const policyOfArchive = (archive: Uint8Array, archiveName: string): LavaMoatPolicy => {
  const map = mapOf(readZip(archive), archiveName);
  // No prototype: a label is untrusted text, and "__proto__" must stay a key.
  const resources: Record<string, unknown> = Object.create(null);
  for (const [name, compartment] of Object.entries(map.compartments)) {
    if (compartment.label === ROOT) continue;
    const lavamoat = compartment.policy?.options?.lavamoat;
    if (lavamoat === undefined) {
      throw Error(`${archiveName} carries no policy for its compartment ${JSON.stringify(name)}: make it with \`endo archive\`, which puts the policy in`);
    }
    resources[compartment.label] = lavamoat;
  }
  return checkPolicy({ resources }, `the policy in ${archiveName}`);
};
