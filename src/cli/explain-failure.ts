// Why `endo run` failed, when the cause may be the policy rather than the
// application. A global the policy does not grant is absent from the
// package's compartment (so that `typeof fetch` feature checks work), and a
// builtin cut to some members lacks the others, so the package fails with
// an ordinary error: `globalThis.fetch is not a function`, `Cannot read
// properties of undefined (reading 'env')`, `fs.writeFileSync is not a
// function`, or, for the time and randomness that a compartment's Date and
// Math withhold, a TypeError starting with "secure mode". This file reads
// such an error's stack and message, finds the package whose code threw
// (its file mapped to the package's canonical name by the compartment map),
// and says which policy entry would give it what it reached for.

import crypto from 'node:crypto';
import fs from 'node:fs';
import url from 'node:url';
import { makeFileSystemSource } from '../compartment-mapper/file-system-source.js';
import { mapNodeModulesSync } from '../compartment-mapper/node-modules.js';
import { makeReadPowers } from '../compartment-mapper/node-powers.js';
import { requireSyncReadPowers } from '../compartment-mapper/powers-of.js';
import { analyzeModule } from '../policy/analyze-module.js';
import { hostBuiltin } from '../policy/host-authority.js';
import { ancestorsOf } from '../policy/policy-check.js';
import type { LavaMoatPolicy, ResourcePolicy } from '../policy/policy-types.js';
import { callerFrame, describeFrame, type StackFrame } from '../policy/violation-site.js';

export interface FailureContext {
  /** The entry module that `endo run` ran (an absolute path). */
  readonly entry: string;
  /** The policy it ran under, merged with its override. */
  readonly policy: LavaMoatPolicy;
  /** The policy file: the override to edit is beside it. */
  readonly policyPath: string;
  /** Files are named relative to it; default: the working directory. */
  readonly projectRoot?: string;
  /** The host's global names (what a policy can grant); default: this realm's. */
  readonly hostGlobalNames?: Iterable<string>;
}

/** Where a package's code and its module format: the compartment map's answer for one file. */
interface FileOwner {
  readonly label: string;
  readonly format: string;
}

/** What the error says the code reached for. */
type Reach =
  /** A global, by the dotted path the code used (`fetch`, `Date.now`, `process.env`). */
  | { readonly kind: 'global'; readonly path: string }
  /** A member of something not a global: maybe a builtin cut to other members. */
  | { readonly kind: 'member'; readonly path: string };

const identifierPath = String.raw`[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*`;
const notCallablePattern = new RegExp(`^(?:globalThis\\.)?(${identifierPath}) is not a (?:function|constructor)$`);
const notDefinedPattern = /^([A-Za-z_$][\w$]*) is not defined$/;
const undefinedReadPattern = /^Cannot (?:read|set) properties of undefined \((?:reading|setting) '([^']+)'\)$/;
// The compartment's own Date and Math (tame-date.ts, tame-math.ts): what each refusal withholds.
const secureModeReaches: readonly [RegExp, string][] = [
  [/^secure mode Calling %SharedDate%\.now\(\) throws/, 'Date.now'],
  [/^secure mode Calling new %SharedDate%\(\) with no arguments throws/, 'Date'],
  [/^secure mode Calling %SharedDate% constructor as a function throws/, 'Date'],
  [/^secure mode %SharedMath%\.random\(\) throws/, 'Math.random'],
];

/**
 * The expression `name.member` on the frame's line, nearest before its
 * column (a compartment's rewriting of free names only moves text right):
 * which undefined thing the code read `member` of.
 */
const objectReadAt = (line: string, frame: StackFrame, member: string): string | undefined => {
  const pattern = new RegExp(`(${identifierPath})\\s*\\??\\.\\s*${member.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
  let found: string | undefined;
  for (const match of line.matchAll(pattern)) {
    if (match.index > frame.column) break;
    found = `${match[1]}.${member}`;
  }
  return found;
};

const reachOf = (error: Error, sourceLine: () => string | undefined, frame: StackFrame): Reach | undefined => {
  const { message } = error;
  for (const [pattern, path] of secureModeReaches) if (pattern.test(message)) return { kind: 'global', path };
  const notDefined = notDefinedPattern.exec(message);
  if (notDefined !== null && error.name === 'ReferenceError') return { kind: 'global', path: notDefined[1]! };
  if (error.name !== 'TypeError') return undefined;
  const notCallable = notCallablePattern.exec(message);
  if (notCallable !== null) return { kind: 'member', path: notCallable[1]! };
  const undefinedRead = undefinedReadPattern.exec(message);
  const line = undefinedRead === null ? undefined : sourceLine();
  if (undefinedRead !== null && line !== undefined) {
    const path = objectReadAt(line, frame, undefinedRead[1]!);
    // `process.env` read of an undefined `process`: the global is `process` (with `env` under it).
    if (path !== undefined) return { kind: 'member', path };
  }
  return undefined;
};

/** Whether `path` or one of its ancestors is granted (not `false`) in a grants record. */
const isGranted = (grants: Record<string, unknown> | undefined, path: string): boolean =>
  [...ancestorsOf(path), path].some(candidate => grants?.[candidate] !== undefined && grants[candidate] !== false);

/** Whether a grant under `root` exists: a compartment gets the host's whole Date or Math for any member's grant. */
const grantsUnder = (grants: Record<string, unknown> | undefined, root: string): string[] =>
  Object.keys(grants ?? {}).filter(key => key === root || key.startsWith(`${root}.`));

/** The global paths under `root` that the module's own text uses (what `endo policy` would write), or undefined if it cannot be read. */
const usedGlobalPaths = (file: string, format: string, root: string): string[] | undefined => {
  if (format !== 'cjs' && format !== 'esm') return undefined;
  try {
    const analysis = analyzeModule(fs.readFileSync(file, 'utf8'), { kind: format, filename: file });
    return [...analysis.globals.keys()].filter(path => path === root || path.startsWith(`${root}.`));
  } catch {
    return undefined;
  }
};

/** The package owning each file, by the compartment map that `endo run` made of the entry: the deepest package folder that holds the file. */
const fileOwnerFinder = (entry: string): ((file: string) => FileOwner | undefined) => {
  const readPowers = requireSyncReadPowers(makeReadPowers({ fs, url, crypto }), 'explainFailure');
  const map = mapNodeModulesSync(readPowers, url.pathToFileURL(entry));
  const source = makeFileSystemSource(readPowers, map);
  const locations = Object.keys(map.compartments).sort((a, b) => b.length - a.length);
  return file => {
    let real = file;
    try {
      real = fs.realpathSync(file);
    } catch {
      // A file gone since: its path as the stack gave it.
    }
    const href = url.pathToFileURL(real).href;
    const location = locations.find(candidate => href.startsWith(candidate));
    if (location === undefined) return undefined;
    let format = 'cjs';
    try {
      format = source.formatOf(real);
    } catch {
      // Unknown format: the uses are then not read from the text.
    }
    return { label: map.compartments[location]!.label, format };
  };
};

/** The entries that would allow a global reach: what the module's text uses under that root, else the path the error names. */
const globalEntries = (reach: Reach, resource: ResourcePolicy, file: string, format: string): string[] => {
  const root = reach.path.split('.')[0]!;
  const grants = resource.globals as Record<string, unknown> | undefined;
  const used = (usedGlobalPaths(file, format, root) ?? []).filter(path => !isGranted(grants, path));
  const asked = used.filter(path => path === reach.path || path.startsWith(`${reach.path}.`) || reach.path.startsWith(`${path}.`));
  // Without the entries another one already covers (`Date` covers `Date.now`).
  if (asked.length > 0) return asked.filter(path => !ancestorsOf(path).some(ancestor => asked.includes(ancestor)));
  // A Date or Math member (`Date.now`) is the entry itself; another read is its root and the member read.
  return [reach.path];
};

/** A builtin of which the package has other members: the member it lacks, as `"fs.writeFileSync"`. */
const builtinEntry = (reach: Reach, resource: ResourcePolicy): string | undefined => {
  const parts = reach.path.split('.');
  if (parts.length < 2) return undefined;
  const member = parts.at(-1)!;
  const named = parts.at(-2)!;
  const grants = resource.builtin as Record<string, unknown> | undefined;
  const partly = new Set(
    Object.keys(grants ?? {})
      .filter(key => key.includes('.') && grants![key] !== false)
      .map(key => key.split('.')[0]!.replace(/^node:/, '')),
  );
  const candidates = [...partly].filter(module => {
    const real = hostBuiltin(module) as Record<string, unknown> | undefined;
    return real !== undefined && member in real && !isGranted(grants, `${module}.${member}`) && !isGranted(grants, `node:${module}.${member}`);
  });
  // The binding's name says which module, when it is named for it (`fs.writeFileSync`); else only one candidate is certain.
  const module = candidates.find(candidate => candidate === named) ?? (candidates.length === 1 ? candidates[0] : undefined);
  return module === undefined ? undefined : `${module}.${member}`;
};

const quoteEntries = (entries: readonly string[]): string => entries.map(entry => `${JSON.stringify(entry)}: true`).join(' and ');

/**
 * An explanation of `error`, thrown by the application `endo run` ran,
 * when it looks like the policy's doing: the package, the file and line,
 * what it reached for and the entry to add. Undefined when the error is a
 * policy refusal already (it says all that), comes from the application
 * itself ($root$, which has every power), or is nothing the policy withholds.
 */
export const explainFailure = (error: unknown, context: FailureContext): string | undefined => {
  if (!(error instanceof Error) || (error as { code?: unknown }).code === 'ERR_POLICY_VIOLATION') return undefined;
  const frame = callerFrame(typeof error.stack === 'string' ? error.stack : undefined);
  if (frame === undefined) return undefined;
  const sourceLine = () => {
    try {
      return fs.readFileSync(frame.file, 'utf8').split(/\r?\n/)[frame.line - 1];
    } catch {
      return undefined;
    }
  };
  const reach = reachOf(error, sourceLine, frame);
  if (reach === undefined) return undefined;
  let owner: FileOwner | undefined;
  try {
    owner = fileOwnerFinder(context.entry)(frame.file);
  } catch {
    return undefined;
  }
  if (owner === undefined || owner.label === '$root$') return undefined;
  const { label } = owner;
  const resource = context.policy.resources[label] ?? {};
  const hostGlobals = new Set(context.hostGlobalNames ?? Object.getOwnPropertyNames(globalThis));
  const site = describeFrame(frame, context.projectRoot);
  const where = `in the override beside ${context.policyPath}`;
  const root = reach.path.split('.')[0]!;
  const globalGrants = resource.globals as Record<string, unknown> | undefined;

  const isDateOrMath = root === 'Date' || root === 'Math';
  const globalWithheld = isDateOrMath ? grantsUnder(globalGrants, root).length === 0 : hostGlobals.has(root) && !isGranted(globalGrants, reach.path);
  if (globalWithheld && (reach.kind === 'global' || !isDateOrMath)) {
    const entries = globalEntries(reach, resource, frame.file, owner.format);
    const absent = isDateOrMath
      ? `the compartment's ${root} withholds ${reach.path === root ? 'the current time' : reach.path} unless the policy grants it`
      : 'a global the policy does not grant is absent from the package';
    return (
      `This failure may be the policy's doing: package ${JSON.stringify(label)} reached for the global ${JSON.stringify(reach.path)} at ${site}, ` +
      `which its policy does not grant (${absent}). ` +
      `To allow it, add ${quoteEntries(entries)} to resources[${JSON.stringify(label)}].globals ${where}`
    );
  }
  if (reach.kind === 'member') {
    const entry = builtinEntry(reach, resource);
    if (entry !== undefined) {
      return (
        `This failure may be the policy's doing: package ${JSON.stringify(label)} reached for ${JSON.stringify(entry)} at ${site}, ` +
        `a member of a builtin its policy grants only in part (a member not granted is absent). ` +
        `To allow it, add ${quoteEntries([entry])} to resources[${JSON.stringify(label)}].builtin ${where}`
      );
    }
  }
  return undefined;
};
