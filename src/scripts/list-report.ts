// `endo scripts list`: what the allow-list says about each installed package
// with scripts, in the sections allow-scripts prints (allowed, denied,
// unconfigured, unused entries, every package with its folders), and what
// `endo scripts auto` would change. --json gives the same as data.
import path from 'node:path';
import { updateAllowList } from './allow-list-update.js';
import type { ProjectScripts } from './project-scripts.js';

export interface ScriptsListing {
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
  readonly missing: readonly string[];
  readonly unused: readonly string[];
  /** Key to the package folders (relative to the project) and their events. */
  readonly packages: Record<string, { directory: string; events: readonly string[] }[]>;
  /** What `endo scripts auto` would change. */
  readonly autoChanges: readonly string[];
}

export const listScripts = (project: ProjectScripts): ScriptsListing => {
  const packages: ScriptsListing['packages'] = {};
  for (const [pattern, found] of project.scripted) {
    packages[pattern] = found.map(scripted => ({
      directory: path.relative(project.tree.root, scripted.package.directory) || '.',
      events: scripted.events,
    }));
  }
  const { changes } = updateAllowList(project.allowList, [...project.scripted.keys()], project.skipVersions);
  return { ...project.report, packages, autoChanges: changes };
};

const section = (title: string, lines: readonly string[]): string =>
  `# ${title}\n${lines.length > 0 ? lines.map(line => `- ${line}`).join('\n') : '  (none)'}\n`;

export const formatScriptsListing = (listing: ScriptsListing): string => {
  const unused = new Set(listing.unused);
  const mark = (key: string) => (unused.has(key) ? `${key}  (!) no matching package with lifecycle scripts installed` : key);
  const sections = [
    section('allowed packages', listing.allowed.map(mark)),
    section('disallowed packages', listing.denied.map(mark)),
    section('unconfigured packages', listing.missing),
    section("packages on the allowlist that don't match any installed packages with lifecycle scripts", listing.unused),
    section(
      'all packages with lifecycle scripts found in dependencies (configured and unconfigured)',
      Object.entries(listing.packages).map(
        ([pattern, found]) => `${pattern}\n${found.map(({ directory, events }) => `\t${directory} (${events.join(', ')})`).join('\n')}`,
      ),
    ),
  ];
  if (listing.autoChanges.length > 0) sections.push(section('endo scripts auto would make these changes', listing.autoChanges));
  return sections.join('\n');
};
