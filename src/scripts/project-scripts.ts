// Everything `endo scripts` knows about one project, read once: its
// package.json, the installed tree, the packages with scripts, and how the
// allow-list stands against them.
import { makeSyncReadPowers } from '../compartment-mapper/read-powers.js';
import { readAllowList, reportAllowList, type AllowListReport } from './allow-list.js';
import { readDependencyTree, type DependencyTree } from './dependency-tree.js';
import { readPackageJsonFile, type PackageJsonFile } from './package-json-file.js';
import { findScriptedPackages, type ScriptedPackage } from './scripted-packages.js';

export interface ProjectScripts {
  readonly packageJson: PackageJsonFile;
  readonly tree: DependencyTree;
  /** Allow-list key to the installed packages with scripts under it, in canonical-name order. */
  readonly scripted: ReadonlyMap<string, readonly ScriptedPackage[]>;
  readonly allowList: ReadonlyMap<string, boolean>;
  readonly report: AllowListReport;
  readonly skipVersions: boolean;
}

export const loadProjectScripts = (projectRoot: string, skipVersions: boolean): ProjectScripts => {
  const packageJson = readPackageJsonFile(projectRoot);
  const allowList = readAllowList(packageJson.fields, packageJson.path);
  const tree = readDependencyTree(makeSyncReadPowers(), projectRoot);
  const scripted = findScriptedPackages(tree, skipVersions);
  const report = reportAllowList(allowList, [...scripted.keys()], skipVersions);
  return { packageJson, tree, scripted, allowList, report, skipVersions };
};

/** "- key (n locations)" lines for keys of scripted packages. */
export const describePatterns = (project: ProjectScripts, patterns: readonly string[]): string =>
  patterns
    .map(pattern => {
      const count = project.scripted.get(pattern)?.length ?? 0;
      return `- ${pattern} (${count} location${count === 1 ? '' : 's'})`;
    })
    .join('\n');

/** The error `run` and `check` give when packages with scripts have no entry. */
export const missingEntriesMessage = (project: ProjectScripts): string =>
  `${project.report.missing.length === 1 ? 'This package has' : 'These packages have'} install scripts but no entry in ` +
  `"lavamoat.allowScripts" of ${project.packageJson.path}:\n${describePatterns(project, project.report.missing)}\n` +
  'Run "endo scripts auto" to add them as false (their scripts never run), then set to true the ones you trust.';
