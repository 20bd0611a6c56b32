// makeCapTPImportExportTables, ours against @endo/captp 4.5: the scenario
// of the original's external-import-export test (tables-scenario.ts) runs
// in this process against endo/captp and in a child process (under
// @endo/init) against the original, and the two must observe the same:
// the table sizes after each step, the results, what each factory was
// given, and the sequence of table changes on each end.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { E, makeLoopback, Remotable } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { isPromise } from '../../src/promise-kit/index.js';
import { runTablesScenario } from './tables-scenario.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const scenarioUrl = new URL('./tables-scenario.js', import.meta.url).href;

const runOriginal = () => {
  const program = `
    import '@endo/init';
    import { makeLoopback, E } from '@endo/captp';
    import { Far, Remotable } from '@endo/marshal';
    import { isPromise } from '@endo/promise-kit';
    const { runTablesScenario } = await import(${JSON.stringify(scenarioUrl)});
    const observed = await runTablesScenario({ makeLoopback, E, Far, Remotable, isPromise });
    process.stdout.write(JSON.stringify(observed));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: repoRoot, encoding: 'utf8' });
  if (child.status !== 0) throw Error(`the original's child failed: ${child.stderr}`);
  return JSON.parse(child.stdout);
};

test("the external-import-export scenario observes the same with ours as with the original's", async () => {
  const ours = JSON.parse(JSON.stringify(await runTablesScenario({ makeLoopback, E, Far, Remotable: Remotable as any, isPromise })));
  const original = runOriginal();
  // The original's test's own expectations, [near imported, near exported, far imported, far exported]:
  assert.deepEqual(original.sizes, {
    'after makeFar': [4, 1, 2, 2],
    'after makeRemotable': [6, 1, 2, 3],
    'after ping': [7, 1, 2, 3],
    'after makeData': [8, 1, 2, 3],
  });
  assert.deepEqual(ours, original);
  assert.deepEqual(ours.results, { pong: 'pong', data: { key: 'value' }, remotable: '[object Alleged: remotable]' });
  assert.equal(ours.slotNames, true);
});
