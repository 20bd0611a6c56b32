// errorTrapping and unhandledRejectionTrapping: on the real Node process (a
// child per case: exit status, what reaches stderr, whether the program goes
// on), and on stand-in `process`/`window` objects for what a real process
// cannot show safely (abort) or at all (a browser).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  tameErrorTrapping,
  tameUnhandledRejectionTrapping,
  uncaughtExceptionLabel,
  unhandledRejectionLabel,
} from '../../../src/ses/error-trapping.js';

const trappingUrl = JSON.stringify(new URL('../../../src/ses/error-trapping.js', import.meta.url).href);

/** Runs `body` in a child that first installs the traps, reporting `label message` on stderr. */
const runChild = (setup: string, body: string) => {
  const source = `
    import { tameErrorTrapping, tameUnhandledRejectionTrapping, uncaughtExceptionLabel, unhandledRejectionLabel }
      from ${trappingUrl};
    ${setup}
    ${body}`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' });
};
const reportWith = (label: string) => `error => console.error(${label}, error && error.message)`;
const trapErrors = (mode: string) => `tameErrorTrapping('${mode}', ${reportWith('uncaughtExceptionLabel')});`;
const trapRejections = (mode: string) =>
  `tameUnhandledRejectionTrapping('${mode}', ${reportWith('unhandledRejectionLabel')});`;
const throwLater = `
  setTimeout(() => { throw new TypeError('boom'); }, 0);
  setTimeout(() => console.log('continued'), 30);`;

test("'platform' and 'exit': report the uncaught exception, then exit with status 255", () => {
  for (const mode of ['platform', 'exit']) {
    const child = runChild(trapErrors(mode), throwLater);
    assert.equal(child.status, 255, mode);
    assert.equal(child.stderr, 'SES_UNCAUGHT_EXCEPTION: boom\n', mode);
    assert.equal(child.stdout, '', `${mode}: the program stops`);
  }
});

test("'exit' uses process.exitCode when the program set one", () => {
  const child = runChild(trapErrors('exit'), `process.exitCode = 3; ${throwLater}`);
  assert.equal(child.status, 3);
  assert.equal(child.stderr, 'SES_UNCAUGHT_EXCEPTION: boom\n');
});

test("'report' reports and lets the program go on", () => {
  const child = runChild(trapErrors('report'), throwLater);
  assert.equal(child.status, 0);
  assert.equal(child.stderr, 'SES_UNCAUGHT_EXCEPTION: boom\n');
  assert.equal(child.stdout, 'continued\n');
});

test("'none' leaves Node's own handling: its report, status 1", () => {
  const child = runChild(trapErrors('none'), throwLater);
  assert.equal(child.status, 1);
  assert.match(child.stderr, /TypeError: boom/);
  assert.doesNotMatch(child.stderr, /SES_UNCAUGHT_EXCEPTION/);
});

test("unhandled rejections ('report'): reported by the end, handled-late ones not, and the program goes on", () => {
  const child = runChild(
    `${trapErrors('platform')} ${trapRejections('report')}`,
    `Promise.reject(new Error('never handled'));
     const late = Promise.reject(new Error('handled late'));
     setTimeout(() => { late.catch(() => {}); console.log('continued'); }, 30);`,
  );
  assert.equal(child.status, 0);
  assert.equal(child.stderr, 'SES_UNHANDLED_REJECTION: never handled\n');
  assert.equal(child.stdout, 'continued\n');
});

test("unhandled rejections ('none'): Node makes them uncaught exceptions, which errorTrapping handles", () => {
  const body = `Promise.reject(new Error('dropped')); setTimeout(() => console.log('continued'), 30);`;
  const trapped = runChild(`${trapErrors('platform')} ${trapRejections('none')}`, body);
  assert.equal(trapped.status, 255);
  assert.equal(trapped.stderr, 'SES_UNCAUGHT_EXCEPTION: dropped\n');
  const untrapped = runChild(`${trapErrors('none')} ${trapRejections('none')}`, body);
  assert.equal(untrapped.status, 1);
  assert.match(untrapped.stderr, /Error: dropped/);
});

type Listener = (...args: any[]) => void;
const makeStandInProcess = (options: { exit?: boolean; abort?: boolean } = {}) => {
  const listeners: Record<string, Listener[]> = {};
  const calls: unknown[][] = [];
  const proc: any = {
    on(event: string, listener: Listener) {
      (listeners[event] ??= []).push(listener);
    },
  };
  if (options.exit !== false) proc.exit = (code: number) => calls.push(['exit', code]);
  if (options.abort !== false) proc.abort = () => calls.push(['abort']);
  return { globalObject: { process: proc }, listeners, calls };
};

test("'abort' reports, then aborts the process", () => {
  const { globalObject, listeners, calls } = makeStandInProcess();
  const reported: unknown[] = [];
  tameErrorTrapping('abort', error => reported.push(error), globalObject);
  const error = new RangeError('fatal');
  listeners.uncaughtException[0](error);
  assert.deepEqual(reported, [error]);
  assert.deepEqual(calls, [['abort']]);
});

test('the process still ends when reporting itself throws', () => {
  const { globalObject, listeners, calls } = makeStandInProcess();
  tameErrorTrapping(
    'exit',
    () => {
      throw Error('console broken');
    },
    globalObject,
  );
  assert.throws(() => listeners.uncaughtException[0](Error('x')), /console broken/);
  assert.deepEqual(calls, [['exit', -1]]);
});

test('a missing process.exit or process.abort is found at taming time', () => {
  assert.throws(() => tameErrorTrapping('platform', () => {}, makeStandInProcess({ exit: false }).globalObject), {
    name: 'TypeError',
    message: "errorTrapping 'platform' needs process.exit, which is missing",
  });
  assert.throws(() => tameErrorTrapping('abort', () => {}, makeStandInProcess({ abort: false }).globalObject), TypeError);
  // 'report' needs neither.
  tameErrorTrapping('report', () => {}, makeStandInProcess({ exit: false, abort: false }).globalObject);
});

test('unknown options are refused; nothing is installed where there is no process or window', () => {
  assert.throws(() => tameErrorTrapping('crash' as any, () => {}, {}), {
    name: 'TypeError',
    message: 'errorTrapping must be one of platform, exit, abort, report, none, got crash',
  });
  assert.throws(() => tameUnhandledRejectionTrapping('exit' as any, () => {}, {}), /must be one of report, none/);
  tameErrorTrapping('platform', () => {}, {});
  tameUnhandledRejectionTrapping('report', () => {}, {});
  const { globalObject, listeners } = makeStandInProcess();
  tameErrorTrapping('none', () => {}, globalObject);
  tameUnhandledRejectionTrapping('none', () => {}, globalObject);
  assert.deepEqual(listeners, {});
});

test('rejection trapping listens for unhandled, late-handled rejections and exit', () => {
  const { globalObject, listeners } = makeStandInProcess();
  const reported: unknown[] = [];
  tameUnhandledRejectionTrapping('report', reason => reported.push(reason), globalObject);
  assert.deepEqual(Object.keys(listeners).sort(), ['exit', 'rejectionHandled', 'unhandledRejection']);
  const lost = Promise.resolve();
  const found = Promise.resolve();
  listeners.unhandledRejection[0]('lost reason', lost);
  listeners.unhandledRejection[0]('found reason', found);
  listeners.rejectionHandled[0](found);
  listeners.exit[0](0);
  assert.deepEqual(reported, ['lost reason']);
});

test('in a browser: errors and rejections are reported, and exit leaves the page', () => {
  const listeners: Record<string, Listener> = {};
  const win = {
    addEventListener(type: string, listener: Listener) {
      listeners[type] = listener;
    },
    location: { href: 'https://example.test/app' },
  };
  const reported: unknown[] = [];
  tameErrorTrapping('exit', error => reported.push(error), { window: win });
  tameUnhandledRejectionTrapping('report', reason => reported.push(reason), { window: win });
  let prevented = 0;
  const preventDefault = () => {
    prevented += 1;
  };
  listeners.error({ error: 'page error', preventDefault });
  assert.equal(win.location.href, 'about:blank');
  const promise = Promise.resolve();
  listeners.unhandledrejection({ reason: 'page rejection', promise, preventDefault });
  listeners.beforeunload({});
  assert.deepEqual(reported, ['page error', 'page rejection']);
  assert.equal(prevented, 2);
  assert.equal(typeof listeners.rejectionhandled, 'function');
});

test('the labels are the error codes of the original ses', () => {
  assert.equal(uncaughtExceptionLabel, 'SES_UNCAUGHT_EXCEPTION:');
  assert.equal(unhandledRejectionLabel, 'SES_UNHANDLED_REJECTION:');
});
