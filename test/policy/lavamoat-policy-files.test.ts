// LavaMoat's own policy files, read and enforced by `endo run`. LavaMoat
// 11.1.4 (the devDependency) generates the policy of a small application
// (test/fixtures/lavamoat-files/app: `reader` reads a file, `spawner` runs
// a child process, `dice` calls Math.random) into a temporary directory;
// the tests add LavaMoat-style overrides beside it and run the application
// under LavaMoat and under `endo run -p <policy> -o <override>`, step by
// step, and compare: what the policy grants works under both, what the
// override denies is refused by both, naming the package.
//
// One difference is kept on purpose: LavaMoat gives every compartment
// Math.random (and Date.now) without a policy entry, so its generated
// policy has none for `dice`; Endo grants neither without an entry (least
// authority). The tests document it, and which override entry serves both.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { endoBin, lavamoatBin } from '../support/corpus-runs.js';

const appRoot = fileURLToPath(new URL('../../../test/fixtures/lavamoat-files/app/', import.meta.url));

/** What main.js printed for one step: the value the package returned, or the message of what it threw. */
interface Step {
  value?: unknown;
  refused?: string;
}

interface AppRun {
  status: number | null;
  steps: Record<string, Step>;
  stderr: string;
}

const environment = { ...process.env };
delete environment.DEBUG;
delete environment.NODE_DEBUG;

const runNode = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise(resolve => {
    execFile(process.execPath, args, { cwd: appRoot, env: environment, timeout: 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

const stepsOf = (stdout: string): Record<string, Step> => {
  const steps: Record<string, Step> = {};
  for (const line of stdout.split('\n').filter(Boolean)) {
    const { step, ...rest } = JSON.parse(line) as Step & { step: string };
    steps[step] = rest;
  }
  return steps;
};

const runApp = async (args: string[]): Promise<AppRun> => {
  const { status, stdout, stderr } = await runNode(args);
  return { status, steps: stepsOf(stdout), stderr };
};

let directory = '';
let policyPath = '';
let generated: { resources: Record<string, { builtin?: Record<string, unknown>; globals?: Record<string, unknown> }> };

/** Writes `override` as a file of its own and runs the application under LavaMoat and under endo with the generated policy and it. */
const runBoth = async (name: string, override: object): Promise<{ lavamoat: AppRun; endo: AppRun }> => {
  const overridePath = join(directory, `${name}-override.json`);
  writeFileSync(overridePath, JSON.stringify(override, null, 2));
  const [lavamoat, endo] = await Promise.all([
    runApp([lavamoatBin, 'main.js', '-p', policyPath, '-o', overridePath]),
    runApp([endoBin, 'run', '-p', policyPath, '-o', overridePath, 'main.js']),
  ]);
  assert.equal(lavamoat.status, 0, `lavamoat ran main.js to its end: ${lavamoat.stderr}`);
  assert.equal(endo.status, 0, `endo ran main.js to its end: ${endo.stderr}`);
  return { lavamoat, endo };
};

const spawnerDenied = { resources: { spawner: { builtin: { child_process: false } } } };

before(async () => {
  directory = mkdtempSync(join(tmpdir(), 'endo-lavamoat-files-'));
  policyPath = join(directory, 'policy.json');
  // No override yet when LavaMoat generates, as a first --autopolicy run.
  const generation = await runNode([lavamoatBin, 'main.js', '--autopolicy', '-p', policyPath, '-o', join(directory, 'none.json')]);
  assert.equal(generation.status, 0, `lavamoat --autopolicy failed: ${generation.stderr}`);
  generated = JSON.parse(readFileSync(policyPath, 'utf8'));
});

after(() => rmSync(directory, { recursive: true, force: true }));

test("LavaMoat's generated policy: what each package uses, and nothing for Math.random", () => {
  assert.deepEqual(generated.resources.reader?.builtin, { 'fs.readFileSync': true, 'path.join': true });
  assert.deepEqual(generated.resources.spawner?.builtin, { 'child_process.execFileSync': true });
  assert.deepEqual(generated.resources.spawner?.globals, { 'process.execPath': true });
  assert.equal(generated.resources.dice, undefined, 'LavaMoat lists no resource for a package that uses only Math.random');
  assert.equal(existsSync(join(appRoot, 'lavamoat')), false, 'LavaMoat wrote nothing into the fixture');
});

test('plain node runs every step', async () => {
  const node = await runApp(['main.js']);
  assert.deepEqual(node.steps, { read: { value: 'reader' }, spawn: { value: 'spawned' }, roll: { value: true } });
});

test("with the generated policy alone, both grant what it lists; endo alone refuses dice's Math.random", async t => {
  const { lavamoat, endo } = await runBoth('empty', { resources: {} });
  assert.deepEqual(lavamoat.steps, { read: { value: 'reader' }, spawn: { value: 'spawned' }, roll: { value: true } });
  assert.deepEqual(endo.steps.read, { value: 'reader' });
  assert.deepEqual(endo.steps.spawn, { value: 'spawned' });
  // Today's message is SES's taming of Math.random ("secure mode
  // %SharedMath%.random() throws"), which does not name the package.
  assert.match(endo.steps.roll?.refused ?? '<not refused>', /random/);
  t.diagnostic(`endo refuses dice's Math.random with: ${endo.steps.roll?.refused}`);
});

test('an override denying child_process: both refuse spawner, naming it, and allow the rest', async () => {
  const { lavamoat, endo } = await runBoth('deny-spawn', spawnerDenied);
  assert.deepEqual(lavamoat.steps.read, { value: 'reader' });
  assert.deepEqual(endo.steps.read, { value: 'reader' });
  assert.match(lavamoat.steps.spawn?.refused ?? '<not refused>', /package "spawner" requested "child_process"/);
  assert.match(
    endo.steps.spawn?.refused ?? '<not refused>',
    /^Package "spawner" may not use the builtin module "child_process": its policy bans it \("child_process": false\)\. To allow it, set "child_process": true/,
  );
  assert.match(endo.steps.spawn!.refused!, /resources\["spawner"\]\.builtin in the override/);
  assert.deepEqual(lavamoat.steps.roll, { value: true });
  assert.match(endo.steps.roll?.refused ?? '<not refused>', /random/);
});

test('"Math.random": true in the override: endo grants it; LavaMoat then gives dice a Math with random alone', async () => {
  const override = { resources: { ...spawnerDenied.resources, dice: { globals: { 'Math.random': true } } } };
  const { lavamoat, endo } = await runBoth('math-random', override);
  assert.deepEqual(endo.steps.roll, { value: true });
  // LavaMoat makes a dotted grant a view holding that member only: dice's Math.floor is gone.
  assert.deepEqual(lavamoat.steps.roll, { refused: 'Math.floor is not a function' });
  for (const { steps } of [lavamoat, endo]) {
    assert.deepEqual(steps.read, { value: 'reader' });
    assert.match(steps.spawn?.refused ?? '<not refused>', /spawner/);
  }
});

test('"Math": true in the override serves both: dice rolls under LavaMoat and under endo', async () => {
  const override = { resources: { ...spawnerDenied.resources, dice: { globals: { Math: true } } } };
  const { lavamoat, endo } = await runBoth('math', override);
  for (const { steps } of [lavamoat, endo]) {
    assert.deepEqual(steps.read, { value: 'reader' });
    assert.match(steps.spawn?.refused ?? '<not refused>', /spawner.*child_process/);
    assert.deepEqual(steps.roll, { value: true });
  }
});
