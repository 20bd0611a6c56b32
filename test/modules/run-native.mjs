// The oracle: runs every fixture (or those named on the command line) as
// Node itself runs ES modules, in this one process, one after another, and
// prints what each printed and how it ended (see runner-common.mjs).
//
//   node test/modules/run-native.mjs [--pretty] [fixture ...]
//
// A fixture prints through the global console.log and uses the global
// setTimeout; both are swapped for the capturing ones during its run.

import { listFixtures, mainUrlOf, parseArgs, reportResults, runFixture } from './runner-common.mjs';

const { flags, names } = parseArgs(process.argv.slice(2));
const hostLog = console.log;
const hostSetTimeout = globalThis.setTimeout;

const results = {};
for (const name of listFixtures(names)) {
  results[name] = await runFixture(async ({ log, setTimeout }) => {
    console.log = log;
    globalThis.setTimeout = setTimeout;
    return import(mainUrlOf(name));
  });
  console.log = hostLog;
  globalThis.setTimeout = hostSetTimeout;
}
reportResults(results, flags.has('--pretty'));
