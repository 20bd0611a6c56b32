// explain-failure.ts: when `endo run` fails because a package reached for a
// global or a builtin member its policy withholds (absent, so the package
// sees an ordinary TypeError), the explanation names the package, what it
// reached for, the file and line, and the entry to add. End to end, each
// refused use is then granted with exactly the entry the explanation gives,
// and the same run succeeds. The fixture app is test/fixtures/violations/app;
// run-explained.mjs is `endo run` with the explanation wired in as
// run-command.ts is to do it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainFailure, type FailureContext } from '../../src/cli/explain-failure.js';
import { PolicyViolation } from '../../src/policy/enforce-policy.js';
import type { LavaMoatPolicy } from '../../src/policy/policy-types.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/violations/app', import.meta.url));
const runner = fileURLToPath(new URL('../../../test/fixtures/violations/run-explained.mjs', import.meta.url));
const work = realpathSync(mkdtempSync(join(tmpdir(), 'endo-explain-')));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const fixturePolicy = JSON.parse(readFileSync(join(fixture, 'lavamoat/node/policy.json'), 'utf8')) as LavaMoatPolicy;
const policyPath = join(fixture, 'lavamoat/node/policy.json');

/** The line of a fixture file that holds `text`, 1-based: the tests' line numbers are checked against the files. */
const lineOf = (file: string, text: string): number => {
  const lines = readFileSync(join(fixture, file), 'utf8').split('\n');
  const index = lines.findIndex(line => line.includes(text));
  assert.notEqual(index, -1, `${file} has no line with ${text}`);
  return index + 1;
};

const contextWith = (policy: LavaMoatPolicy = fixturePolicy): FailureContext => ({
  entry: join(fixture, 'main.cjs'),
  policy,
  policyPath,
  projectRoot: fixture,
});

/** An error as the package's code throws it: its stack's first frame in `file` (of the fixture app). */
const thrownAt = (ErrorType: ErrorConstructor, message: string, file: string, line: number, column: number): Error => {
  const error = new ErrorType(message);
  error.stack = `${error.name}: ${message}\n    at f (file://${join(fixture, file)}:${line}:${column})\n    at g (file://${join(fixture, 'main.cjs')}:14:30)`;
  return error;
};

test('an absent global a package calls is explained: package, global, file:line:column, and the globals entry', () => {
  const line = lineOf('node_modules/fetcher/index.js', 'fetch(request)');
  const explanation = explainFailure(thrownAt(TypeError, 'globalThis.fetch is not a function', 'node_modules/fetcher/index.js', line, 28), contextWith());
  assert.equal(
    explanation,
    `This failure may be the policy's doing: package "fetcher" reached for the global "fetch" at node_modules/fetcher/index.js:${line}:28, ` +
      'which its policy does not grant (a global the policy does not grant is absent from the package). ' +
      `To allow it, add "fetch": true to resources["fetcher"].globals in the override beside ${policyPath}`,
  );
  // The original ses's wording, and a ReferenceError (an assignment to an absent global), are read the same way.
  assert.match(explainFailure(thrownAt(TypeError, 'fetch is not a function', 'node_modules/fetcher/index.js', line, 17), contextWith()) ?? '', /"fetch": true to resources\["fetcher"\]\.globals/);
  assert.match(explainFailure(thrownAt(ReferenceError, 'fetch is not defined', 'node_modules/fetcher/index.js', line, 17), contextWith()) ?? '', /"fetch": true/);
});

test('no explanation when the policy is not the cause', () => {
  const line = lineOf('node_modules/fetcher/index.js', 'fetch(request)');
  const fetchError = (file: string) => thrownAt(TypeError, 'globalThis.fetch is not a function', file, line, 28);
  // The application itself has every global.
  assert.equal(explainFailure(fetchError('main.cjs'), contextWith()), undefined);
  // The policy grants it: the failure is something else.
  const granted: LavaMoatPolicy = { resources: { ...fixturePolicy.resources, fetcher: { globals: { fetch: true } } } };
  assert.equal(explainFailure(fetchError('node_modules/fetcher/index.js'), contextWith(granted)), undefined);
  // Not a host global: the package's own bug.
  assert.equal(explainFailure(thrownAt(TypeError, 'makeThing is not a function', 'node_modules/fetcher/index.js', line, 3), contextWith()), undefined);
  // A refusal already says all of it.
  const refusal = new PolicyViolation('Package "fetcher" may not use the builtin module "fs"');
  refusal.stack = fetchError('node_modules/fetcher/index.js').stack!;
  assert.equal(explainFailure(refusal, contextWith()), undefined);
  assert.equal(explainFailure('a string', contextWith()), undefined);
});

/** `endo run main.cjs -- <scenario>` in a fresh copy of the fixture app, with `override` as its policy override. */
const run = (scenario: string, override?: LavaMoatPolicy) => {
  const project = join(work, `${scenario}-${override === undefined ? 'refused' : 'granted'}`);
  cpSync(fixture, project, { recursive: true });
  if (override !== undefined) writeFileSync(join(project, 'lavamoat/node/policy-override.json'), JSON.stringify(override));
  const child = spawnSync(process.execPath, [runner, 'main.cjs', '--', scenario], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  return { ...child, policyFile: join(project, 'lavamoat/node/policy.json') };
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Scenario {
  name: string;
  /** The file and the text on the line that asks. */
  file: string;
  lineText: string;
  /** The column, where it is exact (see violation-site.ts); else any. */
  column?: number;
  /** What the error and its explanation say, before the file:line. */
  says: RegExp;
  /** The entry the explanation gives, as an override. */
  grant: LavaMoatPolicy;
  /** How the entry is written in the message. */
  entry: string;
  output: string;
}

const scenarios: Scenario[] = [
  {
    name: 'write-file',
    file: 'node_modules/files/index.js',
    lineText: 'fs.writeFileSync(',
    column: 6,
    says: /fs\.writeFileSync is not a function\nThis failure may be the policy's doing: package "files" reached for "fs\.writeFileSync" at /,
    grant: { resources: { files: { builtin: { 'fs.writeFileSync': true } } } },
    entry: '"fs.writeFileSync": true to resources["files"].builtin',
    output: '"written"',
  },
  {
    name: 'child-process',
    file: 'node_modules/files/index.js',
    lineText: "require('child_process')",
    column: 24,
    says: /Package "files" may not use the builtin module "child_process": its policy grants none of it\. .*\(asked for at /,
    grant: { resources: { files: { builtin: { 'child_process.execSync': true } } } },
    entry: '"child_process": true (or "child_process.<member>": true) to resources["files"].builtin',
    output: '"function"',
  },
  {
    name: 'fetch',
    file: 'node_modules/fetcher/index.js',
    lineText: 'fetch(request)',
    says: /globalThis\.fetch is not a function\nThis failure may be the policy's doing: package "fetcher" reached for the global "fetch" at /,
    grant: { resources: { fetcher: { globals: { fetch: true } } } },
    entry: '"fetch": true to resources["fetcher"].globals',
    output: '"function"',
  },
  {
    name: 'now',
    file: 'node_modules/clock/index.js',
    lineText: 'Date.now()',
    says: /secure mode Calling %SharedDate%\.now\(\) throws\nThis failure may be the policy's doing: package "clock" reached for the global "Date\.now" at /,
    grant: { resources: { clock: { globals: { 'Date.now': true } } } },
    entry: '"Date.now": true to resources["clock"].globals',
    output: 'true',
  },
  {
    name: 'random',
    file: 'node_modules/clock/index.js',
    lineText: 'Math.random()',
    says: /secure mode %SharedMath%\.random\(\) throws\nThis failure may be the policy's doing: package "clock" reached for the global "Math\.random" at /,
    grant: { resources: { clock: { globals: { 'Math.random': true } } } },
    entry: '"Math.random": true to resources["clock"].globals',
    output: 'true',
  },
  {
    name: 'env',
    file: 'node_modules/env-reader/index.js',
    lineText: 'process.env.HOME',
    says: /Cannot read properties of undefined \(reading 'env'\)\nThis failure may be the policy's doing: package "env-reader" reached for the global "process\.env" at /,
    grant: { resources: { 'env-reader': { globals: { 'process.env.HOME': true } } } },
    entry: '"process.env.HOME": true to resources["env-reader"].globals',
    output: '"string"',
  },
  {
    name: 'require-package',
    file: 'node_modules/loader/index.js',
    lineText: "require('other')",
    column: 17,
    says: /Package "loader" may not load package "loader>other": its policy does not list it\. .*\(asked for at /,
    grant: { resources: { loader: { packages: { 'loader>other': true } } } },
    entry: '"loader>other": true to resources["loader"].packages',
    output: '"other"',
  },
];

for (const scenario of scenarios) {
  test(`endo run, ${scenario.name}: refused naming the package, the power, ${scenario.file}:line and the entry; granted so, it runs`, () => {
    const refused = run(scenario.name);
    assert.equal(refused.status, 1, refused.stderr);
    assert.equal(refused.stdout, '');
    assert.match(refused.stderr, scenario.says);
    const line = lineOf(scenario.file, scenario.lineText);
    const site = `${escape(scenario.file)}:${line}:${scenario.column ?? '\\d+'}`;
    assert.match(refused.stderr, new RegExp(`${scenario.says.source}${site}`));
    assert.ok(refused.stderr.includes(`${scenario.entry} in the override beside ${refused.policyFile}`), refused.stderr);

    const granted = run(scenario.name, scenario.grant);
    assert.equal(granted.status, 0, granted.stderr);
    assert.equal(granted.stdout.trim(), scenario.output);
  });
}

test('endo run: what the policy grants works, under the same policy that refuses the rest', () => {
  const granted = run('read-file');
  assert.equal(granted.status, 0, granted.stderr);
  assert.equal(granted.stdout.trim(), '"files"');
});
