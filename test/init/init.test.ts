// endo/init and endo/far as a program's first import: each case runs in a
// fresh child process, since each locks down its realm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const run = (code: string, env: Record<string, string> = {}) => {
  const { LOCKDOWN_OPTIONS: _ignored, ...inherited } = process.env;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8',
    env: { ...inherited, ...env },
  });
  return { status: child.status, stdout: child.stdout.trim(), stderr: child.stderr };
};

const probe = `
  const frozen = Object.isFrozen(Array.prototype);
  const hardened = typeof harden === 'function' && Object.isFrozen(harden({}));
  console.log(JSON.stringify({ frozen, hardened, handled: typeof HandledPromise, compartment: typeof Compartment,
    stackTraceLimit: Error.stackTraceLimit, encoderFrozen: Object.isFrozen(TextEncoder), lockdownGlobal: typeof lockdown }));`;

test('endo/init locks down and installs HandledPromise', () => {
  const { status, stdout, stderr } = run(`import 'endo/init'; ${probe}`);
  assert.equal(status, 0, stderr);
  assert.deepEqual(JSON.parse(stdout), {
    frozen: true,
    hardened: true,
    handled: 'function',
    compartment: 'function',
    stackTraceLimit: null, // Infinity, as JSON
    encoderFrozen: true,
    lockdownGlobal: 'function',
  });
});

test('endo/init/pre-remoting.js installs HandledPromise without locking down', () => {
  const { status, stdout, stderr } = run(`import 'endo/init/pre-remoting.js'; console.log(typeof HandledPromise, Object.isFrozen(Array.prototype));`);
  assert.equal(status, 0, stderr);
  assert.equal(stdout, 'function false');
});

test('LOCKDOWN_OPTIONS in the environment chooses the options', () => {
  const code = `import 'endo/init'; console.log(typeof Error.prototype.stack === 'undefined' ? 'no stack accessor' : 'stack', typeof new Error('x').stack);`;
  const unsafe = run(code, { LOCKDOWN_OPTIONS: JSON.stringify({ errorTaming: 'unsafe' }) });
  assert.equal(unsafe.status, 0, unsafe.stderr);
  assert.match(unsafe.stdout, /string$/);
  const bad = run(`import 'endo/init';`, { LOCKDOWN_OPTIONS: '[1]' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /LOCKDOWN_OPTIONS must be a JSON object/);
  const notJson = run(`import 'endo/init';`, { LOCKDOWN_OPTIONS: '{' });
  assert.match(notJson.stderr, /LOCKDOWN_OPTIONS must be JSON/);
});

test('endo/init/unsafe-fast.js gives the fake harden', () => {
  const { stdout, stderr, status } = run(`import 'endo/init/unsafe-fast.js'; console.log(harden.isFake === true);`);
  assert.equal(status, 0, stderr);
  assert.equal(stdout, 'true');
});

test('endo/far gives E, Far, getInterfaceOf and passStyleOf that work together', () => {
  const code = `import 'endo/init';
    import { E, Far, getInterfaceOf, passStyleOf } from 'endo/far';
    const counter = Far('Counter', { increment: by => by + 1 });
    console.log(passStyleOf(counter), getInterfaceOf(counter), await E(counter).increment(41));`;
  const { status, stdout, stderr } = run(code);
  assert.equal(status, 0, stderr);
  assert.equal(stdout, 'remotable Alleged: Counter 42');
});
