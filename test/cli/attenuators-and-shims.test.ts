// Attenuators and shims named in the policy file, end to end: `endo policy`
// then `endo run` in child processes on test/fixtures/attenuators/app, with
// two real HTTP servers (two origins). Without the override, the packages
// get fs and fetch whole and Promise.withResolvers is missing; with an
// override that names the two shipped attenuators and consents to a shim,
// fs reaches only ./data, fetch only the first origin, and the shim's
// Promise.withResolvers is there for every package, while a package that
// is not a shim still cannot change a built-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attemptsOf, attenuatingOverride, startAttenuatedApp, type AttenuatedApp } from '../support/attenuated-app.js';

let app: AttenuatedApp;
let project: string;
let urls: readonly string[];
let endo: AttenuatedApp['endo'];

before(async () => {
  app = await startAttenuatedApp();
  ({ project, urls, endo } = app);
});

after(() => app.close());

const override = () => {
  const attenuating = attenuatingOverride(urls[0]!);
  return { shims: ['with-resolvers-shim'], ...attenuating };
};

test('without attenuators, the generated policy gives fs and fetch whole, and no package has the shim', async () => {
  const policy = await endo('policy', 'main.js');
  assert.equal(policy.status, 0, policy.stderr);
  assert.match(policy.stdout, /file-reader {2}\[!\]\n {2}builtin fs\.readFileSync {2}\[!\] file system\n {2}builtin fs\/promises\.readFile {2}\[!\] file system/);
  assert.match(policy.stdout, /fetcher {2}\[!\]\n {2}global fetch {2}\[!\] network/);

  const ran = await endo('run', 'main.js', '--', ...urls);
  assert.equal(ran.status, 0, ran.stderr);
  const attempts = attemptsOf(ran.stdout);
  assert.deepEqual(attempts['read inside'], { value: 'hello from data' });
  assert.deepEqual(attempts['read outside'], { value: 'not for file-reader' });
  assert.deepEqual(attempts['fetch other'], { value: 'from another origin' });
  assert.match(attempts.withResolvers!.error!, /^TypeError: (globalThis\.)?Promise\.withResolvers is not a function$/);
  assert.match(attempts['patch a builtin']!.error!, /^TypeError: Cannot add property includesAll/);
});

test('with the override, fs reaches only ./data, fetch only the allowed origin, and the consented shim ran before lockdown', async () => {
  writeFileSync(join(project, 'lavamoat', 'node', 'policy-override.json'), JSON.stringify(override(), null, 2));
  const policy = await endo('policy', 'main.js');
  assert.equal(policy.status, 0, policy.stderr);
  // The review shows the attenuators with their params, still marked.
  assert.match(policy.stdout, /builtin fs through endo\/attenuators\/fs-directory\("\.\/data"\) {2}\[!\] file system/);
  assert.match(policy.stdout, new RegExp(`global fetch through endo/attenuators/fetch-origins\\("${urls[0]}"\\) {2}\\[!\\] network`));

  const ran = await endo('run', 'main.js', '--', ...urls);
  assert.equal(ran.status, 0, ran.stderr);
  const attempts = attemptsOf(ran.stdout);
  assert.deepEqual(attempts['read inside'], { value: 'hello from data' });
  assert.match(attempts['read outside']!.error!, /^FsLimitError: fs\.readFileSync may not reach "secret\.txt": this package's fs is limited to .*data$/);
  assert.match(attempts['read outside, promises']!.error!, /^FsLimitError: fs\.promises\.readFile may not reach "secret\.txt": .*limited to .*data$/);
  assert.deepEqual(attempts['fetch allowed'], { value: 'from the allowed origin' });
  assert.match(attempts['fetch other']!.error!, /^FetchLimitError: /);
  assert.deepEqual(attempts.withResolvers, { value: 7 });
  // Only the named shim ran before lockdown: this package's change still fails.
  assert.match(attempts['patch a builtin']!.error!, /^TypeError: Cannot add property includesAll/);
});

test('a missing attenuator or shim stops the run before the application starts, naming it', async () => {
  const broken = override();
  broken.resources.fetcher.globals.fetch.attenuate = 'no-such-attenuator';
  writeFileSync(join(project, 'lavamoat', 'node', 'policy-override.json'), JSON.stringify(broken));
  const ran = await endo('run', 'main.js', '--', ...urls);
  assert.equal(ran.status, 1);
  assert.equal(ran.stdout, '');
  assert.match(ran.stderr, /The attenuator "no-such-attenuator" named in the policy cannot be found from /);

  writeFileSync(join(project, 'lavamoat', 'node', 'policy-override.json'), JSON.stringify({ ...override(), shims: ['no-such-shim'] }));
  const noShim = await endo('run', 'main.js', '--', ...urls);
  assert.equal(noShim.status, 1);
  assert.equal(noShim.stdout, '');
  assert.match(noShim.stderr, /The shim "no-such-shim" named in the policy cannot be found from /);
});
