// `endo scripts auto`: brings the allow-list up to date with what is
// installed, as `allow-scripts auto` does, with one difference. Every
// installed package with scripts and no entry gets `false` (denied until a
// person decides); a denied entry that matches nothing installed any more is
// removed; an allowed bare name (the allow-list format before versions) is
// pinned to the installed version. allow-scripts also moves an allowed
// versioned entry to a newly installed version by itself, which hands the
// permission to code nobody has looked at; here the new version is added as
// `false` and the old entry stays, so the reviewer sees both.
import { nameOfPattern, reportAllowList } from './allow-list.js';

export interface AllowListUpdate {
  /** The new allow-list (a new Map; the input is not changed). */
  readonly allowList: Map<string, boolean>;
  /** What changed, one line each, for the user. */
  readonly changes: readonly string[];
}

export const updateAllowList = (
  allowList: ReadonlyMap<string, boolean>,
  scriptedPatterns: readonly string[],
  skipVersions: boolean,
): AllowListUpdate => {
  const { allowed, missing, unused } = reportAllowList(allowList, scriptedPatterns, skipVersions);
  const updated = new Map(allowList);
  const changes: string[] = [];
  const rename = (from: string, to: string) => {
    changes.push(`Updating allowlist entry "${from}" to "${to}"`);
    updated.set(to, updated.get(from)!);
    updated.delete(from);
  };

  if (!skipVersions) {
    for (const key of allowed.filter(key => !key.includes('#'))) {
      const installed = missing.find(pattern => pattern.startsWith(`${key}#`));
      if (installed !== undefined) rename(key, installed);
    }
    for (const key of unused) {
      if (updated.get(key) === false) {
        changes.push(`Removing allowlist entry "${key}" since it no longer matches dependencies`);
        updated.delete(key);
      } else if (key.includes('#')) {
        const name = nameOfPattern(key);
        const installed = missing.find(pattern => nameOfPattern(pattern) === name);
        if (installed !== undefined) {
          changes.push(
            `"${key}" is allowed but "${installed}" is installed: review that version, and allow it by setting it to true`,
          );
        }
      }
    }
  }

  for (const pattern of missing) {
    const key = skipVersions ? nameOfPattern(pattern) : pattern;
    // A key pinned above already says true.
    if (updated.get(key) === true) continue;
    changes.push(`Adding lifecycle ${key}`);
    updated.set(key, false);
  }
  return { allowList: updated, changes };
};

/** Puts `allowList` into the parsed package.json as "lavamoat.allowScripts" (other fields untouched). */
export const setAllowList = (packageJson: Record<string, unknown>, allowList: ReadonlyMap<string, boolean>): void => {
  const existing = Object.hasOwn(packageJson, 'lavamoat') ? packageJson.lavamoat : undefined;
  const lavamoat = (typeof existing === 'object' && existing !== null ? existing : {}) as Record<string, unknown>;
  lavamoat.allowScripts = Object.fromEntries(allowList);
  packageJson.lavamoat = lavamoat;
};
