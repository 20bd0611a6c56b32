// Whole grants of vm, module, worker_threads, inspector, v8 and async_hooks
// (builtin-attenuations.ts): the ordinary use works, and each way out of
// confinement, tried from a Compartment (after lockdown) as an attacker
// would, throws naming the dotted entry that would allow it. A dotted grant
// that names the escape gives it. Its own file: it calls lockdown().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import module from 'node:module';
import workerThreads from 'node:worker_threads';
import inspector from 'node:inspector';
import v8 from 'node:v8';
import asyncHooks from 'node:async_hooks';
import childProcess from 'node:child_process';
import { lockdown, Compartment } from '../../src/ses/index.js';
import { builtinExports, builtinForPackage } from '../../src/policy/builtin-views.js';
import { attenuatedBuiltins, grantedBuiltinEscapes } from '../../src/policy/builtin-attenuations.js';

lockdown();

type AnyRecord = Record<string, any>;

const packageName = 'attacker';
const whole = (name: string, real: object): AnyRecord => builtinForPackage(name, { [name]: true }, real, { packageName });
const compartmentWith = (endowments: AnyRecord) => {
  const compartment = new Compartment();
  Object.assign(compartment.globalThis, endowments);
  return compartment;
};
const refusedMessage = (name: string, member: string) =>
  new RegExp(
    `Package "attacker" was granted the builtin "${name}" whole, which does not give "${name}\\.${member}" \\(.+\\)\\. To allow it, add "${name}\\.${member}": true to resources\\["attacker"\\]\\.builtin`,
  );

test('vm: new contexts, scripts in them and compileFunction with a parsingContext work', () => {
  const compartment = compartmentWith({ vm: whole('vm', vm) });
  assert.equal(compartment.evaluate("vm.runInNewContext('a + b', { a: 1, b: 2 })"), 3);
  assert.equal(compartment.evaluate("const c = vm.createContext({ n: 4 }); vm.runInContext('n * 2', c)"), 8);
  assert.equal(compartment.evaluate("const s = new vm.Script('x + 1'); s.runInNewContext({ x: 1 }) + s.runInContext(vm.createContext({ x: 10 }))"), 13);
  assert.equal(compartment.evaluate("new vm.Script('1') instanceof vm.Script"), true);
  assert.equal(compartment.evaluate("vm.compileFunction('return a * 3', ['a'], { parsingContext: vm.createContext({}) })(5)"), 15);
  assert.equal(compartment.evaluate('vm.isContext(vm.createContext({}))'), true);
});

test("vm: every way to compile in the host's context is refused", async () => {
  const compartment = compartmentWith({ vm: whole('vm', vm) });
  assert.throws(() => compartment.evaluate("vm.runInThisContext('process')"), refusedMessage('vm', 'runInThisContext'));
  const attempts: Record<string, string> = {
    scriptMethod: "new vm.Script('process').runInThisContext()",
    scriptPrototype: "Object.getPrototypeOf(new vm.Script('process')).runInThisContext.call(new vm.Script('process'))",
    scriptSuper: "Object.getPrototypeOf(vm.Script.prototype).runInThisContext.call(new vm.Script('process'))",
    compileWithoutContext: "vm.compileFunction('return process')()",
    compileWithFakeContext: "vm.compileFunction('return process', [], { parsingContext: {} })()",
    constructorChain: "vm.runInNewContext('this.constructor.constructor(\"return process\")()', {})",
    contextFunction: "vm.runInNewContext('f.constructor(\"return process\")()', { f() {} })",
  };
  for (const [name, source] of Object.entries(attempts)) {
    assert.throws(() => compartment.evaluate(source), name);
  }
  assert.throws(() => compartment.evaluate("vm.compileFunction('return process')"), /without options\.parsingContext \(a vm context\) is refused/);
  assert.equal(compartment.evaluate('vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER'), undefined);
  // import() in a context has no loader unless one is given.
  await assert.rejects(compartment.evaluate("vm.runInNewContext('import(\"node:child_process\")', {})") as Promise<unknown>);
});

test("vm: the main context's loader is refused even when leaked, and a getter cannot answer the check one way and Node another", async () => {
  const leaked = vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  const compartment = compartmentWith({ vm: whole('vm', vm), leaked });
  assert.throws(
    () => compartment.evaluate("vm.runInNewContext('1', {}, { importModuleDynamically: leaked })"),
    /importModuleDynamically: USE_MAIN_CONTEXT_DEFAULT_LOADER is refused/,
  );
  assert.throws(() => compartment.evaluate("new vm.Script('1', { importModuleDynamically: leaked })"), /USE_MAIN_CONTEXT_DEFAULT_LOADER is refused/);
  const result = compartment.evaluate(`
    let reads = 0;
    const options = { get importModuleDynamically() { reads += 1; return reads === 1 ? undefined : leaked; } };
    const promise = new vm.Script('import("node:child_process")', options).runInNewContext({});
    ({ promise, reads: () => reads })
  `) as AnyRecord;
  await assert.rejects(result.promise);
  assert.equal(result.reads(), 1);
});

test('vm: a dotted grant that names runInThisContext gives it (the policy names the escape)', () => {
  const view = builtinForPackage('vm', { 'vm.runInThisContext': true }, vm) as AnyRecord;
  assert.deepEqual(Object.keys(view), ['runInThisContext']);
  assert.equal(view.runInThisContext('typeof process'), 'object');
  const both = builtinForPackage('vm', { vm: true, 'vm.runInThisContext': true }, vm) as AnyRecord;
  assert.equal(both.runInThisContext, vm.runInThisContext);
});

test('module: isBuiltin and builtinModules work; createRequire, _load, the Module class and the caches are refused', () => {
  const view = whole('module', module);
  const compartment = compartmentWith({ Module: view });
  assert.equal(compartment.evaluate("Module.isBuiltin('node:fs')"), true);
  assert.ok(compartment.evaluate('Module.builtinModules').includes('fs'));
  assert.throws(() => compartment.evaluate('Module.builtinModules.push("x")'), TypeError);
  assert.throws(() => compartment.evaluate('Module.createRequire("/")("child_process")'), refusedMessage('module', 'createRequire'));
  assert.throws(() => compartment.evaluate("Module._load('child_process')"), refusedMessage('module', '_load'));
  assert.throws(() => compartment.evaluate('Module._cache'), refusedMessage('module', '_cache'));
  assert.throws(() => compartment.evaluate("Module._extensions['.js']"), refusedMessage('module', '_extensions'));
  assert.throws(() => compartment.evaluate("Module.register('data:text/javascript,')"), refusedMessage('module', 'register'));
  assert.throws(() => compartment.evaluate("new Module('x')._compile('process', 'x')"), /which does not give calling the module "module" itself/);
  assert.throws(() => compartment.evaluate("Module.prototype.require.call({}, 'child_process')"), TypeError);
  assert.throws(() => compartment.evaluate('Module.createRequire = () => 1'), TypeError);
  // An ES module importer links to it: named imports of withheld functions link, and throw when called.
  const exports = builtinExports(view) as AnyRecord;
  assert.equal(typeof exports.createRequire, 'function');
  assert.throws(() => exports.createRequire('/'), refusedMessage('module', 'createRequire'));
  assert.equal(exports.default, view);
});

test('worker_threads: messaging works; Worker is refused', async () => {
  const compartment = compartmentWith({ threads: whole('worker_threads', workerThreads) });
  const received = await (compartment.evaluate(`
    const { port1, port2 } = new threads.MessageChannel();
    const received = new Promise(resolve => port2.once('message', value => { port1.close(); resolve(value); }));
    port1.postMessage({ hello: 'there' });
    received
  `) as Promise<unknown>);
  assert.deepEqual(received, { hello: 'there' });
  assert.equal(compartment.evaluate('threads.isMainThread'), true);
  assert.throws(
    () => compartment.evaluate("new threads.Worker('require(\"child_process\").execSync(\"id\")', { eval: true })"),
    refusedMessage('worker_threads', 'Worker'),
  );
  assert.throws(() => compartment.evaluate("threads.setEnvironmentData('k', 'v')"), refusedMessage('worker_threads', 'setEnvironmentData'));
});

test('inspector: url works; the debugger is refused', () => {
  const compartment = compartmentWith({ inspector: whole('inspector', inspector) });
  assert.equal(compartment.evaluate('inspector.url()'), undefined);
  assert.throws(() => compartment.evaluate('new inspector.Session()'), refusedMessage('inspector', 'Session'));
  assert.throws(() => compartment.evaluate('inspector.open(0)'), refusedMessage('inspector', 'open'));
});

test('v8: statistics and serialization work; flags, snapshots, promise hooks and queries are refused', () => {
  const compartment = compartmentWith({ v8: whole('v8', v8) });
  assert.equal(typeof compartment.evaluate('v8.getHeapStatistics().total_heap_size'), 'number');
  assert.deepEqual(compartment.evaluate('v8.deserialize(v8.serialize({ a: [1, 2] }))'), { a: [1, 2] });
  assert.throws(() => compartment.evaluate("v8.setFlagsFromString('--allow-natives-syntax')"), refusedMessage('v8', 'setFlagsFromString'));
  assert.throws(() => compartment.evaluate('v8.getHeapSnapshot()'), refusedMessage('v8', 'getHeapSnapshot'));
  assert.throws(() => compartment.evaluate('v8.promiseHooks.onInit(() => {})'), refusedMessage('v8', 'promiseHooks'));
  assert.throws(() => compartment.evaluate("v8.writeHeapSnapshot('/tmp/x')"), refusedMessage('v8', 'writeHeapSnapshot'));
});

test('async_hooks: AsyncLocalStorage and AsyncResource work; createHook and executionAsyncResource are refused', async () => {
  const compartment = compartmentWith({ hooks: whole('async_hooks', asyncHooks) });
  const stored = await (compartment.evaluate(`
    const storage = new hooks.AsyncLocalStorage();
    storage.run('mine', () => Promise.resolve().then(() => storage.getStore()))
  `) as Promise<unknown>);
  assert.equal(stored, 'mine');
  assert.equal(compartment.evaluate("new hooks.AsyncResource('x').runInAsyncScope(() => 7)"), 7);
  assert.throws(() => compartment.evaluate('hooks.createHook({ init() {} }).enable()'), refusedMessage('async_hooks', 'createHook'));
  assert.throws(() => compartment.evaluate('hooks.executionAsyncResource()'), refusedMessage('async_hooks', 'executionAsyncResource'));
});

test('child_process is given whole: running programs is what the grant names', () => {
  // Every member, in the package's own copy of the module (builtin-copies.ts).
  const given = builtinForPackage('child_process', { child_process: true }, childProcess) as Record<string, unknown>;
  assert.deepEqual(Object.keys(given).sort(), Object.keys(childProcess).sort());
  for (const key of Object.keys(childProcess)) assert.equal(given[key], (childProcess as Record<string, unknown>)[key]);
  assert.ok(!attenuatedBuiltins.has('child_process'));
});

test('grantedBuiltinEscapes names the escape a dotted key gives, for the review', () => {
  assert.match(grantedBuiltinEscapes('vm.runInThisContext')!, /host's global scope/);
  assert.match(grantedBuiltinEscapes('node:module.createRequire')!, /any builtin/);
  assert.match(grantedBuiltinEscapes('worker_threads.Worker')!, /all of Node/);
  assert.match(grantedBuiltinEscapes('module._resolveFilename')!, /module loader/);
  for (const key of ['vm', 'module', 'vm.createContext', 'vm.Script', 'module.isBuiltin', 'timers.setTimeout', 'fs.readFile', 'child_process']) {
    assert.equal(grantedBuiltinEscapes(key), undefined, key);
  }
});
