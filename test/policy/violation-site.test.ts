// Where a policy refusal says the package asked: the first stack frame of
// the package's own code (violation-site.ts), and the refusals of
// enforce-policy.ts that name it. Compartment code here is named by a file
// URL (`//# sourceURL`), as the loader names each module. Its own file: it
// calls lockdown().

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { lockdown, Compartment } from '../../src/ses/index.js';
import { endowmentsFromPolicy, mayReachFromPolicy, PolicyViolation } from '../../src/policy/enforce-policy.js';
import { callerFrame, describeFile, describeFrame, isFileOfPackage, stackFrames } from '../../src/policy/violation-site.js';

lockdown({ errorTaming: 'unsafe' });

/** endo's own compiled policy folder, whose frames a caller frame skips. */
const ownFile = fileURLToPath(new URL('../../src/policy/enforce-policy.js', import.meta.url));

test('stackFrames reads named, anonymous, async and URL frames, and skips frames that name no file', () => {
  const stack = [
    'TypeError: boom',
    '    at Object.get (file:///work/dist/src/policy/enforce-policy.js:47:27)',
    '    at file:///app/node_modules/a/index.js:3:9',
    '    at async Promise.all (index 0)',
    '    at eval (eval at run (file:///x.js:1:1), <anonymous>:1:5)',
    '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
    '    at async main (/abs/path/main.js:10:2)',
    '    at load (https://example.com/lib.js:4:4)',
  ].join('\n');
  assert.deepEqual(stackFrames(stack), [
    { file: '/work/dist/src/policy/enforce-policy.js', line: 47, column: 27 },
    { file: '/app/node_modules/a/index.js', line: 3, column: 9 },
    { file: 'node:internal/modules/cjs/loader', line: 1554, column: 14 },
    { file: '/abs/path/main.js', line: 10, column: 2 },
    { file: 'https://example.com/lib.js', line: 4, column: 4 },
  ]);
});

test("callerFrame skips endo's own files and Node's internals; none when only those are on the stack", () => {
  const own = `    at Object.get (file://${ownFile}:47:27)`;
  const stack = ['Error', own, '    at require (node:internal/modules/helpers:1:1)', '    at f (file:///app/node_modules/a/lib/x.js:12:3)', '    at g (file:///app/main.js:1:1)'].join('\n');
  assert.deepEqual(callerFrame(stack), { file: '/app/node_modules/a/lib/x.js', line: 12, column: 3 });
  assert.equal(callerFrame(['Error', own].join('\n')), undefined);
  assert.equal(callerFrame(undefined), undefined);
});

test('describeFrame names a file inside the project relative to it, and one outside as it is', () => {
  const frame = { file: '/proj/node_modules/a/index.js', line: 3, column: 9 };
  assert.equal(describeFrame(frame, '/proj'), 'node_modules/a/index.js:3:9');
  assert.equal(describeFrame(frame, '/elsewhere'), '/proj/node_modules/a/index.js:3:9');
  assert.equal(describeFrame({ file: 'node:fs', line: 1, column: 2 }, '/proj'), 'node:fs:1:2');
  assert.equal(describeFile('file:///proj/lib/x.js', '/proj'), 'lib/x.js');
  assert.equal(describeFile('/projection/x.js', '/proj'), '/projection/x.js');
});

test("isFileOfPackage: a file under node_modules/<the label's last name>, scoped names and nesting included", () => {
  assert.equal(isFileOfPackage('/app/node_modules/a/index.js', 'a'), true);
  assert.equal(isFileOfPackage('/app/node_modules/a/node_modules/b/lib/x.js', 'a>b'), true);
  assert.equal(isFileOfPackage('/app/node_modules/a/node_modules/b/lib/x.js', 'a'), false);
  assert.equal(isFileOfPackage('/app/node_modules/@s/n/x.js', 'q>@s/n'), true);
  assert.equal(isFileOfPackage('/app/node_modules/@s/other/x.js', '@s/n'), false);
  assert.equal(isFileOfPackage('/app/main.js', 'a'), false);
});

/** Runs `source` (a CommonJS-like body) as if it were the file at `file`, with `require` over `modules`. */
const runAs = (file: string, source: string, modules: Record<string, unknown>) => {
  const compartment = new Compartment();
  const functor = compartment.evaluate(`(function (require) { ${source}\n})\n//# sourceURL=file://${file}\n`) as (require: (name: string) => unknown) => unknown;
  return functor((name: string) => modules[name]);
};

test('an ungranted builtin is refused naming the package, the builtin, the file and line of the require, and the entry', () => {
  const endow = endowmentsFromPolicy({ resources: { pkg: { builtin: { 'fs.readFileSync': true } } } }, globalThis as never, '/proj/policy.json', '/proj');
  const { modules } = endow('pkg');
  // The granted module works, cut to its member.
  assert.equal(runAs('/proj/node_modules/pkg/index.js', 'return typeof require("fs").readFileSync;', modules), 'function');
  let caught: unknown;
  try {
    runAs('/proj/node_modules/pkg/index.js', '\n\n  const cp = require("child_process");', modules);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof PolicyViolation);
  assert.equal(
    caught.message,
    'Package "pkg" may not use the builtin module "child_process": its policy grants none of it. To allow it, add "child_process": true ' +
      '(or "child_process.<member>": true) to resources["pkg"].builtin in the override beside /proj/policy.json (asked for at node_modules/pkg/index.js:3:14)',
  );
  assert.deepEqual(caught.details, {
    packageName: 'pkg',
    power: 'builtin child_process',
    entry: 'resources["pkg"].builtin["child_process"]',
    site: 'node_modules/pkg/index.js:3:14',
  });
});

test("a refusal reached from another package's code names no site rather than the wrong one", () => {
  const { modules } = endowmentsFromPolicy({ resources: { pkg: {} } }, globalThis as never, '/proj/policy.json', '/proj')('pkg');
  assert.throws(
    () => runAs('/proj/node_modules/other/index.js', 'require("net");', modules),
    (error: PolicyViolation) => error.details?.site === undefined && /resources\["pkg"\]\.builtin in the override beside \/proj\/policy\.json$/.test(error.message),
  );
});

test('a package load beyond the policy names the requiring line, or the referrer the linker gives; a listed package is allowed', () => {
  const mayReach = mayReachFromPolicy({ resources: { pkg: { packages: { listed: true } } } }, '/proj/policy.json', '/proj');
  assert.equal(mayReach('pkg', 'listed'), true);
  assert.equal(mayReach('$root$', 'anything'), true);
  // A require in the package's code: the hook runs under it, and the stack has its line (the column of the call's parenthesis).
  const site = runAs('/proj/node_modules/pkg/lib/use.js', '\n  return require("check")();', {
    check: () => mayReach('pkg', 'other', '/proj/node_modules/pkg/lib/use.js'),
  }) as PolicyViolation;
  assert.ok(site instanceof PolicyViolation);
  assert.equal(
    site.message,
    'Package "pkg" may not load package "other": its policy does not list it. To allow it, add "other": true to resources["pkg"].packages ' +
      'in the override beside /proj/policy.json (asked for at node_modules/pkg/lib/use.js:2:26)',
  );
  // A static import: no package code on the stack; the referrer (a path or a file URL) names the file.
  const linked = mayReach('pkg', 'other', 'file:///proj/node_modules/pkg/esm.js') as PolicyViolation;
  assert.equal(linked.details?.site, 'node_modules/pkg/esm.js');
  assert.match(linked.message, /\(asked for at node_modules\/pkg\/esm\.js\)$/);
  // Without a referrer and no frame of the package: no site.
  assert.equal((mayReach('pkg', 'other') as PolicyViolation).details?.site, undefined);
});
