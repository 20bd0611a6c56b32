// Enforcement of LavaMoat-format grants on a package's compartment: globals
// (whole, dotted views, bans, "write" shared between compartments) and
// builtins cut to their granted members. Each grant kind both ways: granted
// works, anything else is absent or throws a message naming the policy entry.
// The view shapes are compared with LavaMoat's own endowmentsToolkit, run in a
// child process. Its own file: it calls lockdown().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { lockdown, Compartment } from '../../src/ses/index.js';
import { globalsForPackage, type GlobalGrant } from '../../src/policy/global-views.js';
import { makeSharedGlobals, writableGlobalNames } from '../../src/policy/shared-globals.js';
import { builtinForPackage, builtinExports } from '../../src/policy/builtin-views.js';

lockdown();

const noShared = makeSharedGlobals();
type AnyRecord = Record<string, any>;

const viewOf = (grants: Record<string, GlobalGrant>, source: object, packageName = 'pkg'): AnyRecord =>
  Object.defineProperties({}, globalsForPackage(grants, source, noShared, { packageName }));

/** A compartment whose global holds what the grants give. */
const compartmentWith = (grants: Record<string, GlobalGrant>, source: object = globalThis, shared = noShared, packageName = 'pkg') => {
  const compartment = new Compartment();
  Object.defineProperties(compartment.globalThis, globalsForPackage(grants, source, shared, { packageName, globalObject: compartment.globalThis }));
  return compartment;
};

const makeSource = () => {
  const inner: AnyRecord = {
    c() {
      return this === inner;
    },
    d: 2,
  };
  const a: AnyRecord = { b: inner, e: 3 };
  return { a, inner, source: { a, f: 'top' } as AnyRecord };
};

test('a top-level grant gives the host value itself; an ungranted global is absent', () => {
  const compartment = compartmentWith({ fetch: true, Buffer: true, structuredClone: true });
  assert.equal(compartment.globalThis.fetch, fetch);
  assert.equal(compartment.globalThis.Buffer, Buffer);
  assert.equal(compartment.evaluate('typeof setTimeout'), 'undefined');
  assert.equal(compartment.evaluate('typeof process'), 'undefined');
  // Node's own global functions work with the compartment's global as receiver.
  assert.deepEqual(compartment.evaluate('globalThis.structuredClone({ x: [1] })'), { x: [1] });
  assert.throws(() => compartment.evaluate('fetch = 1'), TypeError);
});

test('a top-level false bans; a grant of a name the host lacks gives nothing', () => {
  assert.deepEqual(Object.keys(globalsForPackage({ fetch: false, noSuchGlobal: true }, globalThis, noShared)), []);
});

test('a dotted grant gives a minimal view with only that member', () => {
  const compartment = compartmentWith({ 'Buffer.from': true });
  assert.equal(compartment.evaluate('Buffer.from("hi").toString("hex")'), '6869');
  assert.equal(compartment.evaluate('typeof Buffer.alloc'), 'undefined');
  assert.deepEqual(compartment.evaluate('Object.keys(Buffer)'), ['from']);
  assert.notEqual(compartment.globalThis.Buffer, Buffer);
  assert.throws(
    () => compartment.evaluate('Buffer.from = () => 1'),
    /Package "pkg" may read "Buffer\.from" but not assign it/,
  );
});

test('grants under one root merge into one view; deeper paths give nested views', () => {
  const { source } = makeSource();
  const view = viewOf({ 'a.b.c': true, 'a.e': true }, source);
  assert.deepEqual(Object.keys(view), ['a']);
  assert.deepEqual(Object.keys(view.a).sort(), ['b', 'e']);
  assert.deepEqual(Object.keys(view.a.b), ['c']);
  assert.equal(view.a.e, 3);
  assert.equal(view.a.b.d, undefined);
  assert.ok(Object.isFrozen(view.a) && Object.isFrozen(view.a.b));
});

test('a method called on its view runs with the host object as this; another receiver is kept', () => {
  const { source } = makeSource();
  const view = viewOf({ 'a.b.c': true }, source);
  assert.equal(view.a.b.c(), true);
  const other = {};
  let seen: unknown;
  const probe = { m(this: unknown) { seen = this; } };
  const probeView = viewOf({ 'probe.m': true }, { probe });
  probeView.probe.m();
  assert.equal(seen, probe);
  probeView.probe.m.call(other);
  assert.equal(seen, other);
  assert.equal(view.a.b.c, view.a.b.c, 'one wrapper per function');
});

test('a granted constructor builds instances of the host class', () => {
  class Thing {
    constructor(readonly n: number) {}
  }
  const view = viewOf({ 'lib.Thing': true }, { lib: { Thing } });
  const made = new view.lib.Thing(3);
  assert.ok(made instanceof Thing);
  assert.equal(made.n, 3);
  const Base = view.lib.Thing as typeof Thing;
  class Sub extends Base {}
  assert.ok(new Sub(1) instanceof Sub);
});

test('members are read through at each access (getters and data alike), as they are now', () => {
  let reads = 0;
  const holder: AnyRecord = {
    get counted() {
      reads += 1;
      return reads;
    },
    later: 'before',
  };
  const view = viewOf({ 'holder.counted': true, 'holder.later': true }, { holder });
  assert.equal(reads, 0, 'not read when the view is made');
  assert.equal(view.holder.counted, 1);
  assert.equal(view.holder.counted, 2);
  holder.later = 'after';
  assert.equal(view.holder.later, 'after');
});

test('process.env.X is read live from the environment', () => {
  delete process.env.ENDO_POLICY_PROBE;
  const compartment = compartmentWith({ 'process.env.ENDO_POLICY_PROBE': true });
  assert.equal(compartment.evaluate('process.env.ENDO_POLICY_PROBE'), undefined);
  process.env.ENDO_POLICY_PROBE = 'on';
  assert.equal(compartment.evaluate('process.env.ENDO_POLICY_PROBE'), 'on');
  assert.equal(compartment.evaluate('process.env.HOME'), undefined);
  assert.equal(compartment.evaluate('typeof process.cwd'), 'undefined');
  delete process.env.ENDO_POLICY_PROBE;
});

test('dotted grants into process cannot reach withheld members', () => {
  const compartment = compartmentWith({
    'process.getBuiltinModule': true,
    'process.binding': true,
    'process.mainModule.require': true,
    'process.platform': true,
  });
  assert.equal(compartment.evaluate('process.platform'), process.platform);
  assert.deepEqual(compartment.evaluate('Object.keys(process)'), ['platform']);
});

test('bans follow LavaMoat: a:true + a.b:false still exposes a.b; a.b.c:true under the ban cuts a.b down', () => {
  const first = makeSource();
  const exposed = viewOf({ a: true, 'a.b': false }, first.source);
  assert.equal(exposed.a, first.a);
  assert.equal(exposed.a.b, first.inner);

  const second = makeSource();
  const cut = viewOf({ a: true, 'a.b': false, 'a.b.c': true }, second.source);
  assert.equal(cut.a.e, 3);
  assert.deepEqual(Object.keys(cut.a.b), ['c']);
  assert.equal(cut.a.b.c(), true);
  assert.equal(second.a.b, second.inner, 'the host object is left alone (LavaMoat writes into it)');
  assert.deepEqual(Object.keys(second.inner).sort(), ['c', 'd']);

  const third = makeSource();
  const onlyUnderBan = viewOf({ 'a.b': false, 'a.b.c': true }, third.source);
  assert.deepEqual(Object.keys(onlyUnderBan.a), ['b']);
  assert.deepEqual(Object.keys(onlyUnderBan.a.b), ['c']);
});

test('__proto__ in a path, dotted "write" and unknown values throw', () => {
  assert.throws(() => globalsForPackage({ 'a.__proto__.x': true }, {}, noShared), /"__proto__" is not allowed/);
  assert.throws(() => globalsForPackage({ __proto__x: true, 'x.__proto__': true } as AnyRecord, {}, noShared), /__proto__/);
  assert.throws(() => globalsForPackage({ 'a.b': 'write' }, {}, noShared), /"write" is only allowed for a top-level global/);
  assert.throws(() => globalsForPackage({ a: 'redefine' } as AnyRecord, {}, noShared), /Unrecognized policy value "redefine"/);
});

test('"global" and "globalThis" grants give the package its own global object, and global.x names x', () => {
  const compartment = compartmentWith({ global: true, 'global.Buffer': true });
  assert.equal(compartment.evaluate('global'), compartment.globalThis);
  assert.equal(compartment.evaluate('global.Buffer'), Buffer);
  assert.equal(compartment.evaluate('typeof global.process'), 'undefined');
});

test('"write" globals are shared: a write in A is read in B; a package without the grant sees nothing', () => {
  const policy = {
    resources: {
      a: { globals: { sharedThing: 'write' } },
      b: { globals: { sharedThing: true, 'sharedObject.bar': true } },
      c: { globals: { sharedObject: 'write' } },
    },
  };
  const shared = makeSharedGlobals(writableGlobalNames(policy));
  const host = { sharedThing: 'initial', sharedObject: undefined };
  // B is built before A: the store is known up front, so the order does not matter.
  const b = compartmentWith(policy.resources.b.globals as Record<string, GlobalGrant>, host, shared, 'b');
  const a = compartmentWith(policy.resources.a.globals as Record<string, GlobalGrant>, host, shared, 'a');
  const c = compartmentWith(policy.resources.c.globals as Record<string, GlobalGrant>, host, shared, 'c');
  const none = compartmentWith({}, host, shared, 'none');
  assert.equal(b.evaluate('sharedThing'), 'initial');
  a.evaluate('sharedThing = 42');
  assert.equal(b.evaluate('sharedThing'), 42);
  assert.equal(a.evaluate('sharedThing'), 42);
  assert.equal(host.sharedThing, 'initial', 'the host global object is not written');
  assert.equal(none.evaluate('typeof sharedThing'), 'undefined');
  assert.throws(() => b.evaluate('sharedThing = 1'), /Package "b" may read the global "sharedThing" but not assign it: grant "sharedThing": "write"/);
  c.evaluate('sharedObject = { bar: 1, baz: 2 }');
  assert.equal(b.evaluate('sharedObject.bar'), 1);
  assert.equal(b.evaluate('sharedObject.baz'), undefined);
  assert.equal(none.evaluate('typeof sharedObject'), 'undefined');
});

test('a "write" grant the store was not made for throws, saying how to make it', () => {
  assert.throws(() => globalsForPackage({ late: 'write' }, {}, makeSharedGlobals()), /writableGlobalNames\(policy\)/);
  assert.deepEqual(writableGlobalNames({ resources: { x: { globals: { b: 'write', a: 'write', c: true } } } }), ['a', 'b']);
});

test('view shapes equal those of LavaMoat endowmentsToolkit (child process)', () => {
  const policies: Record<string, GlobalGrant>[] = [
    { 'a.b.c': true, 'a.e': true },
    { a: true, 'a.b': false },
    { 'a.b': false, 'a.b.c': true },
    { 'a.b.d': true, f: true, 'a.missing': true },
    { 'a.e': true, a: false },
  ];
  const makeFixture = () => ({ a: { b: { c: 1, d: 2 }, e: 3 }, f: 'top' });
  const shape = (value: unknown): unknown =>
    value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map(key => [key, shape((value as AnyRecord)[key])]))
      : value;
  const ours = policies.map(globals => shape(viewOf(globals, makeFixture())));
  const toolkit = fileURLToPath(new URL('../../../node_modules/lavamoat-core/src/endowmentsToolkit.js', import.meta.url));
  assert.ok(fs.existsSync(toolkit));
  const script = `
    const toolkit = require(${JSON.stringify(toolkit)})();
    const shape = v => v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map(k => [k, shape(v[k])])) : v;
    const policies = ${JSON.stringify(policies)};
    console.log(JSON.stringify(policies.map(globals =>
      shape(toolkit.getEndowmentsForConfig({ a: { b: { c: 1, d: 2 }, e: 3 }, f: 'top' }, { globals })))));
  `;
  const theirs = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  assert.deepEqual(ours, theirs);
});

test('a whole builtin grant gives the package its own copy of the module (node: or not), with every member', () => {
  for (const [name, grants] of [['fs', { fs: true }], ['node:fs', { fs: true }], ['fs', { 'node:fs': true }]] as const) {
    const copy = builtinForPackage(name, grants, fs) as AnyRecord;
    assert.notEqual(copy, fs);
    assert.deepEqual(Reflect.ownKeys(copy).sort(), Reflect.ownKeys(fs).sort());
    assert.equal(copy.readFileSync, fs.readFileSync);
    assert.equal(copy.Stats, fs.Stats);
    assert.deepEqual(Object.keys(copy.promises as object).sort(), Object.keys(fs.promises).sort());
  }
});

test("a package's changes to a builtin granted whole reach no other package and not the host", async () => {
  const path = await import('node:path');
  const realReadFileSync = fs.readFileSync;
  const realPromisesReadFile = fs.promises.readFile;
  const realPosixJoin = path.posix.join;
  const attacker = builtinForPackage('fs', { fs: true }, fs) as AnyRecord;
  const attackersPath = builtinForPackage('path', { path: true }, path.default) as AnyRecord;
  const evil = () => 'evil';
  // What a malicious package would try: replace members, nested namespaces' members, and accessors.
  attacker.readFileSync = evil;
  (attacker.promises as AnyRecord).readFile = evil;
  Object.defineProperty(attacker, 'promises', { value: { readFile: evil } });
  (attackersPath.posix as AnyRecord).join = evil;
  delete attacker.existsSync;
  Object.defineProperty(attacker, 'writeFileSync', { value: evil });

  const victim = builtinForPackage('fs', { fs: true }, fs) as AnyRecord;
  const victimsPath = builtinForPackage('path', { path: true }, path.default) as AnyRecord;
  assert.equal(victim.readFileSync, realReadFileSync);
  assert.equal((victim.promises as AnyRecord).readFile, realPromisesReadFile);
  assert.equal(typeof victim.existsSync, 'function');
  assert.equal(victim.writeFileSync, fs.writeFileSync);
  assert.equal((victimsPath.posix as AnyRecord).join, realPosixJoin);
  assert.equal(fs.readFileSync, realReadFileSync);
  assert.equal(fs.promises.readFile, realPromisesReadFile);
  assert.equal(path.posix.join, realPosixJoin);
  // The attacker's changes stay in its own copy, as its own global object's do.
  assert.equal(attacker.readFileSync, evil);
  // Cycles stay cycles within one copy (path.posix.posix is path.posix).
  assert.equal((victimsPath.posix as AnyRecord).posix, victimsPath.posix);
});

test('a dotted builtin grant gives a frozen namespace-like object with only those members', async () => {
  const view = builtinForPackage('fs', { 'fs.readFile': true, 'fs.promises.readFile': true, path: true }, fs) as AnyRecord;
  assert.deepEqual(Object.keys(view).sort(), ['promises', 'readFile']);
  assert.deepEqual(Object.keys(view.promises), ['readFile']);
  assert.equal(Object.getPrototypeOf(view), null);
  assert.equal(Object.prototype.toString.call(view), '[object Module]');
  assert.ok(Object.isFrozen(view));
  assert.equal(view.writeFile, undefined);
  const self = fileURLToPath(import.meta.url);
  const text = await new Promise<string>((resolve, reject) =>
    view.readFile(self, 'utf8', (error: Error | null, data: string) => (error ? reject(error) : resolve(data))),
  );
  assert.match(text, /namespace-like/);
  assert.match(await view.promises.readFile(self, 'utf8'), /namespace-like/);
  assert.throws(() => {
    view.readFile = null;
  }, TypeError);
  const exports = builtinExports(view);
  assert.equal(exports.default, view);
  assert.equal(exports.readFile, view.readFile);
});

test('builtin members keep the module as this when called on the view', () => {
  const realModule = {
    secret: 7,
    read(this: { secret?: number }) {
      return this.secret;
    },
  };
  const view = builtinForPackage('fake', { 'fake.read': true }, realModule) as AnyRecord;
  assert.equal(view.read(), 7);
  assert.equal(view.secret, undefined);
});

test('an ungranted builtin throws naming the policy entry to add', () => {
  assert.throws(
    () => builtinForPackage('child_process', { fs: true, 'fs.x': false }, {}, { packageName: 'evil' }),
    /Package "evil" may not import the builtin "child_process": to allow it, add "child_process": true \(or "child_process.<member>": true\) to resources\["evil"\]\.builtin/,
  );
  assert.throws(() => builtinForPackage('fs', { fs: false }, fs, { packageName: 'p' }), /may not import the builtin "fs"/);
  assert.throws(() => builtinForPackage('fs', { 'fs.__proto__': true }, fs), /"__proto__" is not allowed/);
});

test('the process builtin is attenuated like the global', () => {
  const whole = builtinForPackage('process', { process: true }, process) as AnyRecord;
  assert.notEqual(whole, process);
  assert.equal(whole.getBuiltinModule, undefined);
  assert.equal(whole.cwd(), process.cwd());
  const cut = builtinForPackage('node:process', { 'process.cwd': true, 'process.binding': true }, process) as AnyRecord;
  assert.deepEqual(Object.keys(cut), ['cwd']);
});

test('a grant of a member of Date, Math or Error gives the host\'s whole one (a view would take new Date() away); no grant gives none', () => {
  const source = { Date, Math, Error };
  const descriptors = globalsForPackage({ 'Date.now': true, 'Math.random': true, 'Error.captureStackTrace': true }, source, noShared);
  assert.equal(descriptors.Date?.value, Date);
  assert.equal(descriptors.Math?.value, Math);
  assert.equal(descriptors.Error?.value, Error);
  const compartment = new Compartment();
  Object.defineProperties(compartment.globalThis, descriptors);
  assert.equal(typeof compartment.evaluate('Date.now()'), 'number');
  assert.equal(typeof compartment.evaluate('new Date().getTime()'), 'number');
  assert.deepEqual(Object.keys(globalsForPackage({ 'Date.now': false }, source, noShared)), []);
});
