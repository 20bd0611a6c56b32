// The review a person reads after `endo policy`: per package, the powers
// its policy gives, the dangerous ones marked (network, file system, child
// processes, native code, the process object, whole-realm builtins), and,
// against the previous policy, what changed, new powers first.

import { isAttenuation } from './attenuators.js';
import { attenuatedBuiltins, grantedBuiltinEscapes } from './builtin-attenuations.js';
import type { Attenuation, LavaMoatPolicy, ResourcePolicy } from './policy-types.js';

export type Danger = 'network' | 'file system' | 'child processes' | 'native code' | 'process' | 'all of Node';

/** Builtins (by top-level name) and what they reach. */
const dangerousBuiltins: Record<string, Danger> = {
  http: 'network', https: 'network', http2: 'network', net: 'network', tls: 'network', dgram: 'network', dns: 'network',
  fs: 'file system', 'fs/promises': 'file system',
  child_process: 'child processes', cluster: 'child processes',
  // vm, module, worker_threads, inspector, v8 and async_hooks lose their escapes on a whole grant
  // (builtin-attenuations.ts): only a dotted grant naming an escape is marked.
  repl: 'all of Node', wasi: 'file system',
};

/** Globals (by top-level name) and what they reach. */
const dangerousGlobals: Record<string, Danger> = {
  fetch: 'network', WebSocket: 'network', XMLHttpRequest: 'network', EventSource: 'network',
  process: 'process',
};

export interface Power {
  readonly kind: 'global' | 'builtin' | 'package' | 'native';
  /** The policy key ("fs.readFile", "process.env.DEBUG", "debug>ms"). */
  readonly name: string;
  /** "write" for a global the package may assign. */
  readonly write: boolean;
  readonly danger: Danger | undefined;
  /** For a grant through an attenuator: which, and its params. */
  readonly attenuation?: Attenuation;
}

export interface PackageReview {
  readonly package: string;
  readonly powers: readonly Power[];
  /** Against the previous policy: powers it did not give, and powers it gave that this one does not. */
  readonly added: readonly Power[];
  readonly removed: readonly Power[];
}

const rootOf = (name: string): string => name.split('.')[0]!;

export const powersOf = (resource: ResourcePolicy): Power[] => {
  const powers: Power[] = [];
  for (const [name, value] of Object.entries(resource.globals ?? {})) {
    if (value === false) continue;
    const power: Power = { kind: 'global', name, write: value === 'write', danger: dangerousGlobals[rootOf(name)] };
    powers.push(isAttenuation(value) ? { ...power, attenuation: value } : power);
  }
  for (const [name, value] of Object.entries(resource.builtin ?? {})) {
    if (value !== true && !isAttenuation(value)) continue;
    const builtin = name.startsWith('fs/') ? name.split('.')[0]! : rootOf(name.replace(/^node:/, ''));
    const danger = attenuatedBuiltins.has(builtin)
      ? grantedBuiltinEscapes(name) === undefined
        ? undefined
        : 'all of Node'
      : dangerousBuiltins[builtin];
    const power: Power = { kind: 'builtin', name, write: false, danger };
    powers.push(isAttenuation(value) ? { ...power, attenuation: value } : power);
  }
  for (const [name, value] of Object.entries(resource.packages ?? {})) {
    if (value === true) powers.push({ kind: 'package', name, write: false, danger: undefined });
  }
  if (resource.native === true) powers.push({ kind: 'native', name: 'native addons', write: false, danger: 'native code' });
  return powers;
};

const keyOf = (power: Power): string => `${power.kind}:${power.name}:${power.write}:${JSON.stringify(power.attenuation ?? null)}`;

export const reviewPolicy = (policy: LavaMoatPolicy, previous?: LavaMoatPolicy): PackageReview[] => {
  const names = new Set([...Object.keys(policy.resources), ...Object.keys(previous?.resources ?? {})]);
  return [...names].sort().map(name => {
    const powers = powersOf(policy.resources[name] ?? {});
    const before = previous === undefined ? undefined : powersOf(previous.resources[name] ?? {});
    const beforeKeys = new Set(before?.map(keyOf));
    const nowKeys = new Set(powers.map(keyOf));
    return {
      package: name,
      powers,
      added: before === undefined ? [] : powers.filter(power => !beforeKeys.has(keyOf(power))),
      removed: before === undefined ? [] : before.filter(power => !nowKeys.has(keyOf(power))),
    };
  });
};

const describe = (power: Power): string => {
  let what = power.kind === 'native' ? power.name : `${power.kind} ${power.name}${power.write ? ' (write)' : ''}`;
  if (power.attenuation !== undefined) {
    const params = (power.attenuation.params ?? []).map(param => JSON.stringify(param)).join(', ');
    what += ` through ${power.attenuation.attenuate}(${params})`;
  }
  return power.danger === undefined ? what : `${what}  [!] ${power.danger}`;
};

/** The review as text: changes first (new powers before removed ones), then every package's powers. */
export const formatReview = (reviews: readonly PackageReview[], dynamic: ReadonlyArray<{ package: string; file: string; line: number; column: number; kind: string }> = []): string => {
  const lines: string[] = [];
  const changed = reviews.filter(review => review.added.length > 0 || review.removed.length > 0);
  if (changed.length > 0) {
    lines.push('Changed since the last policy:');
    for (const review of changed) for (const power of review.added) lines.push(`  + ${review.package}: ${describe(power)}`);
    for (const review of changed) for (const power of review.removed) lines.push(`  - ${review.package}: ${describe(power)}`);
    lines.push('');
  }
  const withPowers = reviews.filter(review => review.powers.length > 0);
  const dangerous = withPowers.filter(review => review.powers.some(power => power.danger !== undefined));
  const packages = (count: number) => `${count} ${count === 1 ? 'package' : 'packages'}`;
  lines.push(`${packages(withPowers.length)} with powers; ${dangerous.length} with dangerous ones ([!]).`);
  for (const review of withPowers) {
    lines.push('', `${review.package}${review.powers.some(power => power.danger !== undefined) ? '  [!]' : ''}`);
    for (const power of review.powers) lines.push(`  ${describe(power)}`);
  }
  if (dynamic.length > 0) {
    lines.push('', 'Requests of computed names (not in the policy: grant them in the override if they are needed):');
    for (const request of dynamic) lines.push(`  ${request.package}: ${request.kind}(...) at ${request.file}:${request.line}:${request.column}`);
  }
  return `${lines.join('\n')}\n`;
};
