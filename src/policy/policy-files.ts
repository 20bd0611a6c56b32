// The policy files of a project, where LavaMoat keeps them:
// `lavamoat/node/policy.json` (generated) and, beside it,
// `policy-override.json` (written by people, merged over the generated one,
// never overwritten by a tool). Reading checks and merges them; writing is
// atomic and refuses any override file.

import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { checkPolicy } from './policy-check.js';
import { mergePolicy } from './policy-merge.js';
import { stringifyPolicy } from './policy-stringify.js';
import type { LavaMoatPolicy, PolicyWarning } from './policy-types.js';

/** The generated policy's place under a project root, as LavaMoat has it. */
export const defaultPolicyPath = join('lavamoat', 'node', 'policy.json');

/** What makes a file name an override file: LavaMoat's `<name>-override.json`. */
const OVERRIDE_SUFFIX = '-override.json';

/** A policy file that cannot be read or must not be written. */
export class PolicyFileError extends Error {
  readonly code: 'POLICY_MISSING' | 'POLICY_UNREADABLE' | 'POLICY_JSON' | 'POLICY_OVERRIDE_WRITE';
  readonly file: string;

  constructor(code: PolicyFileError['code'], file: string, message: string) {
    super(message);
    this.name = 'PolicyFileError';
    this.code = code;
    this.file = file;
  }
}

/**
 * The override that goes with a policy file: `<name>-override.json` beside
 * it (as `@lavamoat/node` finds it), so the default policy's override is
 * `lavamoat/node/policy-override.json`.
 */
export const overridePathFor = (policyPath: string): string => {
  const name = basename(policyPath).replace(/\.json$/, '');
  return join(dirname(policyPath), `${name}${OVERRIDE_SUFFIX}`);
};

export interface PolicyPathOptions {
  /** The project's directory; relative paths are resolved against it. */
  projectRoot: string;
  /** The generated policy (default `lavamoat/node/policy.json`). */
  policyPath?: string;
  /** The override; when given it must exist. Default: beside the policy. */
  overridePath?: string;
}

export interface PolicyPaths {
  policyPath: string;
  overridePath: string;
  /** Whether the override path was given, so that a missing file is an error. */
  overrideRequired: boolean;
}

/** The absolute paths of a project's policy and override. */
export const resolvePolicyPaths = ({ projectRoot, policyPath, overridePath }: PolicyPathOptions): PolicyPaths => {
  const resolvedPolicy = resolve(projectRoot, policyPath ?? defaultPolicyPath);
  return {
    policyPath: resolvedPolicy,
    overridePath: overridePath === undefined ? overridePathFor(resolvedPolicy) : resolve(projectRoot, overridePath),
    overrideRequired: overridePath !== undefined,
  };
};

/** A file's text, or undefined when it does not exist. */
const readTextIfPresent = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new PolicyFileError('POLICY_UNREADABLE', path, `Cannot read policy ${path}: ${(error as Error).message}`);
  }
};

/** A policy file's text parsed and checked. */
const parsePolicyText = (text: string, path: string): LavaMoatPolicy => {
  let value: unknown;
  try {
    // Editors on some systems start a file with a byte order mark; JSON.parse refuses it.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new PolicyFileError('POLICY_JSON', path, `Policy ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return checkPolicy(value, path);
};

/**
 * Reads and checks one policy file. A missing file is a PolicyFileError with
 * code POLICY_MISSING; bad JSON is POLICY_JSON; a bad policy is a
 * PolicyFormatError.
 */
export const readPolicyFile = (path: string): LavaMoatPolicy => {
  const text = readTextIfPresent(path);
  if (text === undefined) {
    throw new PolicyFileError(
      'POLICY_MISSING',
      path,
      `No policy at ${path}: generate one first (\`endo policy <entry>\`), or give its path with --policy.`,
    );
  }
  return parsePolicyText(text, path);
};

/**
 * Reads a project's override: none when the default file is absent, an
 * error when a path was given and the file is absent (as `@lavamoat/node`).
 */
export const readPolicyOverride = (paths: PolicyPaths): LavaMoatPolicy | undefined => {
  const text = readTextIfPresent(paths.overridePath);
  if (text === undefined) {
    if (!paths.overrideRequired) return undefined;
    throw new PolicyFileError(
      'POLICY_MISSING',
      paths.overridePath,
      `No policy override at ${paths.overridePath}, the path given for it: create it, or leave the option out.`,
    );
  }
  return parsePolicyText(text, paths.overridePath);
};

export interface PolicyFiles {
  paths: PolicyPaths;
  generated: LavaMoatPolicy;
  override: LavaMoatPolicy | undefined;
  /** The generated policy with the override merged over it. */
  merged: LavaMoatPolicy;
  warnings: PolicyWarning[];
}

/** Reads, checks and merges a project's policy and override. */
export const readPolicyFiles = (options: PolicyPathOptions): PolicyFiles => {
  const paths = resolvePolicyPaths(options);
  const generated = readPolicyFile(paths.policyPath);
  const override = readPolicyOverride(paths);
  const { policy: merged, warnings } = mergePolicy(generated, override, { overrideFile: paths.overridePath });
  return { paths, generated, override, merged, warnings };
};

/** Whether two paths are one file: same path, same real path, or same inode. */
const isSameFile = (left: string, right: string): boolean => {
  if (resolve(left) === resolve(right)) return true;
  const realOrResolved = (path: string): string => {
    try {
      return realpathSync(path);
    } catch {
      // Not there yet: compare through its directory, which may be a link.
      try {
        return join(realpathSync(dirname(path)), basename(path));
      } catch {
        return resolve(path);
      }
    }
  };
  if (realOrResolved(left) === realOrResolved(right)) return true;
  try {
    const leftStat = statSync(left);
    const rightStat = statSync(right);
    return leftStat.dev === rightStat.dev && leftStat.ino === rightStat.ino;
  } catch {
    return false;
  }
};

export interface WritePolicyOptions {
  /** The project's override file, which must never be written. */
  overridePath?: string;
}

/**
 * Writes a policy as LavaMoat writes it, atomically: the text goes to a
 * temporary file beside the target, is flushed, and replaces the target by
 * rename, so a reader sees the old file or the new one, never half of one.
 * Refuses to write an override file (`*-override.json` or the given
 * `overridePath`, through links too): overrides belong to people.
 */
export const writePolicy = (path: string, policy: LavaMoatPolicy, options: WritePolicyOptions = {}): void => {
  const target = resolve(path);
  const isOverride =
    basename(target).endsWith(OVERRIDE_SUFFIX) ||
    (options.overridePath !== undefined && isSameFile(target, options.overridePath));
  if (isOverride) {
    throw new PolicyFileError(
      'POLICY_OVERRIDE_WRITE',
      target,
      `Refusing to write ${target}: it is a policy override, which only people edit. Write the generated policy elsewhere.`,
    );
  }
  checkPolicy(policy, `about to be written to ${target}`);
  const text = stringifyPolicy(policy);
  const directory = dirname(target);
  mkdirSync(directory, { recursive: true });
  const temporary = join(directory, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const descriptor = openSync(temporary, 'wx');
  try {
    try {
      writeSync(descriptor, text);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    renameSync(temporary, target);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Already renamed or never created: nothing to clean.
    }
    throw error;
  }
};
