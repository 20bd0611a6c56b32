// CapTP over a child process's stdio (its stdout and stdin used as one
// connection), framed as netstrings; closing the connection lets the child
// exit on its own.

import './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { E } from '../../src/captp/index.js';
import { connectCapTP } from '../../src/transport/index.js';

test('a child process serves a capability over its stdio and exits when closed', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./fixtures/stdio-peer.js', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  const exited = new Promise(resolve => child.on('exit', resolve));
  const parent = connectCapTP({ input: child.stdout, output: child.stdin }, 'parent', undefined, { onReject: () => {} });
  assert.equal(await E(parent.getBootstrap()).greet('Carol'), `Hello, Carol, from process ${child.pid}`);
  parent.abort();
  assert.equal(await parent.closed, undefined);
  assert.equal(await exited, 0);
  assert.match(stderr, /child: connection closed\n/);
});
