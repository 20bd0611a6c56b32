// TRACK_TURNS against the original: the same scenario runs in two child
// processes, one under @endo/init and @endo/eventual-send, one under
// endo/init and endo/eventual-send, each printing the errors it catches
// with its own causal console. The notes the sends leave on those errors
// ("Thrown from: ...", "Rejection from: ...", "Caused by: ...", the
// "Event: turn.event" errors) must print the same; the switch is read from
// the environment when the module loads, so every case is a child process.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const sides = {
  original: { init: '@endo/init', eventualSend: '@endo/eventual-send' },
  ours: {
    init: new URL('../../src/init/index.js', import.meta.url).href,
    eventualSend: new URL('../../src/eventual-send/index.js', import.meta.url).href,
  },
};

/** Every way a send starts a turn: local method and function calls, E.when, a presence's handler, the composed get-then-call. */
const scenarioProgram = ({ init, eventualSend }: { init: string; eventualSend: string }) => `
import ${JSON.stringify(init)};
const { E, HandledPromise } = await import(${JSON.stringify(eventualSend)});
const inner = { boom() { throw Error('boom'); }, rej() { return Promise.reject(Error('rej')); } };
const outer = { relay() { return E(inner).boom(); }, relayRej() { return E(inner).rej(); } };
const boomFn = () => { throw TypeError('boomFn'); };
const viaHandler = new HandledPromise((_resolve, _reject, resolveWithPresence) => {
  resolveWithPresence({ applyMethod(_target, name) { throw RangeError('handler refuses ' + name); } });
});
const viaGetThenCall = new HandledPromise((_resolve, _reject, resolveWithPresence) => {
  resolveWithPresence({ get() { return () => { throw Error('composed'); }; } });
});
const steps = {
  direct: () => E(inner).boom(),
  relay: () => E(outer).relay(),
  relayRej: () => E(outer).relayRej(),
  functionCall: () => E(boomFn)(),
  when: () => E.when(1, () => { throw Error('in when'); }),
  whenRejected: () => E.when(Promise.reject(Error('first')), undefined, reason => { throw Error('then ' + reason.message); }),
  handler: () => E(viaHandler).anything(),
  composed: () => E(viaGetThenCall).m(),
};
for (const [name, step] of Object.entries(steps)) {
  try {
    await step();
    console.log(name, 'did not fail');
  } catch (error) {
    console.error(name, error);
  }
}
`;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const run = (side: keyof typeof sides, env: Record<string, string | undefined>): Run => {
  const childEnv: Record<string, string | undefined> = { ...process.env, TRACK_TURNS: undefined, DEBUG: undefined, ...env };
  for (const key of Object.keys(childEnv)) if (childEnv[key] === undefined) delete childEnv[key];
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', scenarioProgram(sides[side])], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: childEnv as NodeJS.ProcessEnv,
    timeout: 30_000,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
};

/** The output without stack frames (stack filtering is not what is compared here) and blank lines. */
const withoutStacks = (text: string): string =>
  text
    .split('\n')
    .filter(line => !/^\s*at /.test(line) && line.trim() !== '')
    .join('\n');

const assertSameOutput = (env: Record<string, string | undefined>): Run => {
  const original = run('original', env);
  const ours = run('ours', env);
  assert.equal(original.status, 0, original.stderr);
  assert.equal(ours.status, 0, ours.stderr);
  assert.equal(withoutStacks(ours.stderr), withoutStacks(original.stderr));
  assert.equal(withoutStacks(ours.stdout), withoutStacks(original.stdout));
  return ours;
};

test('TRACK_TURNS=enabled: the same notes as the original on every error', () => {
  const ours = assertSameOutput({ TRACK_TURNS: 'enabled' });
  // Not vacuous: the notes are there, chained through the relaying turn.
  assert.match(ours.stderr, /Error#1 ERROR_NOTE: Thrown from: \(Error#2\) : 1 \. 0/);
  assert.match(ours.stderr, /Error#3 ERROR_NOTE: Thrown from: \(Error#4\) : 3 \. 0/);
  assert.match(ours.stderr, /Error#3 ERROR_NOTE: Rejection from: \(Error#5\) : 2 \. 1/);
  assert.match(ours.stderr, /Error#4: Event: 2\.1/);
  assert.match(ours.stderr, /Error#4 ERROR_NOTE: Caused by: \(Error#5\)/);
  // The event's stack is where the send was made: inside relay.
  assert.match(ours.stderr, /Error#4: Event: 2\.1\s+at Object\.relay \(/);
  assert.doesNotMatch(ours.stdout, /did not fail/);
});

test('TRACK_TURNS unset or disabled: no notes, as the original', () => {
  for (const env of [{}, { TRACK_TURNS: 'disabled' }]) {
    const ours = assertSameOutput(env);
    assert.doesNotMatch(ours.stderr, /ERROR_NOTE|Event:/);
    assert.match(ours.stderr, /direct \(Error#1\)/);
  }
});

test('DEBUG=track-turns also logs each error at the top of the event loop, as the original', () => {
  const ours = assertSameOutput({ TRACK_TURNS: 'enabled', DEBUG: 'other,track-turns' });
  assert.match(ours.stdout, /THROWN to top of event loop/);
  assert.match(ours.stdout, /REJECTED at top of event loop/);
  // Without TRACK_TURNS there is nothing to log.
  const quiet = assertSameOutput({ DEBUG: 'track-turns' });
  assert.doesNotMatch(quiet.stdout, /top of event loop/);
});

test('an unrecognized TRACK_TURNS value stops the import with the original message', () => {
  for (const value of ['yes', '']) {
    const original = run('original', { TRACK_TURNS: value });
    const ours = run('ours', { TRACK_TURNS: value });
    const expected = `Unrecognized "TRACK_TURNS" value ${JSON.stringify(value)}. Expected one of ["disabled","enabled"]`;
    assert.notEqual(original.status, 0);
    assert.notEqual(ours.status, 0);
    assert.ok(original.stderr.includes(`Error: ${expected}`), original.stderr);
    assert.ok(ours.stderr.includes(`Error: ${expected}`), ours.stderr);
  }
});
