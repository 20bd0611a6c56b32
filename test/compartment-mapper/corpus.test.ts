// The corpus (test/fixtures/corpus): 48 pinned npm packages, one program per
// package printing one JSON line. Each program runs under plain node (the
// oracle) and through importLocation (corpus-runner.ts: lockdown, then every
// package in its own compartment with the host's globals and every builtin),
// and the outputs are compared. `agreeing` lists the programs whose outputs
// are the same (they must stay the same); `notYet` the ones that differ,
// each with its cause. A program of `notYet` that starts agreeing fails the
// test with "now passes: move it", so that both lists stay true. The
// agreeing programs must print the same again from archives (makeArchive,
// then parseArchive with no file system), save `notFromArchive`'s, each
// with its cause. (Under `endo run` with each program's generated policy:
// test/cli/corpus-lavamoat.test.ts, beside LavaMoat.) The lists are
// test/support/corpus-expectations.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { installCorpus } from '../support/corpus-install.js';
import { agreeing, notYet } from '../support/corpus-expectations.js';
import { corpusPrograms, inPool, programPath, runInCorpus as run } from '../support/corpus-runs.js';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('./corpus-runner.js', import.meta.url));

const notFromArchive: Record<string, string> = {
};

test('corpus: each program prints the same under importLocation as under node', { timeout: 120_000 }, async () => {
  installCorpus();
  const programs = corpusPrograms();
  assert.deepEqual(programs, [...agreeing, ...Object.keys(notYet)].sort(), 'every program is listed once, in agreeing or notYet');

  const outcomes = await inPool(programs, 3, async program => {
    const path = programPath(program);
    const [node, ours] = [await run([path]), await run([runner, path])];
    return { program, node, ours };
  });

  const problems: string[] = [];
  for (const { program, node, ours } of outcomes) {
    if (node.status !== 0 || node.stdout.trim() === '') {
      problems.push(`${program}: the oracle failed (status ${node.status}): ${node.stderr.slice(0, 500)}`);
      continue;
    }
    const same = ours.status === 0 && ours.stdout === node.stdout;
    if (agreeing.includes(program) && !same) {
      problems.push(`${program}: differs from node (status ${ours.status}):\n  node: ${node.stdout.trim()}\n  ours: ${ours.stdout.trim()}\n  ${ours.stderr.slice(0, 800)}`);
    }
    if (Object.hasOwn(notYet, program) && same) problems.push(`${program} now passes: move it to agreeing`);
  }
  assert.deepEqual(problems, []);
});

test('corpus: each agreeing program prints the same from its archive', { timeout: 180_000 }, async () => {
  installCorpus();
  const outcomes = await inPool(agreeing, 3, async program => {
    const path = programPath(program);
    const [node, ours] = [await run([path]), await run([runner, path, '--archive'])];
    return { program, node, ours };
  });
  const problems: string[] = [];
  for (const { program, node, ours } of outcomes) {
    const same = node.status === 0 && ours.status === 0 && ours.stdout === node.stdout;
    if (!same && !Object.hasOwn(notFromArchive, program)) {
      problems.push(`${program}: differs from node when run from its archive (status ${ours.status}):\n  node: ${node.stdout.trim()}\n  ours: ${ours.stdout.trim()}\n  ${ours.stderr.slice(0, 800)}`);
    }
    if (same && Object.hasOwn(notFromArchive, program)) problems.push(`${program} now passes from its archive: remove it from notFromArchive`);
  }
  assert.deepEqual(problems, []);
});
