// The side entries of ses and @endo/init, under the same names below
// endo/: each shim installs its own part of ses and nothing else, and the
// text transforms of ses/tools.js give the original's answers. Each case
// runs in child processes, ours and the original's side by side.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));

/** Runs an ES module body in a fresh Node; returns what it printed as JSON on its last line. */
const runModule = (body: string): any => {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', body], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
};

const sides = [
  { name: 'ours', prefix: 'endo/ses', init: 'endo/init' },
  { name: 'original', prefix: 'ses', init: '@endo/init' },
] as const;

// \`node -e\` has the builtin modules as globals (\`assert\` among them):
// a global counts as installed when its value changed.
const globalsAddedBy = (specifier: string) => `
  const before = new Map(Reflect.ownKeys(globalThis).map(key => [key, globalThis[key]]));
  await import(${JSON.stringify(specifier)});
  const added = Reflect.ownKeys(globalThis).filter(key => !before.has(key) || before.get(key) !== globalThis[key]);
  console.log(JSON.stringify(added.map(key => [String(key), typeof globalThis[key], Object.getOwnPropertyDescriptor(globalThis, key).enumerable]).sort()));`;

for (const shim of ['lockdown-shim.js', 'compartment-shim.js', 'assert-shim.js', 'console-shim.js']) {
  test(`ses/${shim} installs the same globals as the original's`, () => {
    const [ours, original] = sides.map(side => runModule(globalsAddedBy(`${side.prefix}/${shim}`)));
    assert.ok(ours.length > 0);
    // Ours offers hardenIntrinsics from the start (it throws a clear error
    // until repairIntrinsics() has run); the original adds it then.
    const hardenIntrinsicsEarly = ['hardenIntrinsics', 'function', true];
    assert.deepEqual(ours.filter((entry: unknown[]) => entry[0] !== 'hardenIntrinsics'), original);
    if (shim === 'lockdown-shim.js') assert.deepEqual(ours.find((entry: unknown[]) => entry[0] === 'hardenIntrinsics'), hardenIntrinsicsEarly);
  });
}

test('ses/lockdown is ses itself, and the lockdown shim alone locks down', () => {
  const body = (prefix: string) => `
    const ses = await import(${JSON.stringify(`${prefix}/lockdown`)});
    const again = await import(${JSON.stringify(prefix)});
    const sameModule = ses === again;
    lockdown();
    console.log(JSON.stringify({ sameModule, frozen: Object.isFrozen(Array.prototype), harden: typeof harden, compartment: typeof Compartment }));`;
  const [ours, original] = sides.map(side => runModule(body(side.prefix)));
  assert.deepEqual(ours, { sameModule: true, frozen: true, harden: 'function', compartment: 'function' });
  assert.deepEqual(ours, original);
});

// Sources for the transforms: real import expressions, eval calls and HTML
// comments, the same words where the conservative patterns also refuse
// them (strings, comments), and the near misses they accept.
const transformCases = [
  'const a = 1;',
  'import("x")',
  'a.import("x")',
  '...import("x")',
  'foo.import /* c */ ("x")',
  '\nimport\n("x") //# sourceURL=named.js',
  'const s = "import(x)";\n/*# sourceURL=block.js */',
  'x = a <!-- b',
  'x = a --> b\n//# sourceURL=first.js\n//# sourceURL=second.js\n',
  'eval("1")',
  'obj.eval("1")',
  'evaluate("1")',
  '(eval)("1")',
  'line1\nline2\n  eval (x)\n',
  '"<!--" + "-->"',
  'importx("y")',
  'import/**/("z")',
  'import//\n("z")',
];

test('ses/tools.js: the text transforms answer as the original', () => {
  const body = (prefix: string) => `
    await import(${JSON.stringify(prefix)});
    const { transforms, scopeTerminators } = await import(${JSON.stringify(`${prefix}/tools.js`)});
    const cases = ${JSON.stringify(transformCases)};
    const outcome = f => { try { return ['ok', f()]; } catch (e) { return [e.name, e.message]; } };
    const names = Object.keys(transforms).filter(name => name !== 'applyTransforms').sort();
    const results = cases.map(source => names.map(name => [name, outcome(() => transforms[name](source))]));
    const chained = outcome(() => transforms.applyTransforms('x = a <!-- b; import("q")', [transforms.evadeHtmlCommentTest, transforms.evadeImportExpressionTest, transforms.mandatoryTransforms]));
    console.log(JSON.stringify({ names, results, chained, frozen: Object.isFrozen(transforms) && Object.isFrozen(scopeTerminators) }));`;
  const [ours, original] = sides.map(side => runModule(body(side.prefix)));
  assert.equal(ours.names.length, 6);
  assert.deepEqual(ours, original);
});

test('ses/tools.js: the scope terminators answer as the original', () => {
  const body = (prefix: string) => `
    await import(${JSON.stringify(prefix)});
    const { scopeTerminators } = await import(${JSON.stringify(`${prefix}/tools.js`)});
    const { strictScopeTerminator, createSloppyGlobalsScopeTerminator } = scopeTerminators;
    const outcome = f => { try { return ['ok', f()]; } catch (e) { return [e.name, e.message]; } };
    const globalObject = {};
    const sloppy = createSloppyGlobalsScopeTerminator(globalObject);
    console.log(JSON.stringify({
      has: ['x' in strictScopeTerminator, Symbol.unscopables in strictScopeTerminator],
      get: strictScopeTerminator.x === undefined,
      strictSet: outcome(() => { strictScopeTerminator.x = 1; }),
      sloppySet: [outcome(() => { sloppy.y = 2; }), globalObject.y, 'y' in sloppy],
      proto: Object.getPrototypeOf(strictScopeTerminator),
      keys: Reflect.ownKeys(strictScopeTerminator),
      defineProperty: outcome(() => Object.defineProperty(strictScopeTerminator, 'z', { value: 1 }))[0],
      descriptorWarning: (() => {
        const warnings = [];
        const { warn } = console;
        console.warn = (...args) => warnings.push(args[0]);
        try { return [Object.getOwnPropertyDescriptor(strictScopeTerminator, 'eval'), warnings]; } finally { console.warn = warn; }
      })(),
    }));`;
  const [ours, original] = sides.map(side => runModule(body(side.prefix)));
  assert.deepEqual(ours.strictSet, ['ReferenceError', 'x is not defined']);
  assert.deepEqual(ours, original);
});

test('init/pre-bundle-source.js exports what init/pre.js does, and does not lock down', () => {
  const body = (prefix: string) => `
    const entry = await import(${JSON.stringify(`${prefix}/pre-bundle-source.js`)});
    const pre = await import(${JSON.stringify(`${prefix}/pre.js`)});
    console.log(JSON.stringify({ same: Object.keys(entry).sort().join() === Object.keys(pre).sort().join(), frozen: Object.isFrozen(Array.prototype), lockdown: typeof lockdown }));`;
  const [ours, original] = sides.map(side => runModule(body(side.init)));
  assert.deepEqual(ours, { same: true, frozen: false, lockdown: 'function' });
  assert.deepEqual(ours, original);
});

test('init/debug-async-hooks.js locks down for debugging, and AsyncLocalStorage and promise hooks work across hardened promises', () => {
  const body = (prefix: string) => `
    await import(${JSON.stringify(`${prefix}/debug-async-hooks.js`)});
    const { AsyncLocalStorage, createHook } = await import('node:async_hooks');
    let destroyed = 0;
    createHook({ init() {}, destroy() { destroyed += 1; } }).enable();
    const storage = new AsyncLocalStorage();
    const seen = await storage.run({ id: 7 }, async () => {
      const settled = harden(Promise.resolve(1));
      await settled;
      await harden(settled.then(x => x + 1));
      await harden(new Promise(resolve => setTimeout(resolve, 1)));
      return storage.getStore()?.id;
    });
    console.log(JSON.stringify({ seen, frozen: Object.isFrozen(Promise.prototype), stack: typeof new Error('x').stack, handled: typeof HandledPromise }));`;
  const [ours, original] = sides.map(side => runModule(body(side.init)));
  assert.deepEqual(ours, { seen: 7, frozen: true, stack: 'string', handled: 'function' });
  assert.deepEqual(ours, original);
});
