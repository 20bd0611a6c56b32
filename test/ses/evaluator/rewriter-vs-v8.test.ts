// The rewriter against V8, over a large body of real syntax: every program
// of the npm package test262-parser-tests (pass, pass-explicit, early,
// fail) and every .js, .mjs and .cjs file of every package under
// node_modules, each as a script, a Function body and the source of a
// direct eval, or as a module, as its goal says. For each, in a locked-down
// worker (rewriter-vs-v8-runner.ts and -worker.ts):
// - our pipeline (rewrite, verification, V8's compile of the result) must
//   accept exactly what V8 accepts as strict code, but for what we refuse
//   by design (HTML-like comments where they are not evaded) and what V8
//   accepts against the specification (test262's `early` and `fail`);
// - our verification must never refuse the rewriter's code;
// - the rewritten code is then run (V8 stops a run after 100 ms: some of
//   these programs loop forever), and an instrumented scope terminator
//   records every name that reaches it: none may.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Disagreement, RunnerSummary } from './rewriter-vs-v8-types.js';

const runner = fileURLToPath(new URL('./rewriter-vs-v8-runner.js', import.meta.url));

const runCorpus = (): Promise<RunnerSummary> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--experimental-vm-modules', '--no-warnings', runner],
      { maxBuffer: 64 * 1024 * 1024, timeout: 8 * 60 * 1000 },
      (error, stdout, stderr) => {
        if (error) reject(Error(`the corpus runner failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as RunnerSummary);
      },
    );
  });

/** Refusals by design, and V8 accepting what the specification says is an error. */
const isAllowed = ({ file, nativeAccepts, ours }: Disagreement): boolean =>
  nativeAccepts &&
  !ours.accepted &&
  (ours.code === 'SES_HTML_COMMENT_REJECTED' || /^(early|fail)\//.test(file));

test('the rewriter agrees with V8 on real code, and no name of it reaches the scope terminator', async () => {
  const summary = await runCorpus();
  // The instrument works: the worker's own check saw its name reach the terminator.
  assert.ok(summary.selfCheck.includes('nameForTheSelfCheck'), JSON.stringify(summary.selfCheck));
  // Enough was read and run for the comparison to mean something.
  assert.ok(summary.counts['test262-parser-tests/pass'] > 5000, JSON.stringify(summary.counts));
  assert.ok(summary.counts['test262-parser-tests/early'] > 1000, JSON.stringify(summary.counts));
  assert.ok(summary.counts.node_modules > 1500, JSON.stringify(summary.counts));
  assert.ok(summary.accepted.node_modules > 1500, JSON.stringify(summary.accepted));

  assert.deepEqual(summary.terminatorHits, [], 'names reached the scope terminator');
  assert.deepEqual(summary.mismatches, [], 'the verification refused rewritten code');
  assert.deepEqual(summary.disagreements.filter(d => !isAllowed(d)), [], 'V8 and the rewriter disagree');
  console.log(
    `items: ${JSON.stringify(summary.counts)}; valid for V8: ${JSON.stringify(summary.accepted)}; ` +
      `runs stopped at their time limit: ${summary.timeouts}; allowed disagreements: ${summary.disagreements.length}`,
  );
});
