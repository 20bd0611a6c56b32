// Differential test of the causal console: the scenarios of
// ./console-scenarios.ts print through the original `ses` console (child
// process, after lockdown) and through ours over a Node Console on memory
// streams. Stack frames differ between the two (theirs come from their
// error taming, ours from a stub), so lines that are stack frames or blank
// are dropped before comparing; everything else must be identical.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import * as errors from '../../../src/ses/errors/index.js';
import { resetErrorTagNum } from '../../../src/ses/errors/internal.js';
import { makeCausalConsole } from '../../../src/ses/console/make-causal-console.js';
import { runConsoleScenarios } from './console-scenarios.js';

const repoRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const scenariosUrl = new URL('./console-scenarios.js', import.meta.url).href;

const normalize = (text: string) =>
  text
    .split('\n')
    .filter(line => line.trim() !== '' && !/^\s*at /.test(line))
    .join('\n');

const runOriginal = () => {
  const child = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import 'ses';
       lockdown();
       const E = await import('@endo/errors');
       const { runConsoleScenarios } = await import(${JSON.stringify(scenariosUrl)});
       runConsoleScenarios(E, console);`,
    ],
    { cwd: repoRoot, encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  return { stdout: child.stdout, stderr: child.stderr };
};

const runOurs = () => {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, callback) {
        append(String(chunk));
        callback();
      },
    });
  const base = new Console({ stdout: sink(t => (stdout += t)), stderr: sink(t => (stderr += t)) });
  const causal = makeCausalConsole(base, { getStackString: () => '' });
  resetErrorTagNum();
  runConsoleScenarios(errors, causal as unknown as Console);
  return { stdout, stderr };
};

const original = runOriginal();
const ours = runOurs();

test('the causal console prints the same on stdout as the original', () => {
  assert.ok(original.stdout.includes('Error#'), 'the original printed error tags');
  assert.equal(normalize(ours.stdout), normalize(original.stdout));
});

test('the causal console prints the same on stderr as the original', () => {
  assert.ok(original.stderr.includes('ERROR_NOTE:'), 'the original printed notes');
  assert.equal(normalize(ours.stderr), normalize(original.stderr));
});
