// Faults at the session level, with the peer in a real process
// (session-peer.ts): killed (SIGKILL), its connection reset, closed without
// op:abort (a bare FIN), stalled (SIGSTOP: its kernel still ACKs, it sends
// nothing). Each time, the promises that depend on the peer break with an
// error naming the peer's locator and the cause, the session ends with its
// tables empty, and once the peer is back (restarted on the same port and
// identity) enlivening the sturdy ref again gives a working session.

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as dialTcp, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E } from '../../src/eventual-send/index.js';
import { makeOcapn, type Ocapn } from '../../src/ocapn/client.js';
import { formatPeerUri, makePeerLocator, makeSturdyRefLocator, parseOcapnUri, type OcapnSturdyRefLocator } from '../../src/ocapn/locator.js';
import type { OcapnSession } from '../../src/ocapn/session.js';
import { makeTcpTestingOnlyNetlayer } from '../../src/ocapn/netlayers/tcp-testing-only.js';
import { makeLibp2pNetlayer } from '../../src/ocapn/netlayers/libp2p.js';
import { startSessionPeer, type SessionPeer } from './session-peer-helper.js';

type Tools = { echo(value: unknown): unknown; hang(): unknown; makeCounter(start: number): unknown };

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const sturdyRefOf = (uri: string): OcapnSturdyRefLocator => {
  const parsed = parseOcapnUri(uri);
  assert.equal(parsed.kind, 'sturdyref');
  return (parsed as { sturdyRef: OcapnSturdyRefLocator }).sturdyRef;
};

const startServer = async (netlayer: string, settings: string[]): Promise<{ peer: SessionPeer; location: string; toolsUri: string }> => {
  const peer = startSessionPeer([netlayer, 'server', ...settings]);
  const { location } = await peer.next('location');
  const { toolsUri } = await peer.next('toolsUri');
  return { peer, location, toolsUri };
};

const makeSurvivor = (livenessTimeoutMs: number): Promise<Ocapn> =>
  makeOcapn({ netlayers: [makeTcpTestingOnlyNetlayer({ closeTimeoutMs: 300 })], livenessTimeoutMs });

const zeroTables = { exports: 0, imports: 0, answers: 0, questions: 0 };

/** Enlivens `ref`, retrying while the peer still holds our previous session (it refuses a second one with a live peer). */
const enlivenAgain = async (ocapn: Ocapn, ref: OcapnSturdyRefLocator | string, ms = 10_000): Promise<unknown> => {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await ocapn.enlivenSturdyRef(ref);
    } catch (error) {
      if (Date.now() > deadline || !/already a live session/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
};

/** A session with the server's tools: a call answered, a counter imported, a hang() pending. */
const useTools = async (ocapn: Ocapn, ref: OcapnSturdyRefLocator | string) => {
  const tools = (await ocapn.enlivenSturdyRef(ref)) as Tools;
  assert.equal(await E(tools).echo('hello'), 'hello');
  const counter = await E(tools).makeCounter(5);
  const hanging = E(tools).hang() as Promise<unknown>;
  const outcome = hanging.then(
    () => assert.fail('hang() settled'),
    (error: Error) => error,
  );
  const [session] = ocapn.sessions() as [OcapnSession];
  assert.equal(ocapn.sessions().length, 1);
  await E(tools).echo('flush');
  const sizes = session.getTableSizes();
  assert.ok(sizes.imports >= 2 && sizes.questions >= 1, `tables in use: ${JSON.stringify(sizes)}`);
  return { tools, counter, session, outcome };
};

/** After a fault: the reason names the peer, the session is gone with empty tables, old presences fail the same way. */
const assertBroken = async (ocapn: Ocapn, used: Awaited<ReturnType<typeof useTools>>, pattern: RegExp): Promise<Error> => {
  const reason = await used.outcome;
  assert.match(reason.message, pattern);
  await assert.rejects(used.session.ended, (error: Error) => error === reason || error.message === reason.message);
  assert.equal(used.session.isEnded, true);
  assert.deepEqual(used.session.getTableSizes(), zeroTables);
  assert.deepEqual(ocapn.sessions(), []);
  await assert.rejects(E(used.tools).echo('after'), { message: reason.message });
  await assert.rejects(E(used.counter as { increment(by: number): number }).increment(1), { message: reason.message });
  return reason;
};

test('tcp-testing-only: a peer killed (SIGKILL) breaks what depends on it; restarted on the same port and identity, its sturdy ref works again', async (t) => {
  const designator = 'faultpeer0001';
  let server = await startServer('tcp-testing-only', [`designator=${designator}`]);
  const ocapn = await makeSurvivor(60_000);
  try {
    const used = await useTools(ocapn, server.toolsUri);
    await server.peer.kill('SIGKILL');
    const peerUri = escapeRegExp(server.location);
    // The kernel of a killed process sends a FIN (nothing unread) or a reset.
    const reason = await assertBroken(
      ocapn,
      used,
      new RegExp(
        `^OCapN session with ${peerUri} ended: (the peer closed the connection without op:abort \\(OCapN channel .* was closed by the peer\\)|the connection failed without op:abort: OCapN channel .* was reset by the peer \\(ECONNRESET\\))$`,
      ),
    );
    t.diagnostic(reason.message);
    const { port } = sturdyRefOf(server.toolsUri).peer.hints as Record<string, string>;
    server = await startServer('tcp-testing-only', [`designator=${designator}`, `port=${port}`]);
    assert.equal(server.location, formatPeerUri(sturdyRefOf(server.toolsUri).peer));
    const tools = (await ocapn.enlivenSturdyRef(server.toolsUri)) as Tools;
    assert.equal(await E(tools).echo('back'), 'back');
    assert.equal(ocapn.sessions().length, 1);
  } finally {
    await server.peer.kill();
    await ocapn.close();
  }
});

/** A TCP proxy between us and the peer that can reset or close (FIN) our side without the peer's say. */
const startProxy = async (upstreamPort: number) => {
  const pairs: { ours: Socket; theirs: Socket }[] = [];
  const server: Server = createServer({ allowHalfOpen: true }, (ours) => {
    const theirs = dialTcp({ host: '127.0.0.1', port: upstreamPort, allowHalfOpen: true });
    ours.on('error', () => {});
    theirs.on('error', () => {});
    ours.pipe(theirs);
    theirs.pipe(ours);
    pairs.push({ ours, theirs });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    /** Our connection gets a reset, as from a peer whose machine rebooted. */
    reset: () => {
      for (const { ours, theirs } of pairs.splice(0)) {
        ours.resetAndDestroy();
        theirs.destroy();
      }
    },
    /** Our connection gets a FIN, without an op:abort before it. */
    fin: () => {
      for (const { ours, theirs } of pairs) {
        theirs.unpipe(ours);
        ours.unpipe(theirs);
        ours.end();
        theirs.destroy();
        // Keep reading ours, so our side's FIN back completes the close.
        ours.resume();
      }
    },
    close: () => {
      for (const { ours, theirs } of pairs.splice(0)) {
        ours.destroy();
        theirs.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

for (const fault of ['reset', 'fin'] as const) {
  const cause =
    fault === 'reset'
      ? 'the connection failed without op:abort: OCapN channel with tcp-testing-only peer faultpeer0002 at 127\\.0\\.0\\.1:[0-9]+ was reset by the peer \\(ECONNRESET\\)'
      : 'the peer closed the connection without op:abort \\(OCapN channel with tcp-testing-only peer faultpeer0002 at 127\\.0\\.0\\.1:[0-9]+ was closed by the peer\\)';
  test(`tcp-testing-only: a connection ${fault === 'reset' ? 'reset' : 'closed (FIN) without op:abort'} breaks what depends on the peer, naming it; a new session by sturdy ref works`, async (t) => {
    const server = await startServer('tcp-testing-only', ['designator=faultpeer0002']);
    const ocapn = await makeSurvivor(60_000);
    const real = sturdyRefOf(server.toolsUri);
    const proxy = await startProxy(Number((real.peer.hints as Record<string, string>).port));
    try {
      const viaProxy = makeSturdyRefLocator(makePeerLocator('tcp-testing-only', real.peer.designator, { host: '127.0.0.1', port: String(proxy.port) }), real.swissNum);
      const used = await useTools(ocapn, viaProxy);
      proxy[fault]();
      const reason = await assertBroken(ocapn, used, new RegExp(`^OCapN session with ${escapeRegExp(server.location)} ended: ${cause}$`));
      t.diagnostic(reason.message);
      // The peer lost its side too (its proxied connection was destroyed): a new session is accepted.
      const tools = (await enlivenAgain(ocapn, viaProxy)) as Tools;
      assert.equal(await E(tools).echo('again'), 'again');
    } finally {
      await proxy.close();
      await server.peer.kill();
      await ocapn.close();
    }
  });
}

test('tcp-testing-only: a stalled peer (SIGSTOP) breaks what waits on it within livenessTimeoutMs; an idle session is not timed out; after SIGCONT a new session works', async (t) => {
  const limit = 800;
  const server = await startServer('tcp-testing-only', ['designator=faultpeer0003']);
  const ocapn = await makeSurvivor(limit);
  try {
    const tools = (await ocapn.enlivenSturdyRef(server.toolsUri)) as Tools;
    // Idle (nothing awaited) for longer than the limit: the session stays.
    await new Promise((resolve) => setTimeout(resolve, limit * 2));
    assert.equal(await E(tools).echo('idle is fine'), 'idle is fine');
    const [session] = ocapn.sessions() as [OcapnSession];

    server.peer.child.kill('SIGSTOP');
    const started = Date.now();
    const results = await Promise.allSettled([E(tools).echo('anyone?'), E(tools).echo('hello?')]);
    const elapsed = Date.now() - started;
    t.diagnostic(`broken after ${elapsed} ms (limit ${limit} ms)`);
    assert.ok(elapsed >= limit - 20 && elapsed < limit + 1500, `broken after ${elapsed} ms`);
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.match(
        (result.reason as Error).message,
        new RegExp(`^OCapN session with ${escapeRegExp(server.location)} ended: the peer sent nothing for [0-9]+ ms while we waited on 2 answer\\(s\\) \\(stalled or unreachable; the livenessTimeoutMs option of makeOcapn is ${limit} ms\\)$`),
      );
    }
    assert.deepEqual(session.getTableSizes(), zeroTables);
    assert.deepEqual(ocapn.sessions(), []);

    // Still stopped: a new session waits for the peer's op:start-session, and gives up after the limit.
    await assert.rejects(ocapn.enlivenSturdyRef(server.toolsUri), {
      message: new RegExp(`^OCapN session with .*faultpeer0003.* ended: the peer sent nothing for [0-9]+ ms while we waited on its op:start-session`),
    });

    server.peer.child.kill('SIGCONT');
    const again = (await enlivenAgain(ocapn, server.toolsUri)) as Tools;
    assert.equal(await E(again).echo('awake'), 'awake');
  } finally {
    server.peer.child.kill('SIGCONT');
    await server.peer.kill();
    await ocapn.close();
  }
});

test('libp2p: a peer killed (SIGKILL) breaks what depends on it naming its peer id; restarted with the same key and port, its sturdy ref works again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ocapn-faults-'));
  let server = await startServer('libp2p', [`key=${join(dir, 'key')}`]);
  const ocapn = await makeOcapn({ netlayers: [makeLibp2pNetlayer({ closeTimeoutMs: 300 })], livenessTimeoutMs: 60_000 });
  try {
    const used = await useTools(ocapn, server.toolsUri);
    const ref = sturdyRefOf(server.toolsUri);
    await server.peer.kill('SIGKILL');
    const reason = await assertBroken(
      ocapn,
      used,
      new RegExp(`^OCapN session with ${escapeRegExp(server.location)} ended: the connection failed without op:abort: OCapN channel with libp2p peer ${ref.peer.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+ (lost its libp2p connection \\([a-z]+\\) before the peer closed the channel|was reset by the peer \\(StreamResetError\\)|lost its connection \\([A-Za-z]+\\))$`),
    );
    t.diagnostic(reason.message);
    const port = /\/tcp\/([0-9]+)/.exec((ref.peer.hints as Record<string, string>).multiaddr!)![1]!;
    server = await startServer('libp2p', [`key=${join(dir, 'key')}`, `port=${port}`]);
    assert.equal(sturdyRefOf(server.toolsUri).peer.designator, ref.peer.designator, 'the same peer id');
    const tools = (await ocapn.enlivenSturdyRef(server.toolsUri)) as Tools;
    assert.equal(await E(tools).echo('back'), 'back');
  } finally {
    await server.peer.kill();
    await ocapn.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('libp2p: a stalled peer (SIGSTOP) is found by the netlayer keepalive ping, with no session liveness limit', async (t) => {
  const server = await startServer('libp2p', []);
  const ocapn = await makeOcapn({
    netlayers: [makeLibp2pNetlayer({ closeTimeoutMs: 300, pingIntervalMs: 300, pingTimeoutMs: 700 })],
    livenessTimeoutMs: Infinity,
  });
  try {
    const used = await useTools(ocapn, server.toolsUri);
    const ref = sturdyRefOf(server.toolsUri);
    server.peer.child.kill('SIGSTOP');
    const started = Date.now();
    const reason = await assertBroken(
      ocapn,
      used,
      new RegExp(`^OCapN session with ${escapeRegExp(server.location)} ended: the connection failed without op:abort: OCapN channel with libp2p peer ${ref.peer.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+ timed out \\(TimeoutError\\)$`),
    );
    const elapsed = Date.now() - started;
    t.diagnostic(`${reason.message} (after ${elapsed} ms)`);
    assert.ok(elapsed < 5000, `found after ${elapsed} ms`);
  } finally {
    server.peer.child.kill('SIGCONT');
    await server.peer.kill();
    await ocapn.close();
  }
});
