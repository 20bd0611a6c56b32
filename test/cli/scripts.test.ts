// `endo scripts` against @lavamoat/allow-scripts 5.1.0's own CLI, each run
// in a child process on its own copy of test/fixtures/scripts/workspace
// (local packages as plain files: scripts that log what they see, a
// binding.gyp-only package built by a stand-in node-gyp, a nested
// dependency, two versions of one package, a devDependency). Compared:
// which packages are reported without an entry, which scripts ran and with
// what environment, exit codes, and the allow-list `auto` writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const allowScriptsBin = fileURLToPath(new URL('../../../node_modules/@lavamoat/allow-scripts/src/cli.js', import.meta.url));
const fixture = fileURLToPath(new URL('../../../test/fixtures/scripts/workspace/', import.meta.url));
const work = realpathSync(mkdtempSync(join(tmpdir(), 'endo-scripts-')));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

type Tool = 'endo' | 'allow-scripts';
type AllowScripts = Record<string, boolean | string>;
let copies = 0;

/** A fresh copy of the fixture, its allow-list replaced when one is given. */
const copyFixture = (allowScripts?: AllowScripts, editPackage?: (dir: string) => void): string => {
  const dir = join(work, `copy-${(copies += 1)}`);
  cpSync(fixture, dir, { recursive: true });
  if (allowScripts !== undefined) {
    const file = join(dir, 'package.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.lavamoat.allowScripts = allowScripts;
    writeFileSync(file, `${JSON.stringify(json, null, 4)}\n`);
  }
  editPackage?.(dir);
  return dir;
};

const run = (tool: Tool, dir: string, ...args: string[]) => {
  const script = tool === 'endo' ? [bin, 'scripts', ...args] : [allowScriptsBin, ...args];
  const result = spawnSync(process.execPath, script, { cwd: dir, encoding: 'utf8', env: { ...process.env, SCRIPTS_LOG: `${dir}.log` } });
  return { ...result, log: readLog(dir) };
};

interface LogRecord {
  name: string;
  event: string;
  [field: string]: unknown;
}

/** What the scripts logged, paths made relative to the copy so two copies compare. */
const readLog = (dir: string): LogRecord[] => {
  const file = `${dir}.log`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(line => JSON.parse(line.split(dir).join('<project>')) as LogRecord);
};
const sorted = (records: LogRecord[]) => records.map(record => JSON.stringify(record)).sort();

const allowListOf = (dir: string): AllowScripts => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).lavamoat.allowScripts;

/** Keys listed under "packages missing configuration" (allow-scripts) or in endo's error. */
const missingOf = (tool: Tool, output: { stdout: string; stderr: string }): string[] => {
  const text = tool === 'endo' ? output.stderr : output.stdout.split('packages missing configuration:')[1] ?? '';
  return [...text.matchAll(/^- (\S+) [[(]1 location/gm)].map(match => match[1]!);
};

const everyPackageAllowed: AllowScripts = {
  'alpha#1.0.0': true,
  'beta#2.0.0': false,
  'c>dddd>tie#1.0.0': true,
  'dev-tool#0.1.0': true,
  'dup#1.0.0': true,
  'dup-user>dup': false,
  'gyp-only#1.0.0': true,
  'parent#1.0.0': true,
  'parent>child#1.0.0': true,
};

test('packages with scripts and no entry: both exit 1 naming the same ones, and run nothing', () => {
  const results = (['endo', 'allow-scripts'] as const).map(tool => ({ tool, ...run(tool, copyFixture()) }));
  for (const result of results) {
    assert.equal(result.status, 1, `${result.tool}: ${result.stderr}`);
    assert.deepEqual(missingOf(result.tool, result), ['dev-tool#0.1.0', 'gyp-only#1.0.0'], result.tool);
    assert.deepEqual(result.log, [], result.tool);
  }
  assert.match(results[0]!.stderr, /endo scripts: These packages have install scripts but no entry in "lavamoat.allowScripts"/);
  assert.match(results[0]!.stderr, /Run "endo scripts auto"/);
});

test('the allowed scripts run, the denied ones do not, with the same environment as under allow-scripts', () => {
  const ours = run('endo', copyFixture(everyPackageAllowed));
  const theirs = run('allow-scripts', copyFixture(everyPackageAllowed));
  assert.equal(ours.status, 0, ours.stderr);
  assert.equal(theirs.status, 0, theirs.stderr);
  assert.deepEqual(sorted(ours.log), sorted(theirs.log));
  const ran = ours.log.map(({ name, event }) => `${name} ${event}`);
  // Denied: beta (by version), dup 2.0.0 (a bare name denies every version).
  assert.ok(!ran.includes('beta install'));
  assert.equal(ours.log.filter(record => record.name === 'dup').length, 1);
  // binding.gyp alone means "node-gyp rebuild".
  assert.deepEqual(
    ours.log.find(record => record.name === 'gyp-only'),
    { name: 'gyp-only', version: '1.0.0', event: 'install', script: 'node-gyp rebuild', cwd: '<project>/node_modules/gyp-only', nodeGyp: ['rebuild'] },
  );
  // npm's environment: cwd, npm_package_*, npm_package_json, PATH from the package's node_modules/.bin up.
  assert.deepEqual(ours.log[0], {
    name: 'alpha',
    version: '1.0.0',
    event: 'preinstall',
    script: 'node record.cjs',
    cwd: '<project>/node_modules/alpha',
    packageJson: '<project>/node_modules/alpha/package.json',
    configPort: '8080',
    path: ['<project>/node_modules/alpha/node_modules/.bin', '<project>/node_modules/node_modules/.bin', '<project>/node_modules/.bin'],
  });
  // Events in npm's order; the project's own install-time scripts last.
  assert.deepEqual(ran.slice(0, 2), ['alpha preinstall', 'gyp-only install']);
  assert.deepEqual(ran.slice(-2), ['scripts-app postinstall', 'scripts-app prepare']);
  // A dependency's scripts before its dependent's (allow-scripts goes by name: parent first).
  assert.ok(ran.indexOf('child postinstall') < ran.indexOf('parent postinstall'));
  const theirsRan = theirs.log.map(({ name, event }) => `${name} ${event}`);
  assert.ok(theirsRan.indexOf('parent postinstall') < theirsRan.indexOf('child postinstall'));
});

test('a failing allowed script stops both with exit 1, after the same scripts', () => {
  const failing = (dir: string) => {
    const file = join(dir, 'node_modules/beta/package.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.scripts.install = 'node -e "process.exit(3)"';
    writeFileSync(file, JSON.stringify(json));
  };
  const allowBeta = { ...everyPackageAllowed, 'beta#2.0.0': true };
  const ours = run('endo', copyFixture(allowBeta, failing));
  const theirs = run('allow-scripts', copyFixture(allowBeta, failing));
  assert.equal(ours.status, 1);
  assert.equal(theirs.status, 1);
  assert.match(ours.stderr, /The install script of beta#2.0.0 exited with code 3: node -e "process.exit\(3\)"/);
  assert.deepEqual(sorted(ours.log), sorted(theirs.log));
  assert.ok(!ours.log.some(record => record.event === 'postinstall'));
});

test('auto adds the missing entries as false and drops stale denials, as allow-scripts does, keeping the file layout', () => {
  const oursDir = copyFixture();
  const theirsDir = copyFixture();
  const ours = run('endo', oursDir, 'auto');
  const theirs = run('allow-scripts', theirsDir, 'auto');
  assert.equal(ours.status, 0, ours.stderr);
  assert.equal(theirs.status, 0, theirs.stderr);
  // Same entries in the same order.
  assert.deepEqual(Object.entries(allowListOf(oursDir)), Object.entries(allowListOf(theirsDir)));
  assert.deepEqual(allowListOf(oursDir)['dev-tool#0.1.0'], false);
  assert.ok(!('gone#3.0.0' in allowListOf(oursDir)));
  // allow-scripts rewrites the file with two spaces; ours keeps the fixture's four.
  const original = JSON.parse(readFileSync(join(fixture, 'package.json'), 'utf8'));
  original.lavamoat.allowScripts = allowListOf(oursDir);
  assert.equal(readFileSync(join(oursDir, 'package.json'), 'utf8'), `${JSON.stringify(original, null, 4)}\n`);
  assert.equal(readFileSync(join(theirsDir, 'package.json'), 'utf8'), `${JSON.stringify(original, null, 2)}\n`);
  // A second auto has nothing to do.
  const again = run('endo', oursDir, 'auto');
  assert.match(again.stdout, /no changes necessary/);
  assert.equal(run('endo', oursDir, 'check').status, 0);
});

test('auto with --skip-versions writes bare names, as allow-scripts does', () => {
  const oursDir = copyFixture({});
  const theirsDir = copyFixture({});
  assert.equal(run('endo', oursDir, 'auto', '--skip-versions').status, 0);
  assert.equal(run('allow-scripts', theirsDir, 'auto', '--skip-versions').status, 0);
  assert.deepEqual(Object.entries(allowListOf(oursDir)), Object.entries(allowListOf(theirsDir)));
  assert.ok('dup-user>dup' in allowListOf(oursDir));
});

test('a new version of an allowed package: both refuse to run; auto pins it as false here, where allow-scripts carries the permission over', () => {
  const stale: AllowScripts = { ...everyPackageAllowed, 'alpha#0.9.0': true };
  delete stale['alpha#1.0.0'];
  for (const tool of ['endo', 'allow-scripts'] as const) {
    const result = run(tool, copyFixture(stale));
    assert.equal(result.status, 1, tool);
    assert.deepEqual(missingOf(tool, result), ['alpha#1.0.0'], tool);
  }
  const oursDir = copyFixture(stale);
  const theirsDir = copyFixture(stale);
  run('endo', oursDir, 'auto');
  run('allow-scripts', theirsDir, 'auto');
  assert.equal(allowListOf(theirsDir)['alpha#1.0.0'], true);
  assert.equal(allowListOf(theirsDir)['alpha#0.9.0'], undefined);
  assert.equal(allowListOf(oursDir)['alpha#1.0.0'], false);
  assert.equal(allowListOf(oursDir)['alpha#0.9.0'], true);
  const after = run('endo', oursDir);
  assert.equal(after.status, 0, after.stderr);
  assert.ok(!after.log.some(record => record.name === 'alpha'));
});

test('an allow-list value that is not a boolean is refused (allow-scripts runs the scripts of "false")', () => {
  const stringly = { ...everyPackageAllowed, 'alpha#1.0.0': 'false' };
  const ours = run('endo', copyFixture(stringly));
  assert.equal(ours.status, 1);
  assert.match(ours.stderr, /gives "alpha#1.0.0" the value "false": use true/);
  assert.deepEqual(ours.log, []);
  const theirs = run('allow-scripts', copyFixture(stringly));
  assert.ok(theirs.log.some(record => record.name === 'alpha'));
});

test('list sorts the packages as allow-scripts list does', () => {
  const dir = copyFixture();
  const ours = run('endo', dir, 'list', '--json');
  assert.equal(ours.status, 0, ours.stderr);
  const listing = JSON.parse(ours.stdout);
  const theirs = run('allow-scripts', dir, 'list');
  const sectionOf = (heading: string) => {
    const body = theirs.stdout.split(`# ${heading}\n`)[1]!.split('\n#')[0]!;
    return [...body.matchAll(/^- (\S+)/gm)].map(match => match[1]!);
  };
  assert.deepEqual(listing.allowed, sectionOf('allowed packages'));
  assert.deepEqual(listing.denied, sectionOf('disallowed packages'));
  assert.deepEqual(listing.missing, sectionOf('unconfigured packages'));
  assert.deepEqual(listing.unused, sectionOf("packages on the allowlist that don't match any installed packages with lifecycle scripts"));
  // allow-scripts also lists the project itself ($root$) among the packages with scripts.
  const theirPackages = sectionOf('all packages with lifecycle scripts found in dependencies (configured and unconfigured)');
  assert.deepEqual(Object.keys(listing.packages), theirPackages.filter(key => key !== '$root$'));
  assert.deepEqual(listing.packages['gyp-only#1.0.0'], [{ directory: 'node_modules/gyp-only', events: ['install'] }]);
  const text = run('endo', dir, 'debug');
  assert.match(text.stdout, /# unconfigured packages\n- dev-tool#0.1.0\n- gyp-only#1.0.0\n/);
  assert.match(text.stdout, /Adding lifecycle gyp-only#1.0.0/);
  assert.equal(run('endo', dir, 'check').status, 1);
});

test('endo scripts --help, each action --help, and command-line mistakes', () => {
  const dir = copyFixture();
  const help = run('endo', dir, '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: endo scripts \[run\|auto\|list\|check\]/);
  for (const action of ['run', 'auto', 'list', 'check']) {
    const actionHelp = run('endo', dir, action, '--help');
    assert.equal(actionHelp.status, 0);
    assert.match(actionHelp.stdout, new RegExp(`^Usage: endo scripts ${action === 'run' ? '\\[run\\]' : action}`));
  }
  const unknown = run('endo', dir, 'frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown action "frobnicate"[\s\S]*Usage: endo scripts/);
  assert.equal(run('endo', dir, '--experimental-bins').status, 2);
  const main = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.match(main.stdout, /scripts {3}run only the install scripts the allow-list allows/);
  // --project-root from elsewhere.
  const elsewhere = spawnSync(process.execPath, [bin, 'scripts', 'list', '--json', '--project-root', dir], { cwd: work, encoding: 'utf8' });
  assert.equal(elsewhere.status, 0, elsewhere.stderr);
  assert.deepEqual(JSON.parse(elsewhere.stdout).missing, ['dev-tool#0.1.0', 'gyp-only#1.0.0']);
});
