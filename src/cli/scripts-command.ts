// `endo scripts [run|auto|list|check]`: runs only the install scripts of the
// dependencies that the project's allow-list ("lavamoat.allowScripts" in
// package.json) allows, as @lavamoat/allow-scripts does, with the same
// allow-list format. The work is in src/scripts/; this file reads the
// command line and prints.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setAllowList, updateAllowList } from '../scripts/allow-list-update.js';
import { formatScriptsListing, listScripts } from '../scripts/list-report.js';
import { writePackageJsonFile } from '../scripts/package-json-file.js';
import { loadProjectScripts, missingEntriesMessage } from '../scripts/project-scripts.js';
import { runAllowedScripts } from '../scripts/run-allowed-scripts.js';
import { UsageError } from './usage-error.js';

const commonOptionsUsage = `      --project-root <dir>  the project (default: the working directory)
      --skip-versions       allow-list keys without "#version" (also --sv)
  -h, --help                this help`;

const actionUsages: Record<string, string> = {
  run: `Usage: endo scripts [run] [options]

Runs the install scripts (preinstall, install, postinstall; a binding.gyp
means "node-gyp rebuild") of the dependencies that "lavamoat.allowScripts"
in package.json allows ("name>dep#1.2.3": true), each event for every
package before the next event, a package after its dependencies; then the
project's own install, postinstall, prepublish and prepare scripts. Scripts
run as npm runs them: in the package's folder, with node_modules/.bin on
PATH and npm_lifecycle_event, npm_package_name, ... set. Fails, running
nothing, when a package with scripts has no entry: see endo scripts auto.

Options:
${commonOptionsUsage}`,
  auto: `Usage: endo scripts auto [options]

Adds an entry set to false (never run) for every installed package with
install scripts that the allow-list does not mention, removes denied entries
that match nothing installed, and pins allowed entries without a version to
the installed version. An allowed version is never carried over to a newly
installed one: the new version is added as false for you to review. The
rest of package.json, and its layout, is kept.

Options:
${commonOptionsUsage}`,
  list: `Usage: endo scripts list [options]

Lists the installed packages with install scripts: allowed, denied, without
an entry, and allow-list entries that match nothing installed; and what
endo scripts auto would change.

Options:
      --json                print the same as JSON
${commonOptionsUsage}`,
  check: `Usage: endo scripts check [options]

Exits 1 when the allow-list needs work (a package without an entry, an entry
that matches nothing, or a change endo scripts auto would make), else 0.

Options:
${commonOptionsUsage}`,
};

export const scriptsUsage = `Usage: endo scripts [run|auto|list|check] [options]

Runs only the install scripts that the project allows, with the allow-list of
@lavamoat/allow-scripts ("lavamoat.allowScripts" in package.json).

  endo scripts [run]   run the allowed scripts (fails if a package has no entry)
  endo scripts auto    add the missing entries, denied, to package.json
  endo scripts list    what has scripts, and what the allow-list says (also: debug)
  endo scripts check   exit 1 if the allow-list needs work

Run 'endo scripts <action> --help' for each one's details.

Options:
${commonOptionsUsage}`;

const actionAliases: Record<string, string> = { run: 'run', auto: 'auto', list: 'list', debug: 'list', check: 'check' };

export const scriptsCommand = async (args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<void> => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'project-root': { type: 'string' },
      'skip-versions': { type: 'boolean' },
      sv: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (positionals.length > 1) throw new UsageError(`endo scripts takes one action, got ${positionals.map(p => JSON.stringify(p)).join(' ')}`);
  const given = positionals[0];
  const action = given === undefined ? undefined : Object.hasOwn(actionAliases, given) ? actionAliases[given] : undefined;
  if (given !== undefined && action === undefined) throw new UsageError(`unknown action ${JSON.stringify(given)}`);
  if (values.help) {
    out.write(`${action === undefined ? scriptsUsage : actionUsages[action]}\n`);
    return;
  }
  if (values.json && action !== 'list') throw new UsageError('--json is for endo scripts list');

  const projectRoot = path.resolve(values['project-root'] ?? '.');
  const skipVersions = Boolean(values['skip-versions'] || values.sv);
  const project = loadProjectScripts(projectRoot, skipVersions);

  switch (action ?? 'run') {
    case 'run':
      await runAllowedScripts(project, out, err);
      return;
    case 'list': {
      const listing = listScripts(project);
      out.write(values.json ? `${JSON.stringify(listing, null, 2)}\n` : formatScriptsListing(listing));
      return;
    }
    case 'check': {
      const { missing, unused } = project.report;
      const { changes } = updateAllowList(project.allowList, [...project.scripted.keys()], skipVersions);
      if (missing.length > 0) throw Error(missingEntriesMessage(project));
      if (unused.length > 0 || changes.length > 0) {
        throw Error('the allow-list needs an update: run "endo scripts auto", or "endo scripts list" for details');
      }
      out.write('endo scripts: allowlist OK\n');
      return;
    }
    case 'auto': {
      const { allowList, changes } = updateAllowList(project.allowList, [...project.scripted.keys()], skipVersions);
      for (const change of changes) out.write(`${change}\n`);
      const changed = [...allowList].some(([key, value]) => project.allowList.get(key) !== value) || allowList.size !== project.allowList.size;
      if (!changed) {
        out.write('configuration looks good as is, no changes necessary\n');
        return;
      }
      setAllowList(project.packageJson.fields, allowList);
      writePackageJsonFile(project.packageJson);
      out.write(`Wrote "lavamoat.allowScripts" in ${project.packageJson.path}\n`);
      return;
    }
  }
};
