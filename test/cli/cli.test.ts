// The `endo` command in child processes: help and exit codes, and
// `endo archive`, whose archive runs (parseArchive) and whose printed hash
// is its compartment map's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArchive } from '../../src/compartment-mapper/index.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
const app = fileURLToPath(new URL('../../../test/fixtures/archive/app/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'endo-cli-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const endo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('endo with no command prints the usage on stderr and exits 2; --help prints it on stdout and exits 0', () => {
  const bare = endo();
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /^Usage: endo <command>/);
  const help = endo('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /archive {3}write an application as an archive/);
  assert.match(help.stdout, /Exit codes: 0 done; 1 .*; 2 wrong command line/);
});

test('an unknown command, an unknown option or a missing argument exits 2 with the usage', () => {
  const unknown = endo('frobnicate');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const option = endo('archive', join(app, 'main.cjs'), '-o', join(work, 'x.zip'), '--bogus');
  assert.equal(option.status, 2);
  assert.match(option.stderr, /Unknown option '--bogus'[\s\S]*Usage: endo archive/);
  const missing = endo('archive', join(app, 'main.cjs'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /needs -o <file>/);
  assert.ok(!existsSync(join(work, 'x.zip')));
});

test('endo archive --help', () => {
  const help = endo('archive', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^Usage: endo archive <entry> -o <file>/);
});

test('endo archive writes an archive that runs, and prints its SHA-512', async () => {
  const zip = join(work, 'app.zip');
  const made = endo('archive', join(app, 'portable.cjs'), '-o', zip, '--autopolicy', '-p', join(work, 'archive-policy.json'));
  assert.equal(made.status, 0, made.stderr);
  const sha512 = made.stdout.trim();
  assert.match(sha512, /^[0-9a-f]{128}$/);
  const archive = await parseArchive(readFileSync(zip), zip, { expectedSha512: sha512 });
  assert.equal(archive.sha512, sha512);
});

test('endo archive of a missing entry exits 1 with the reason', () => {
  const failed = endo('archive', join(app, 'absent.cjs'), '-o', join(work, 'absent.zip'), '--autopolicy', '-p', join(work, 'absent.json'));
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /^endo archive: .*absent\.cjs/);
});

test('endo archive without a policy and without --autopolicy exits 1 saying what to run', () => {
  const failed = endo('archive', join(app, 'portable.cjs'), '-o', join(work, 'unreviewed.zip'), '-p', join(work, 'none.json'));
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /^endo archive: No policy at .*none\.json: run `endo policy .*portable\.cjs` first \(and review it\), or add --autopolicy/);
  assert.ok(!existsSync(join(work, 'unreviewed.zip')));
});

const policyApp = fileURLToPath(new URL('../../../test/fixtures/policy-gen/app/', import.meta.url));

test('endo policy writes the policy, reviews it, marks dangerous powers; a second run says what changed; the override is merged and never written', () => {
  const project = join(work, 'policy-project');
  cpSync(policyApp, project, { recursive: true });
  const first = spawnSync(process.execPath, [bin, 'policy', 'main.cjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  const policyFile = join(project, 'lavamoat/node/policy.json');
  const written = JSON.parse(readFileSync(policyFile, 'utf8'));
  assert.deepEqual(Object.keys(written.resources), ['net-user', 'reader']);
  assert.match(first.stdout, /^Wrote .*policy\.json \(3 modules analysed\)/);
  assert.match(first.stdout, /reader {2}\[!\]\n {2}global console\.log\n {2}global process\.env\.DEBUG {2}\[!\] process\n {2}builtin fs\.readFileSync {2}\[!\] file system/);
  assert.match(first.stdout, /builtin http\.get {2}\[!\] network/);
  assert.match(first.stdout, /reader: require\(\.\.\.\) at .*reader\/index\.js:7:33/);
  assert.doesNotMatch(first.stdout, /Changed since/);

  const override = join(project, 'lavamoat/node/policy-override.json');
  writeFileSync(override, JSON.stringify({ resources: { reader: { globals: { console: false } }, 'net-user': { globals: { fetch: true } } } }));
  const second = spawnSync(process.execPath, [bin, 'policy', 'main.cjs', '--json'], { cwd: project, encoding: 'utf8' });
  assert.equal(second.status, 0, second.stderr);
  const review = JSON.parse(second.stdout);
  const netUser = review.packages.find((entry: { package: string }) => entry.package === 'net-user');
  assert.deepEqual(netUser.added, [{ kind: 'global', name: 'fetch', write: false, danger: 'network' }]);
  const reader = review.packages.find((entry: { package: string }) => entry.package === 'reader');
  assert.deepEqual(reader.removed.map((power: { name: string }) => power.name), ['console.log']);
  assert.deepEqual(JSON.parse(readFileSync(override, 'utf8')).resources.reader, { globals: { console: false } });
});

test('endo policy --help, and without an entry exits 2', () => {
  assert.match(endo('policy', '--help').stdout, /^Usage: endo policy <entry>/);
  assert.equal(endo('policy').status, 2);
});

test('endo run: without a policy it says what to run; with --autopolicy it runs as node does; a reach beyond the policy fails naming the package and the entry to add', () => {
  const project = join(work, 'run-project');
  cpSync(policyApp, project, { recursive: true });
  const node = spawnSync(process.execPath, ['main.cjs'], { cwd: project, encoding: 'utf8' });
  const missing = spawnSync(process.execPath, [bin, 'run', 'main.cjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /No policy at .*policy\.json: run `endo policy main\.cjs` first \(and review it\), or add --autopolicy/);
  const auto = spawnSync(process.execPath, [bin, 'run', '--autopolicy', 'main.cjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(auto.status, 0, auto.stderr);
  assert.equal(auto.stdout, node.stdout);
  // Under its own policy, again.
  assert.equal(spawnSync(process.execPath, [bin, 'run', 'main.cjs'], { cwd: project, encoding: 'utf8' }).stdout, node.stdout);

  // Take reader's fs away, and net-user's reader, in the override.
  writeFileSync(join(project, 'lavamoat/node/policy-override.json'), JSON.stringify({ resources: { reader: { builtin: { 'fs.readFileSync': false } } } }));
  const noFs = spawnSync(process.execPath, [bin, 'run', 'main.cjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(noFs.status, 1);
  assert.match(noFs.stderr, /Package "reader" may not use the builtin module "fs": its policy grants none of it\. To allow it, add "fs": true \(or "fs\.<member>": true\) to resources\["reader"\]\.builtin/);
  writeFileSync(join(project, 'lavamoat/node/policy-override.json'), JSON.stringify({ resources: { 'net-user': { packages: { reader: false } } } }));
  const noReader = spawnSync(process.execPath, [bin, 'run', 'main.cjs'], { cwd: project, encoding: 'utf8' });
  assert.equal(noReader.status, 1);
  assert.match(noReader.stderr, /Package "net-user" may not load package "reader": its policy does not list it\. To allow it, add "reader": true to resources\["net-user"\]\.packages/);
});

test('endo run passes the arguments after -- to the application', () => {
  const project = join(work, 'args-project');
  cpSync(policyApp, project, { recursive: true });
  writeFileSync(join(project, 'args.cjs'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');
  const run = spawnSync(process.execPath, [bin, 'run', '--autopolicy', 'args.cjs', '--', 'one', '--two'], { cwd: project, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim(), '["one","--two"]');
});
