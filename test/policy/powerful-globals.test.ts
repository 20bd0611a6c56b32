// The attenuated `process`, tested as an attacker: code in a Compartment
// (after lockdown) given `process` tries every way out to `child_process`,
// the real `require` or the real process, and each must fail. LavaMoat's
// documented hole (`"process": true`, then
// `process.getBuiltinModule('child_process')`) is shown open under LavaMoat's
// endowmentsToolkit in a child process and closed here. Its own file: it
// calls lockdown().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { lockdown, Compartment } from '../../src/ses/index.js';
import {
  attenuatePowerfulGlobal,
  processMembersWithheld,
  refusedProcessEvents,
} from '../../src/policy/powerful-globals.js';
import { globalsForPackage } from '../../src/policy/global-views.js';
import { makeSharedGlobals } from '../../src/policy/shared-globals.js';

lockdown();

type AnyRecord = Record<string, any>;

const packageName = 'attacker';
const compartmentWithProcess = () => {
  const compartment = new Compartment();
  Object.defineProperties(
    compartment.globalThis,
    globalsForPackage({ process: true }, globalThis, makeSharedGlobals(), { packageName }),
  );
  return compartment;
};

test('LavaMoat\'s "process": true hands out child_process (the hole, shown in a child process)', () => {
  const toolkit = fileURLToPath(new URL('../../../node_modules/lavamoat-core/src/endowmentsToolkit.js', import.meta.url));
  const script = `
    const toolkit = require(${JSON.stringify(toolkit)})();
    const endowments = toolkit.getEndowmentsForConfig(globalThis, { globals: { process: true } });
    const cp = endowments.process.getBuiltinModule('child_process');
    console.log(typeof cp.execSync);
  `;
  assert.equal(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim(), 'function');
});

test('the hole is closed: process.getBuiltinModule and every withheld member are absent', () => {
  const compartment = compartmentWithProcess();
  assert.equal(compartment.evaluate('typeof process.getBuiltinModule'), 'undefined');
  assert.throws(() => compartment.evaluate("process.getBuiltinModule('child_process')"), TypeError);
  for (const name of Object.keys(processMembersWithheld)) {
    if (name === '__proto__') continue;
    assert.equal(compartment.evaluate(`Object.hasOwn(process, ${JSON.stringify(name)}) || typeof process[${JSON.stringify(name)}]`), 'undefined', name);
  }
  for (const name of ['binding', '_linkedBinding', 'dlopen', 'mainModule', 'moduleLoadList', 'reallyExit', '_rawDebug', '_getActiveHandles', 'report', 'emit']) {
    assert.ok(name in processMembersWithheld, name);
  }
});

test('the powers a package with process keeps work', async () => {
  const compartment = compartmentWithProcess();
  assert.equal(compartment.evaluate('process.cwd()'), process.cwd());
  assert.equal(compartment.evaluate('process.platform'), process.platform);
  assert.equal(compartment.evaluate('process.pid'), process.pid);
  assert.equal(compartment.evaluate('typeof process.hrtime.bigint()'), 'bigint');
  assert.equal(compartment.evaluate('typeof process.memoryUsage.rss()'), 'number');
  assert.equal(compartment.evaluate('process.versions.node'), process.versions.node);
  assert.equal(compartment.evaluate('typeof process.kill'), 'function', 'kill is a power, not an escape');
  assert.notEqual(compartment.evaluate('process.stdout'), process.stdout, 'a view (stdio-views.ts), not the stream');
  assert.equal(compartment.evaluate('typeof process.stdout.write'), 'function');
  assert.equal(compartment.evaluate('Object.prototype.toString.call(process)'), '[object process]');
  assert.deepEqual(compartment.evaluate('process.argv'), process.argv);
  const thisInTick = await compartment.evaluate('new Promise(resolve => process.nextTick(function () { resolve(this) }))');
  assert.equal(thisInTick, undefined);
});

test('walking every property, prototype and getter of the stand-in never reaches the real process or a loader', () => {
  const compartment = compartmentWithProcess();
  const standIn = compartment.globalThis.process as object;
  const stdio = [process.stdout, process.stderr, process.stdin] as AnyRecord[];
  const forbidden = new Set<unknown>([
    process, process.getBuiltinModule, (process as AnyRecord).binding, process.dlopen, globalThis,
    ...stdio, ...stdio.map(stream => stream._handle).filter(handle => handle !== undefined && handle !== null),
  ]);
  const skip = new Set<unknown>();
  const seen = new Set<unknown>();
  const queue: unknown[] = [standIn];
  while (queue.length > 0) {
    const value = queue.pop();
    if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value) || skip.has(value)) continue;
    seen.add(value);
    assert.ok(!forbidden.has(value), 'reached a forbidden object');
    queue.push(Reflect.getPrototypeOf(value as object));
    for (const key of Reflect.ownKeys(value as object)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value as object, key);
      if (descriptor === undefined) continue;
      queue.push(descriptor.value, descriptor.get, descriptor.set);
      if (descriptor.get !== undefined) {
        try {
          queue.push(Reflect.apply(descriptor.get, value, []));
        } catch {
          // a getter that refuses is a way that is closed
        }
      }
    }
  }
  assert.ok(seen.size > 50, `walked ${seen.size} objects`);
});

test('attacker escapes from inside the compartment each fail', () => {
  const compartment = compartmentWithProcess();
  const attempts: Record<string, string> = {
    getBuiltinModule: "process.getBuiltinModule('child_process')",
    binding: "process.binding('spawn_sync')",
    linkedBinding: "process._linkedBinding('x')",
    dlopen: "process.dlopen({}, '/tmp/x.node')",
    mainModuleRequire: "process.mainModule.require('child_process')",
    protoBinding: "Object.getPrototypeOf(process).binding('spawn_sync')",
    dunderProto: "process.__proto__.getBuiltinModule('child_process')",
    reflectChain: "Reflect.getPrototypeOf(Reflect.getPrototypeOf(process)).getBuiltinModule('child_process')",
    constructorFunction: "process.constructor.constructor('return process')().getBuiltinModule('child_process')",
    methodConstructor: "process.cwd.constructor('return this')().process.getBuiltinModule('child_process')",
    getterWithOtherThis: "Object.getOwnPropertyDescriptor(process, 'pid').get.call(null).binding('spawn_sync')",
    chainedReturn: "process.on('x-endo-chain', () => {}).getBuiltinModule('child_process')",
    setMaxListenersReturn: "process.setMaxListeners(20).binding('spawn_sync')",
    calleeCaller: "(function () { return arguments.callee.caller })()",
    emitForged: "process.emit('exit', 0)",
    rawHandles: "process._getActiveHandles()",
    stdoutHandle: "process.stdout._handle.close()",
    stdoutState: "process.stdout._writableState.length",
    stdoutClass: "new (Object.getPrototypeOf(process.stdout).constructor)().connect(80)",
    stdoutDestroy: "process.stdout.destroy()",
    stdinHandle: "process.stdin._handle.readStart()",
    report: "process.report.getReport()",
    openProto: "Object.setPrototypeOf(process, { getBuiltinModule: 1 })",
    addMember: "process.binding = () => 1; process.binding('x')",
    newListener: "process.on('newListener', (name, fn) => fn)",
    reallyExit: "process.reallyExit(0)",
    loadEnvFile: "process.loadEnvFile('/etc/passwd')",
  };
  for (const [name, source] of Object.entries(attempts)) {
    assert.throws(() => compartment.evaluate(source), TypeError, name);
  }
  // The constructor it does reach is the compartment's own, shared and harmless.
  assert.equal(compartment.evaluate('process.constructor === Object'), true);
});

test('listeners run with the stand-in as this and receive the stand-in for the real process', () => {
  const compartment = compartmentWithProcess();
  const received = compartment.evaluate(`
    const record = {};
    process.on('x-endo-probe', function (arg) { record.self = this; record.arg = arg; });
    record
  `) as AnyRecord;
  process.emit('x-endo-probe' as 'exit', process as unknown as number);
  const standIn = compartment.globalThis.process;
  assert.equal(received.self, standIn);
  assert.equal(received.arg, standIn);
  process.removeAllListeners('x-endo-probe');
});

test('a package sees and removes only its own listeners', () => {
  const hostListener = () => {};
  process.on('x-endo-mixed' as 'exit', hostListener);
  const compartment = compartmentWithProcess();
  const results = compartment.evaluate(`
    const mine = () => {};
    process.on('x-endo-mixed', mine);
    process.once('x-endo-mixed', mine);
    const before = process.listeners('x-endo-mixed');
    const raw = process.rawListeners('x-endo-mixed');
    process.removeAllListeners('x-endo-mixed');
    ({ before, raw, mineFirst: before[0] === mine, after: process.listeners('x-endo-mixed').length, count: process.listenerCount('x-endo-mixed') })
  `) as AnyRecord;
  assert.equal(results.before.length, 2);
  assert.equal(results.raw.length, 2);
  assert.ok(!results.before.includes(hostListener) && !results.raw.includes(hostListener));
  assert.equal(results.mineFirst, true);
  assert.equal(results.after, 0);
  assert.equal(results.count, 1, 'the host listener stays');
  assert.deepEqual(process.listeners('x-endo-mixed' as 'exit'), [hostListener]);
  process.removeAllListeners('x-endo-mixed');
  for (const event of refusedProcessEvents) {
    assert.throws(() => compartment.evaluate(`process.on(${JSON.stringify(event)}, () => {})`), /is refused/);
  }
});

test('process.env reads pass through live; writes and deletes stay in the package; definitions and freezing throw naming the policy', () => {
  const compartment = compartmentWithProcess();
  assert.equal(compartment.evaluate('process.env.PATH'), process.env.PATH);
  process.env.ENDO_POWERFUL_PROBE = 'later';
  assert.equal(compartment.evaluate('process.env.ENDO_POWERFUL_PROBE'), 'later');
  assert.equal(compartment.evaluate("'ENDO_POWERFUL_PROBE' in process.env"), true);
  assert.deepEqual(compartment.evaluate('Object.keys(process.env)').sort(), Object.keys(process.env).sort());
  assert.equal(compartment.evaluate('({ ...process.env }).ENDO_POWERFUL_PROBE'), 'later');
  // The package sees its own change (as debug does with DEBUG); the real environment does not.
  assert.equal(compartment.evaluate("process.env.ENDO_POWERFUL_PROBE = 42; process.env.ENDO_POWERFUL_PROBE"), '42');
  assert.equal(process.env.ENDO_POWERFUL_PROBE, 'later');
  assert.equal(compartment.evaluate("delete process.env.ENDO_POWERFUL_PROBE; 'ENDO_POWERFUL_PROBE' in process.env"), false);
  assert.equal(compartment.evaluate('Object.keys(process.env).includes("ENDO_POWERFUL_PROBE")'), false);
  assert.equal(process.env.ENDO_POWERFUL_PROBE, 'later');
  compartment.evaluate("process.env.ENDO_OWN_ONLY = 'mine'");
  assert.equal(compartment.evaluate('Object.keys(process.env).includes("ENDO_OWN_ONLY")'), true);
  assert.equal(process.env.ENDO_OWN_ONLY, undefined);
  // Another package's view of the environment does not see it either.
  assert.equal(compartmentWithProcess().evaluate('process.env.ENDO_OWN_ONLY'), undefined);
  assert.throws(() => compartment.evaluate("Object.defineProperty(process.env, 'X', { value: '1' })"), /Defining process\.env\.X is refused/);
  assert.throws(() => compartment.evaluate('Object.freeze(process.env)'), /Freezing process\.env is refused: package "attacker" may read process\.env, not change it; to allow it, grant "process": "write" in resources\["attacker"\]\.globals/);
  assert.ok(Object.isExtensible(process.env), 'the host environment is untouched');
  delete process.env.ENDO_POWERFUL_PROBE;
});

test('with "process": "write" the package may change the environment', () => {
  const compartment = new Compartment();
  const shared = makeSharedGlobals(['process']);
  Object.defineProperties(compartment.globalThis, globalsForPackage({ process: 'write' }, globalThis, shared, { packageName: 'w' }));
  compartment.evaluate("process.env.ENDO_WRITE_PROBE = 'set'");
  assert.equal(process.env.ENDO_WRITE_PROBE, 'set');
  delete process.env.ENDO_WRITE_PROBE;
  assert.equal(compartment.evaluate('typeof process.getBuiltinModule'), 'undefined');
  // A reader of the same shared global still cannot: its change stays its own.
  const reader = new Compartment();
  Object.defineProperties(reader.globalThis, globalsForPackage({ process: true }, globalThis, shared, { packageName: 'r' }));
  reader.evaluate("process.env.ENDO_WRITE_PROBE = 'no'");
  assert.equal(process.env.ENDO_WRITE_PROBE, undefined);
});

test('exitCode is forwarded; other members cannot be replaced; data copies are frozen', () => {
  const compartment = compartmentWithProcess();
  const before = process.exitCode;
  compartment.evaluate('process.exitCode = 3');
  assert.equal(process.exitCode, 3);
  process.exitCode = before;
  assert.throws(() => compartment.evaluate('process.cwd = () => "/"'), TypeError);
  assert.throws(() => compartment.evaluate("process.versions.node = '0'"), TypeError);
  assert.notEqual(process.versions.node, '0');
});

test('the global object itself is not a powerful global to hand out', () => {
  assert.throws(() => attenuatePowerfulGlobal('globalThis', globalThis), /a package gets its own global object/);
  assert.equal(attenuatePowerfulGlobal('fetch', fetch), fetch);
});
