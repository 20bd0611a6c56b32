// A third-party handoff between three real processes over tcp-testing-only
// (real sockets on 127.0.0.1; handoff-tcp-peer.ts): the gifter hands the
// exporter's counter to the receiver and leaves; the receiver then has a
// session with the exporter and its calls still reach the counter, so they
// go to the exporter directly, not through the gifter.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./handoff-tcp-peer.js', import.meta.url));

interface Peer {
  child: ChildProcessWithoutNullStreams;
  /** The next printed line (parsed) that has `key`. */
  next(key: string): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

const startPeer = (...args: string[]): Peer => {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  let buffered = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const complete = buffered.split('\n');
    buffered = complete.pop()!;
    for (const line of complete) lines.push(JSON.parse(line));
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const next = async (key: string): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const index = lines.findIndex((line) => key in line);
      if (index >= 0) return lines.splice(index, 1)[0]!;
      if (Date.now() > deadline || child.exitCode !== null) {
        throw Error(`${args[0]} printed no ${key} (lines ${JSON.stringify(lines)}; stderr ${stderr})`);
      }
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return { child, next, exited };
};

test('three processes over tcp-testing-only: the receiver calls the exporter directly after the gifter has gone', async () => {
  const exporter = startPeer('exporter');
  const receiver = startPeer('receiver');
  try {
    const exporterLocation = (await exporter.next('location')).location as string;
    const counterUri = (await exporter.next('counterUri')).counterUri as string;
    const receiverUri = (await receiver.next('receiverUri')).receiverUri as string;
    assert.match(counterUri, /^ocapn:\/\/[0-9a-f]+\.tcp-testing-only\/s\/[^?]+\?host=127\.0\.0\.1&port=\d+$/);

    const gifter = startPeer('gifter', counterUri, receiverUri);
    assert.equal((await gifter.next('used')).used, 1);
    assert.equal(await gifter.exited, 0);

    // The gifter is gone: the receiver's sessions are with the exporter only.
    receiver.child.stdin.write('sessions\n');
    const { sessions } = await receiver.next('sessions');
    assert.deepEqual(sessions, [exporterLocation]);
    receiver.child.stdin.write('again\n');
    assert.deepEqual(await receiver.next('again'), { again: 11 });
  } finally {
    exporter.child.kill('SIGTERM');
    receiver.child.kill('SIGTERM');
    await Promise.all([exporter.exited, receiver.exited]);
  }
});
