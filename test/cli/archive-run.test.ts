// `endo archive` puts the policy in the archive and `endo run app.zip` runs
// under it, in child processes on test/fixtures/attenuators/app: the
// attenuated grants hold, a package link the policy refuses is refused, the
// printed SHA-512 covers the policy (a changed policy fails --sha512), and
// an archive without a policy, or a policy an archive cannot carry, is
// refused with the reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import fs from 'node:fs';
import url from 'node:url';
import { makeArchive } from '../../src/compartment-mapper/index.js';
import { makeReadPowers } from '../../src/compartment-mapper/node-powers.js';
import { readZip, writeZip } from '../../src/compartment-mapper/zip.js';
import { attemptsOf, attenuatingOverride, startAttenuatedApp, type AttenuatedApp } from '../support/attenuated-app.js';

let app: AttenuatedApp;

before(async () => {
  app = await startAttenuatedApp();
});

after(() => app.close());

const writeOverride = (override: unknown) =>
  fs.writeFileSync(join(app.project, 'lavamoat', 'node', 'policy-override.json'), JSON.stringify(override, null, 2));

test('an archive runs under the policy it carries, attenuators included; --sha512 vouches for it', async () => {
  const policy = await app.endo('policy', 'main.js');
  assert.equal(policy.status, 0, policy.stderr);
  writeOverride(attenuatingOverride(app.urls[0]));
  const made = await app.endo('archive', 'main.js', '-o', 'app.zip');
  assert.equal(made.status, 0, made.stderr);
  const sha512 = made.stdout.trim();
  assert.match(sha512, /^[0-9a-f]{128}$/);

  const ran = await app.endo('run', 'app.zip', '--sha512', sha512, '--', ...app.urls);
  assert.equal(ran.status, 0, ran.stderr);
  const attempts = attemptsOf(ran.stdout);
  assert.deepEqual(attempts['read inside'], { value: 'hello from data' });
  assert.match(attempts['read outside']!.error!, /^FsLimitError: fs\.readFileSync may not reach "secret\.txt"/);
  assert.deepEqual(attempts['fetch allowed'], { value: 'from the allowed origin' });
  assert.match(attempts['fetch other']!.error!, /^FetchLimitError: /);
  assert.deepEqual(attempts.greet, { value: 'HELLO, ENDO!' });

  const wrong = await app.endo('run', 'app.zip', '--sha512', '0'.repeat(128));
  assert.equal(wrong.status, 1);
  assert.equal(wrong.stdout, '');
  assert.match(wrong.stderr, /failed a SHA-512 integrity check/);
});

test("the archive's SHA-512 covers its policy: a policy widened inside the archive fails --sha512", async () => {
  writeOverride(attenuatingOverride(app.urls[0]));
  const made = await app.endo('archive', 'main.js', '-o', 'app.zip');
  assert.equal(made.status, 0, made.stderr);
  const files = readZip(fs.readFileSync(join(app.project, 'app.zip')));
  const map = JSON.parse(Buffer.from(files.get('compartment-map.json')!).toString());
  const reader = Object.values(map.compartments as Record<string, { label: string; policy: { options: { lavamoat: unknown } } }>).find(
    compartment => compartment.label === 'file-reader',
  )!;
  assert.deepEqual(reader.policy.options.lavamoat, {
    builtin: {
      fs: { attenuate: 'endo/attenuators/fs-directory', params: ['./data'] },
      'fs/promises': { attenuate: 'endo/attenuators/fs-directory', params: ['./data'] },
    },
  });
  reader.policy.options.lavamoat = { builtin: { fs: true, 'fs/promises': true } };
  files.set('compartment-map.json', Buffer.from(JSON.stringify(map, null, 2)));
  fs.writeFileSync(join(app.project, 'widened.zip'), writeZip(files));

  const refused = await app.endo('run', 'widened.zip', '--sha512', made.stdout.trim(), '--', ...app.urls);
  assert.equal(refused.status, 1);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /failed a SHA-512 integrity check/);
  // Without --sha512 the widened policy is what runs: the hash is the archive's identity.
  const widened = await app.endo('run', 'widened.zip', '--', ...app.urls);
  assert.deepEqual(attemptsOf(widened.stdout)['read outside'], { value: 'not for file-reader' });
});

test('a package link the carried policy does not list is refused when the archive runs', async () => {
  writeOverride({ resources: { greeting: { packages: { 'greeting>shout': false } } } });
  const made = await app.endo('archive', 'main.js', '-o', 'app.zip');
  assert.equal(made.status, 0, made.stderr);
  const ran = await app.endo('run', 'app.zip', '--', ...app.urls);
  assert.equal(ran.status, 1);
  assert.match(ran.stderr, /Package "greeting" may not load package "greeting>shout": its policy does not list it/);
});

test('an archive without a policy, or a policy an archive cannot carry, is refused with the reason', async () => {
  const bare = await makeArchive(makeReadPowers({ fs, url, crypto }), pathToFileURL(join(app.project, 'main.js')).href);
  fs.writeFileSync(join(app.project, 'bare.zip'), bare);
  const ran = await app.endo('run', 'bare.zip');
  assert.equal(ran.status, 1);
  assert.match(ran.stderr, /bare\.zip carries no policy for its compartment "[a-z-]+-v1\.0\.0": make it with `endo archive`/);

  writeOverride({ shims: ['with-resolvers-shim'], resources: {} });
  const shims = await app.endo('archive', 'main.js', '-o', 'shims.zip');
  assert.equal(shims.status, 1);
  assert.match(shims.stderr, /The policy names shims \(with-resolvers-shim\); an archive cannot carry them yet/);

  writeOverride({ resources: { fetcher: { globals: { fetch: { attenuate: './my-attenuator.js' } } } } });
  const attenuator = await app.endo('archive', 'main.js', '-o', 'own.zip');
  assert.equal(attenuator.status, 1);
  assert.match(attenuator.stderr, /names the attenuator "\.\/my-attenuator\.js"; an archive can carry only Endo's own/);

  const flags = await app.endo('run', 'app.zip', '--autopolicy');
  assert.equal(flags.status, 2);
  assert.match(flags.stderr, /an archive runs under the policy it carries/);
});
