// `endo scripts` (run): refuses to run anything while a package with scripts
// has no allow-list entry; otherwise runs the allowed packages' preinstall
// scripts, then their install scripts, then their postinstall scripts, as
// allow-scripts does, and last the project's own install, postinstall,
// prepublish and prepare. Within each event, a package runs after the
// packages it depends on (allow-scripts goes by canonical name, so
// "parent" ran before "parent>child"), since a build may need its
// dependencies built first.
import { ROOT_NAME, makeAllowListMatcher } from './allow-list.js';
import type { DependencyTree } from './dependency-tree.js';
import { DEPENDENCY_EVENTS, PROJECT_EVENTS, commandFor } from './lifecycle-scripts.js';
import { missingEntriesMessage, type ProjectScripts } from './project-scripts.js';
import { runLifecycleScript } from './run-lifecycle-script.js';
import { findNodeGyp, makeNodeGypCommandFolder, scriptEnvironment } from './script-environment.js';
import type { ScriptedPackage } from './scripted-packages.js';

/** Package folders, each after every package it depends on (a cycle is cut where the walk meets it again). */
export const dependencyOrder = (tree: DependencyTree): string[] => {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (directory: string) => {
    if (seen.has(directory)) return;
    seen.add(directory);
    for (const dependency of tree.packages.get(directory)?.dependencies ?? []) visit(dependency);
    order.push(directory);
  };
  visit(tree.root);
  return order;
};

export const runAllowedScripts = async (
  project: ProjectScripts,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  base: NodeJS.ProcessEnv = process.env,
): Promise<void> => {
  if (project.report.missing.length > 0) throw Error(missingEntriesMessage(project));

  const matcher = makeAllowListMatcher(project.allowList, project.skipVersions);
  const byDirectory = new Map<string, ScriptedPackage>();
  for (const [pattern, found] of project.scripted) {
    if (!matcher.isAllowed(pattern)) continue;
    for (const scripted of found) byDirectory.set(scripted.package.directory, scripted);
  }
  const allowed = dependencyOrder(project.tree).flatMap(directory => byDirectory.get(directory) ?? []);

  const projectRoot = project.tree.root;
  const nodeGyp = findNodeGyp(projectRoot, base);
  const nodeGypCommand = nodeGyp !== undefined ? makeNodeGypCommandFolder() : undefined;
  const run = async (label: string, directory: string, json: ScriptedPackage['package']['json'], event: string) => {
    const command = commandFor(json, directory, event);
    if (command === undefined) return;
    const env = scriptEnvironment(json, directory, event, command, { base, nodeGyp, nodeGypFolder: nodeGypCommand?.folder });
    await runLifecycleScript({ label, directory, event, command, env }, out, err);
  };

  try {
    if (project.report.allowed.length === 0) out.write('no allowed lifecycle scripts found in configuration\n');
    else {
      for (const event of DEPENDENCY_EVENTS) {
        out.write(`running lifecycle scripts for event "${event}"\n`);
        for (const scripted of allowed.filter(candidate => candidate.events.includes(event))) {
          out.write(`- ${scripted.pattern}\n`);
          await run(scripted.pattern, scripted.package.directory, scripted.package.json, event);
        }
      }
    }
    out.write('running lifecycle scripts for top level package\n');
    const root = project.tree.packages.get(projectRoot)!;
    for (const event of PROJECT_EVENTS) await run(ROOT_NAME, projectRoot, root.json, event);
  } finally {
    nodeGypCommand?.remove();
  }
};
