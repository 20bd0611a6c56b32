// What a hostile peer can make a CapTP end log is bounded: a call to an
// 8 MB method name, 50,000 calls to distinct missing methods, 2,000
// answers that are 100 KB errors, an 8 MB disconnection reason. Each runs
// in a child (log-victim.ts) whose stdout and stderr are measured. Before,
// these logged 8 MB, 20 MB, 200 MB and 8 MB. An ordinary error is still
// logged whole, as the original logs it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const victim = fileURLToPath(new URL('./log-victim.js', import.meta.url));

/** Runs the victim under `attack`; resolves with what it logged (and how long it took). */
const runVictim = (attack: string) =>
  new Promise<{ stdout: string; stderr: string; bytes: number; code: number | null }>((resolve, reject) => {
    const child = spawn(process.execPath, [victim, attack], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    // Only the start of each is kept; all of it is counted.
    child.stdout.on('data', chunk => {
      bytes += chunk.length;
      if (stdout.length < 100_000) stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      bytes += chunk.length;
      if (stderr.length < 100_000) stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ stdout, stderr, bytes, code }));
  });

test('an ordinary missing method is logged whole, as before', async () => {
  const { stdout, code, stderr } = await runVictim('normal');
  assert.equal(code, 0, stderr);
  // The causal console's format: the tag, the details unquoted, the note.
  assert.match(stdout, /^Temporary logging of sent error \(TypeError#1\)\nTypeError#1: target has no method nope , has \[ '__getMethodNames__', 'ping' \]\n/);
  assert.match(stdout, /TypeError#1 ERROR_NOTE: Sent as error:captp:victim#20001\n/);
});

test('a call to an 8 MB method name logs under 16 KB', async () => {
  const { stdout, stderr, bytes, code } = await runVictim('long-method');
  assert.equal(code, 0, stderr);
  assert.ok(bytes < 16_000, `logged ${bytes} bytes`);
  assert.match(stdout, /Temporary logging of sent error TypeError: target has no method "x{900,}… \(truncated: \d+ characters in all\) \(too large to log whole\)/);
});

test('50,000 calls to distinct missing methods log under 64 KB, with counts of what was left out', async () => {
  const { stdout, stderr, bytes, code } = await runVictim('missing-methods');
  assert.equal(code, 0, stderr);
  assert.ok(bytes < 64_000, `logged ${bytes} bytes`);
  assert.match(stdout, /target has no method missing-method-0 ,/);
  assert.match(stdout, /CapTP victim: 10000 more sent errors like this \(TypeError\) not logged so far/);
});

test('2,000 answers that are 100 KB errors log under 64 KB', async () => {
  const { stderr, bytes, code } = await runVictim('rejections');
  assert.equal(code, 0, stderr);
  assert.ok(bytes < 64_000, `logged ${bytes} bytes`);
  assert.match(stderr, /CapTP victim exception: Error: y{900,}… \(truncated: 100000 characters in all\)/);
  assert.match(stderr, /CapTP victim 1000 more exceptions like this \(Error\) not logged so far/);
});

test('an 8 MB disconnection reason logs under 16 KB', async () => {
  const { stderr, bytes, code } = await runVictim('long-disconnect');
  assert.equal(code, 0, stderr);
  assert.ok(bytes < 16_000, `logged ${bytes} bytes`);
  assert.match(stderr, /CapTP victim exception: z{900,}… \(truncated: 8388608 characters in all\)/);
});
