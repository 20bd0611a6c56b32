// tameDomains in isolation. In this process no domain is active: taming pins
// process.domain and loading Node's `domain` module afterwards fails. Child
// processes check the refusal when domains are already active (ours and the
// original ses) and that 'unsafe' lets them be.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { tameDomains } from '../../../src/ses/tame-domains.js';

const moduleUrl = new URL('../../../src/ses/tame-domains.js', import.meta.url).href;

/** Runs `body` in a child where `tameDomains` is imported; returns its JSON output. */
const runChild = (body: string): any =>
  JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { tameDomains } = await import(${JSON.stringify(moduleUrl)});
         const outcome = thunk => { try { thunk(); return 'ok'; } catch (e) { return { name: e.name, message: e.message, code: e.code }; } };
         process.stdout.write(JSON.stringify(await (async () => { ${body} })()));`,
      ],
      { encoding: 'utf8' },
    ),
  );

test("'safe' pins process.domain, and the domain module cannot load afterwards", () => {
  tameDomains('safe');
  assert.deepEqual(Object.getOwnPropertyDescriptor(process, 'domain'), {
    value: null,
    writable: false,
    enumerable: false,
    configurable: false,
  });
  const require = createRequire(import.meta.url);
  assert.throws(() => require('domain'), TypeError);
  assert.equal((process as { domain?: unknown }).domain, null);
  // Calling again (nothing active) is harmless.
  tameDomains('safe');
});

test("'safe' refuses when domains are already active, with code SES_NO_DOMAINS", () => {
  const result = runChild(`await import('node:domain'); return outcome(() => tameDomains('safe'));`);
  assert.equal(result.name, 'TypeError');
  assert.equal(result.code, 'SES_NO_DOMAINS');
  assert.match(result.message, /^SES failed to lockdown, Node\.js domains have been initialized \(SES_NO_DOMAINS\)/);
  assert.match(result.message, /domainTaming: 'unsafe'/);
});

test("'safe' refuses when a domain is entered", () => {
  const result = runChild(`
    const domain = await import('node:domain');
    const d = domain.create();
    return d.run(() => outcome(() => tameDomains('safe')));`);
  assert.equal(result.code, 'SES_NO_DOMAINS');
});

test("'unsafe' leaves domains alone, active or not", () => {
  const result = runChild(`
    const before = outcome(() => tameDomains('unsafe'));
    const domain = await import('node:domain');
    return [before, outcome(() => tameDomains('unsafe')), typeof domain.create];`);
  assert.deepEqual(result, ['ok', 'ok', 'function']);
});

test('the original ses refuses with the same message start', () => {
  const refused = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `await import('node:domain'); await import('ses');
         try { lockdown(); process.stdout.write('null'); }
         catch (e) { process.stdout.write(JSON.stringify([e.name, e.message])); }`,
      ],
      { encoding: 'utf8', cwd: new URL('../../../..', import.meta.url) },
    ),
  );
  const ours = runChild(`await import('node:domain'); return outcome(() => tameDomains('safe'));`);
  assert.equal(refused[0], ours.name);
  assert.ok(ours.message.startsWith(refused[1]), `${ours.message} should start with ${refused[1]}`);
});
