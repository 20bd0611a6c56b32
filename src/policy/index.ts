// endo/policy: least-authority policies in LavaMoat's format, for tools
// that do what the `endo` command does their own way. Generate a policy,
// check, merge, write and review it; enforce it on the per-package
// compartments of endo/compartment-mapper (packageEndowments and mayReach
// of importLocation); attenuate fs and fetch.
export type {
  Attenuation,
  BuiltinPolicy,
  GlobalPolicy,
  GlobalPolicyValue,
  LavaMoatPolicy,
  PackagePolicy,
  ResourcePolicy,
  Resources,
} from './policy-types.js';
export { generatePolicy, type GeneratedPolicy, type GeneratePolicyOptions, type DynamicRequestReport } from './generate-policy.js';
export { checkPolicy, PolicyFormatError } from './policy-check.js';
export { mergePolicy, PolicyHierarchyError, type MergeResult } from './policy-merge.js';
export { stringifyPolicy } from './policy-stringify.js';
export {
  defaultPolicyPath,
  overridePathFor,
  readPolicyFile,
  readPolicyFiles,
  resolvePolicyPaths,
  writePolicy,
  PolicyFileError,
  type PolicyPathOptions,
  type PolicyPaths,
} from './policy-files.js';
export { reviewPolicy, formatReview, type PackageReview, type Power, type Danger } from './review-policy.js';
export { endowmentsFromPolicy, mayReachFromPolicy, PolicyViolation } from './enforce-policy.js';
export { takeHostGlobals, withStartCompartmentPowers } from './host-authority.js';
export {
  splitAttenuations,
  loadAttenuators,
  withAttenuations,
  type Attenuator,
  type AttenuationContext,
} from './attenuators.js';
export { runShims } from './shims.js';
export { limitFsToDirectory, FsLimitError } from './attenuate-fs.js';
export { limitFetchToOrigins, FetchLimitError } from './attenuate-fetch.js';
