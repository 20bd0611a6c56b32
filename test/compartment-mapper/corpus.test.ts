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
// with its cause; and again under `endo run` with the policy generated for
// each program (least authority instead of the generous one).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { corpusDirectory, installCorpus } from '../support/corpus-install.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = corpusDirectory;
const runner = fileURLToPath(new URL('./corpus-runner.js', import.meta.url));

const agreeing = [
  'ajv.cjs', 'async.cjs', 'axios.mjs', 'big.js.mjs', 'chalk.mjs', 'classnames.cjs', 'commander.cjs', 'cookie.cjs',
  'date-fns.mjs', 'dayjs.cjs', 'debug.cjs', 'decimal.js.mjs', 'deepmerge.cjs', 'dotenv.cjs',
  'escape-string-regexp.mjs', 'fast-deep-equal.cjs', 'he.cjs', 'immer.mjs', 'joi.cjs', 'js-yaml.mjs',
  'kleur.mjs', 'lru-cache.mjs', 'marked.mjs', 'mime.mjs', 'minimist.cjs', 'moment.cjs', 'ms.cjs',
  'mustache.mjs', 'p-limit.mjs', 'picocolors.cjs', 'qs.cjs', 'rxjs.mjs', 'semver.cjs', 'validator.cjs',
  'ws.mjs', 'yaml.mjs', 'zod.mjs', 'luxon.mjs', 'nanoid.mjs', 'uuid.mjs', 'yargs.mjs', 'handlebars.cjs', 'express.cjs',
];

const notYet: Record<string, string> = {
  // bluebird's errors.js defines __BluebirdErrorTypes__ on the shared, frozen Error constructor (a write to a built-in: a shim's job).
  'bluebird.cjs': 'writes to a frozen built-in',
  // ejs reads the global object with (new Function('return this;'))(): compartment code is strict, so `this` is undefined.
  'ejs.mjs': 'sloppy-mode global this',
  // lodash's and lodash-es' template() compiles `with (obj) {...}` through Function: compartments evaluate strict code only.
  'lodash-es.mjs': '`with` in template (strict mode)',
  'lodash.cjs': '`with` in template (strict mode)',
  // underscore's template compiles `with (obj) {...}` through new Function: compartments evaluate strict code only.
  'underscore.cjs': '`with` in template (strict mode)',
};

const notFromArchive: Record<string, string> = {
};

const environment = { ...process.env };
delete environment.DEBUG;
delete environment.NODE_DEBUG;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const run = (args: string[]): Promise<Run> =>
  new Promise(resolve => {
    execFile(process.execPath, args, { cwd: corpus, env: environment, timeout: 30_000, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });

/** Runs `work` over `items`, `limit` at a time (the machine has two cores). */
const inPool = async <T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
};

test('corpus: each program prints the same under importLocation as under node', { timeout: 120_000 }, async () => {
  installCorpus();
  const programs = readdirSync(join(corpus, 'programs')).filter(name => /\.[cm]js$/.test(name)).sort();
  assert.deepEqual(programs, [...agreeing, ...Object.keys(notYet)].sort(), 'every program is listed once, in agreeing or notYet');

  const outcomes = await inPool(programs, 3, async program => {
    const path = join(corpus, 'programs', program);
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
    const path = join(corpus, 'programs', program);
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

const endoBin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));

test('corpus: each agreeing program prints the same under endo run with its generated policy', { timeout: 240_000 }, async () => {
  installCorpus();
  const policies = mkdtempSync(join(tmpdir(), 'endo-corpus-policies-'));
  try {
    const outcomes = await inPool(agreeing, 3, async program => {
      const path = join(corpus, 'programs', program);
      const ours = await run([endoBin, 'run', '--autopolicy', '-p', join(policies, `${program}.json`), path]);
      return { program, node: await run([path]), ours };
    });
    const problems: string[] = [];
    for (const { program, node, ours } of outcomes) {
      if (!(node.status === 0 && ours.status === 0 && ours.stdout === node.stdout)) {
        problems.push(`${program}: differs from node under its policy (status ${ours.status}):\n  node: ${node.stdout.trim()}\n  ours: ${ours.stdout.trim()}\n  ${ours.stderr.slice(0, 800)}`);
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    rmSync(policies, { recursive: true, force: true });
  }
});
