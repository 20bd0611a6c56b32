// ENDO_DELIVERY_BREAKPOINTS and ENDO_SEND_BREAKPOINTS against the original:
// a child process connects an inspector session to itself, so that a
// `debugger` statement really pauses it (and the session resumes at once),
// then sends messages with E and HandledPromise and reports, after each
// one, how many pauses there have been and in which module (delivery or
// send). The original under @endo/init and ours under endo/init must pause
// the same number of times at the same steps, for the same configuration.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

const sides = {
  original: {
    init: '@endo/init',
    eventualSend: '@endo/eventual-send',
    // Which of the side's modules holds each `debugger` statement.
    modules: { 'local.js': 'delivery', 'E.js': 'send' },
  },
  ours: {
    init: new URL('../../src/init/index.js', import.meta.url).href,
    eventualSend: new URL('../../src/eventual-send/index.js', import.meta.url).href,
    modules: { 'local-delivery.js': 'delivery', 'make-e.js': 'send' },
  },
};
type Side = keyof typeof sides;

const childProgram = ({ init, eventualSend, modules }: (typeof sides)[Side]) => `
import { Session } from 'node:inspector';
const session = new Session();
session.connect();
const urls = new Map();
const modules = ${JSON.stringify(modules)};
const pauses = [];
session.on('Debugger.scriptParsed', ({ params }) => urls.set(params.scriptId, params.url));
session.on('Debugger.paused', ({ params }) => {
  const url = urls.get(params.callFrames[0].location.scriptId) ?? '';
  pauses.push(params.reason + ' in ' + (modules[url.slice(url.lastIndexOf('/') + 1)] ?? url));
  session.post('Debugger.resume');
});
session.post('Debugger.enable');
await import(${JSON.stringify(init)});
const { E, HandledPromise } = await import(${JSON.stringify(eventualSend)});

const counter = { [Symbol.toStringTag]: 'Alleged: Counter', incr() { return 1; }, get() { return 2; } };
const other = { [Symbol.toStringTag]: 'DebugName: Other', incr() { return 3; }, get() { return 4; } };
const fn = () => 5;
const afterAllTurns = () => new Promise(resolve => setTimeout(resolve, 0));
const steps = {
  'E(counter).incr() 1': () => E(counter).incr(),
  'E(counter).incr() 2': () => E(counter).incr(),
  'E(counter).incr() 3': () => E(counter).incr(),
  'E(counter).get()': () => E(counter).get(),
  'E(other).incr()': () => E(other).incr(),
  'E(other).get()': () => E(other).get(),
  'E.sendOnly(counter).incr()': () => E.sendOnly(counter).incr(),
  'E.sendOnly(other).get()': () => E.sendOnly(other).get(),
  'E(fn)()': () => E(fn)(),
  'E.sendOnly(fn)()': () => E.sendOnly(fn)(),
  'E.get(counter).incr': () => E.get(counter).incr,
  'HandledPromise.applyMethod(counter, incr)': () => HandledPromise.applyMethod(counter, 'incr', []),
  'E(promise for counter).incr()': () => E(Promise.resolve(counter)).incr(),
};
const report = [];
for (const [name, step] of Object.entries(steps)) {
  await step();
  await afterAllTurns();
  report.push(name + ': ' + pauses.splice(0).join(', '));
}
process.stdout.write(JSON.stringify(report));
`;

const run = (side: Side, env: Record<string, string>): string[] => {
  const childEnv = { ...process.env, ...env };
  for (const name of ['ENDO_DELIVERY_BREAKPOINTS', 'ENDO_SEND_BREAKPOINTS']) if (!(name in env)) delete childEnv[name];
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', childProgram(sides[side])], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: childEnv,
    timeout: 30_000,
  });
  if (child.status !== 0) throw Error(`the ${side} child failed (status ${child.status}):\n${child.stderr}`);
  return JSON.parse(child.stdout);
};

/** Both sides' reports, checked equal; ours is returned for the specific checks. */
const samePauses = (env: Record<string, string>): string[] => {
  const ours = run('ours', env);
  assert.deepEqual(ours, run('original', env));
  return ours;
};

// Counter's incr lets one go by, then breaks every time; get breaks on
// anything (a string tag for which no entry exists falls back to '*').
const CONFIGURATION = JSON.stringify({ Counter: { incr: 1 }, '*': { get: '*' } });

test('ENDO_DELIVERY_BREAKPOINTS pauses on delivery where the original does', () => {
  const ours = samePauses({ ENDO_DELIVERY_BREAKPOINTS: CONFIGURATION });
  assert.deepEqual(ours, [
    'E(counter).incr() 1: ',
    'E(counter).incr() 2: other in delivery',
    'E(counter).incr() 3: other in delivery',
    'E(counter).get(): other in delivery',
    'E(other).incr(): ',
    'E(other).get(): other in delivery',
    'E.sendOnly(counter).incr(): other in delivery',
    'E.sendOnly(other).get(): other in delivery',
    'E(fn)(): ',
    'E.sendOnly(fn)(): ',
    'E.get(counter).incr: ',
    // Delivery breakpoints see every local delivery, whoever sent it.
    'HandledPromise.applyMethod(counter, incr): other in delivery',
    'E(promise for counter).incr(): other in delivery',
  ]);
});

test('ENDO_SEND_BREAKPOINTS pauses on sending where the original does', () => {
  const ours = samePauses({ ENDO_SEND_BREAKPOINTS: CONFIGURATION });
  assert.deepEqual(ours, [
    'E(counter).incr() 1: ',
    'E(counter).incr() 2: other in send',
    'E(counter).incr() 3: other in send',
    'E(counter).get(): other in send',
    'E(other).incr(): ',
    'E(other).get(): other in send',
    'E.sendOnly(counter).incr(): other in send',
    'E.sendOnly(other).get(): other in send',
    'E(fn)(): ',
    'E.sendOnly(fn)(): ',
    'E.get(counter).incr: ',
    // Only E and E.sendOnly check send breakpoints.
    'HandledPromise.applyMethod(counter, incr): ',
    // The recipient when sending is the promise, whose tag is "Promise".
    'E(promise for counter).incr(): ',
  ]);
});

test('without either variable, nothing pauses', () => {
  const ours = samePauses({});
  assert.ok(ours.every(line => line.endsWith(': ')), ours.join('\n'));
});
