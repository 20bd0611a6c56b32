// tameConsole: which console it installs, and how it traps uncaught
// exceptions and unhandled rejections — on fake globals here, and once on
// the real Node process in a child.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { X, makeError } from '../../../src/ses/errors/index.js';
import { resetErrorTagNum } from '../../../src/ses/errors/internal.js';
import { makeLoggingConsoleKit } from '../../../src/ses/console/make-logging-console-kit.js';
import { tameConsole } from '../../../src/ses/console/tame-console.js';
import type { ErrorTrapping } from '../../../src/ses/console/tame-console.js';

type Listener = (...args: any[]) => void;

const makeFakeProcess = (exitCode?: number) => {
  const listeners: Record<string, Listener[]> = {};
  const calls: unknown[][] = [];
  return {
    listeners,
    calls,
    process: {
      exitCode,
      on(event: string, listener: Listener) {
        (listeners[event] ??= []).push(listener);
      },
      exit(code: number) {
        calls.push(['exit', code]);
      },
      abort() {
        calls.push(['abort']);
      },
    },
  };
};

const makeFakeGlobal = (trapping: ErrorTrapping, exitCode?: number) => {
  const { loggingConsole, takeLog } = makeLoggingConsoleKit();
  const fake = makeFakeProcess(exitCode);
  const globalObject: any = { console: loggingConsole, process: fake.process };
  resetErrorTagNum();
  const record = tameConsole('safe', trapping, 'report', () => '', globalObject);
  return { globalObject, record, takeLog, ...fake, loggingConsole };
};

test("'safe' installs a causal console over the host's", () => {
  const { globalObject, record, takeLog, loggingConsole } = makeFakeGlobal('none');
  assert.equal(globalObject.console, record.console);
  assert.notEqual(globalObject.console, loggingConsole);
  globalObject.console.error(makeError(X`hidden ${'value'}`));
  assert.deepEqual(takeLog(), [
    ['error', '(Error#1)'],
    ['error', 'Error#1:', 'hidden', 'value'],
    ['error', ''],
  ]);
});

test("'unsafe' keeps the host console", () => {
  const { loggingConsole } = makeLoggingConsoleKit();
  const globalObject: any = { console: loggingConsole };
  const record = tameConsole('unsafe', 'none', 'none', undefined, globalObject);
  assert.equal(record.console, loggingConsole);
  assert.equal(globalObject.console, loggingConsole);
});

test('uncaught exceptions are reported, then exit with exitCode or 255 (platform, exit)', () => {
  for (const [trapping, exitCode, expected] of [
    ['platform', undefined, -1],
    ['exit', undefined, -1],
    ['exit', 3, 3],
  ] as const) {
    const { listeners, calls, takeLog } = makeFakeGlobal(trapping, exitCode);
    assert.equal(listeners.uncaughtException.length, 1);
    listeners.uncaughtException[0](makeError(X`boom ${'x'}`, TypeError));
    assert.deepEqual(takeLog().slice(0, 2), [
      ['error', 'SES_UNCAUGHT_EXCEPTION:', '(TypeError#1)'],
      ['error', 'TypeError#1:', 'boom', 'x'],
    ]);
    assert.deepEqual(calls, [['exit', expected]]);
  }
});

test("'abort' aborts, 'report' only reports, 'none' registers nothing", () => {
  const aborting = makeFakeGlobal('abort');
  aborting.listeners.uncaughtException[0](new Error('a'));
  assert.deepEqual(aborting.calls, [['abort']]);

  const reporting = makeFakeGlobal('report');
  reporting.listeners.uncaughtException[0](new Error('r'));
  assert.deepEqual(reporting.calls, []);
  assert.equal(reporting.takeLog()[0][1], 'SES_UNCAUGHT_EXCEPTION:');

  const none = makeFakeGlobal('none');
  assert.equal(none.listeners.uncaughtException, undefined);
});

test('unhandled rejections are reported at exit unless handled later', () => {
  const { listeners, takeLog } = makeFakeGlobal('none');
  const handled = Promise.resolve();
  const unhandled = Promise.resolve();
  listeners.unhandledRejection[0](new Error('later handled'), handled);
  listeners.unhandledRejection[0](makeError(X`never handled ${1}`), unhandled);
  listeners.rejectionHandled[0](handled);
  listeners.exit[0]();
  assert.deepEqual(takeLog().slice(0, 2), [
    ['error', 'SES_UNHANDLED_REJECTION:', '(Error#1)'],
    ['error', 'Error#1:', 'never handled', 1],
  ]);
  listeners.exit[0]();
  assert.deepEqual(takeLog(), [], 'reported once');
});

test("unhandledRejectionTrapping 'none' registers no rejection handlers", () => {
  const fake = makeFakeProcess();
  tameConsole('safe', 'none', 'none', undefined, { console: makeLoggingConsoleKit().loggingConsole, process: fake.process });
  assert.deepEqual(Object.keys(fake.listeners), []);
});

test('a missing process.exit is an error saying so', () => {
  const globalObject = { console: makeLoggingConsoleKit().loggingConsole, process: { on() {} } };
  assert.throws(() => tameConsole('safe', 'platform', 'none', undefined, globalObject), {
    name: 'TypeError',
    message: 'errorTrapping needs process.exit, which is missing',
  });
});

test('hosts with only print, or only console.log, still get a working console', () => {
  const printed: unknown[][] = [];
  const printOnly: any = { print: (...args: unknown[]) => printed.push(args) };
  tameConsole('safe', 'none', 'none', () => '', printOnly);
  printOnly.console.warn('warned');
  assert.deepEqual(printed, [['warned']]);

  const logged: unknown[][] = [];
  const logOnly: any = { console: { log: (...args: unknown[]) => logged.push(args) } };
  tameConsole('safe', 'none', 'none', () => '', logOnly);
  logOnly.console.error('as error');
  assert.deepEqual(logged, [['as error']]);

  const bare: any = {};
  assert.equal(tameConsole('safe', 'none', 'none', undefined, bare).console, undefined);
  assert.ok(!('console' in bare));
});

test('in a browser, window error events are reported and their default prevented', () => {
  const listeners: Record<string, Listener> = {};
  const { loggingConsole, takeLog } = makeLoggingConsoleKit({ shouldResetForDebugging: true });
  const window = { addEventListener: (type: string, l: Listener) => (listeners[type] = l), location: { href: 'page' } };
  tameConsole('safe', 'exit', 'report', () => '', { console: loggingConsole, window });
  let prevented = 0;
  listeners.error({ error: new Error('in page'), preventDefault: () => (prevented += 1) });
  assert.equal(prevented, 1);
  assert.deepEqual(takeLog()[0], ['error', 'SES_UNCAUGHT_EXCEPTION:', '(Error#1)']);
  assert.equal(window.location.href, 'about:blank');
  assert.deepEqual(Object.keys(listeners).sort(), ['beforeunload', 'error', 'rejectionhandled', 'unhandledrejection']);
});

test('on the real Node process: reports with hidden values and exits 255', () => {
  const moduleUrl = (path: string) => JSON.stringify(new URL(`../../../src/ses/${path}`, import.meta.url).href);
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { tameConsole } = await import(${moduleUrl('console/tame-console.js')});
       const { X, makeError } = await import(${moduleUrl('errors/index.js')});
       tameConsole();
       Promise.reject(makeError(X\`rejected with \${'secret one'}\`));
       setTimeout(() => { throw makeError(X\`thrown with \${'secret two'}\`, TypeError); }, 1);`,
    ],
    { encoding: 'utf8' },
  );
  assert.equal(child.status, 255);
  assert.match(child.stderr, /^SES_UNCAUGHT_EXCEPTION: \(TypeError#1\)\nTypeError#1: thrown with secret two\n/);
  assert.match(child.stderr, /SES_UNHANDLED_REJECTION: \(Error#2\)\nError#2: rejected with secret one\n/);
});
