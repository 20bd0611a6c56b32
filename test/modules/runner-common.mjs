// What the two fixture runners (run-native.mjs and run-compartment.mjs)
// share: finding the fixtures, capturing what a fixture prints, waiting for
// the timers it started, and reporting one JSON record per fixture.
//
// Plain JavaScript run from the source tree (tsc ignores .mjs): the
// compartment runner loads it before lockdown(), and it imports nothing but
// Node built-ins, so it cannot disturb what either runner measures.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

export const fixturesRoot = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The line before the JSON result on a runner's stdout. */
export const RESULT_MARKER = '@@MODULE-FIXTURE-RESULTS@@';

/** A fixture that has not settled by then is recorded as a 'Timeout' error. */
const FIXTURE_TIMEOUT_MS = 1500;

// Captured now: a fixture run may replace the globals (the native runner does).
const hostSetTimeout = globalThis.setTimeout;
const hostClearTimeout = globalThis.clearTimeout;
const hostSetImmediate = globalThis.setImmediate;

/** Names of the fixture directories (each has a main.mjs), sorted; `only` filters them. */
export const listFixtures = (only = []) =>
  readdirSync(fixturesRoot, { withFileTypes: true })
    .filter(entry => entry.isDirectory() && existsSync(join(fixturesRoot, entry.name, 'main.mjs')))
    .map(entry => entry.name)
    .filter(name => only.length === 0 || only.includes(name))
    .sort();

/** The file URL of a fixture's entry module. */
export const mainUrlOf = name => pathToFileURL(join(fixturesRoot, name, 'main.mjs')).href;

/** A fixture's case.json (its description and flags), or {}. */
export const readCaseOptions = name => {
  const path = join(fixturesRoot, name, 'case.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
};

/** Name and message of a thrown value, as the comparison needs them. */
export const describeError = error => {
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    let name = 'object';
    let message = '';
    try {
      name = typeof error.name === 'string' ? error.name : 'object';
      message = typeof error.message === 'string' ? error.message : String(error.message);
    } catch {
      // a hostile getter: keep what we have
    }
    return { name, message };
  }
  return { name: `thrown ${typeof error}`, message: String(error) };
};

const nextTurn = () => new Promise(resolve => hostSetImmediate(resolve));

/**
 * Runs one fixture: `start({ log, setTimeout })` starts it and returns a
 * promise for the namespace of its main.mjs (or throws). `log` formats like
 * console.log; `setTimeout` is tracked so that the run waits for the
 * fixture's timers before it ends. A fixture whose work goes on after its
 * main module has run (import() chains, say) exports a promise `done`, which
 * the run awaits too: no guessing at when output has stopped.
 * Returns { lines, error, uncaught }.
 */
export const runFixture = async start => {
  const lines = [];
  const uncaught = [];
  let pendingTimers = 0;
  const log = (...args) => {
    lines.push(format(...args));
  };
  const setTimeout = (callback, delay, ...args) => {
    pendingTimers += 1;
    return hostSetTimeout(() => {
      pendingTimers -= 1;
      try {
        callback(...args);
      } catch (error) {
        uncaught.push(describeError(error));
      }
    }, delay);
  };
  const onUnhandled = reason => uncaught.push(describeError(reason));
  process.on('unhandledRejection', onUnhandled);

  let timedOut = false;
  let timer;
  const deadline = new Promise(resolve => {
    timer = hostSetTimeout(() => {
      timedOut = true;
      resolve();
    }, FIXTURE_TIMEOUT_MS);
  });
  let error = null;
  try {
    const finished = Promise.resolve()
      .then(() => start({ log, setTimeout }))
      .then(namespace => (Object(namespace) === namespace && 'done' in namespace ? namespace.done : undefined));
    await Promise.race([finished, deadline]);
    if (timedOut) error = { name: 'Timeout', message: `did not settle within ${FIXTURE_TIMEOUT_MS} ms` };
  } catch (thrown) {
    error = describeError(thrown);
  }
  // Let the timers and promise jobs the fixture started run out.
  while (pendingTimers > 0 && !timedOut) await new Promise(resolve => hostSetTimeout(resolve, 1));
  await nextTurn();
  await nextTurn();
  hostClearTimeout(timer);
  process.off('unhandledRejection', onUnhandled);
  return { lines, error, uncaught };
};

/** Writes the results after the marker, or as readable text with --pretty. */
export const reportResults = (results, pretty) => {
  if (!pretty) {
    process.stdout.write(`\n${RESULT_MARKER}\n${JSON.stringify(results)}\n`);
    return;
  }
  for (const [name, { lines, error, uncaught }] of Object.entries(results)) {
    process.stdout.write(`== ${name}\n`);
    for (const line of lines) process.stdout.write(`   ${line}\n`);
    if (error) process.stdout.write(`   !! ${error.name}: ${error.message}\n`);
    for (const u of uncaught) process.stdout.write(`   !! uncaught ${u.name}: ${u.message}\n`);
  }
};

/** Splits argv into flags (--x) and fixture names. */
export const parseArgs = argv => ({
  flags: new Set(argv.filter(arg => arg.startsWith('--'))),
  names: argv.filter(arg => !arg.startsWith('--')),
});
