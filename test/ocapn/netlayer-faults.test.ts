// A peer process killed mid-stream, on each netlayer: the survivor's
// channel ends with a reason that names that peer and the cause, and the
// survivor's netlayer carries on (a new peer can be reached).

import '../../src/ocapn/netlayers/promise-with-resolvers-shim.js';
import '../transport/setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OcapnChannel, OcapnNetlayer } from '../../src/ocapn/netlayer.js';
import { makeTcpTestingOnlyNetlayer } from '../../src/ocapn/netlayers/tcp-testing-only.js';
import { makeLibp2pNetlayer } from '../../src/ocapn/netlayers/libp2p.js';
import { spawnFaultPeer } from './netlayer-fault-helper.js';
import { waitFor } from './netlayer-test-kit.js';

const watch = (channel: OcapnChannel) => {
  let received = 0;
  const ended = new Promise<Error | undefined>(resolve => channel.onClose(resolve));
  channel.onData(chunk => (received += chunk.length));
  return { received: () => received, ended };
};

/** Writes to the channel, 4 KiB a millisecond or so, until it ends. */
const keepWriting = (channel: OcapnChannel, ended: Promise<unknown>): void => {
  let open = true;
  void ended.then(() => (open = false));
  const chunk = new Uint8Array(4 * 1024).fill(0x62);
  const pump = (): void => {
    if (!open) return;
    channel.write(chunk);
    setTimeout(pump, 1);
  };
  pump();
};

const tcpPeerPattern = (designator: string): string => `^OCapN channel with tcp-testing-only peer ${designator} at 127\\.0\\.0\\.1:[0-9]+ `;

test('tcp-testing-only: a peer killed while it sends ends our channel naming it (closed by the peer)', async t => {
  const survivor: OcapnNetlayer = await makeTcpTestingOnlyNetlayer()(() => {});
  const peer = await spawnFaultPeer('tcp-testing-only', 'flood');
  try {
    const channel = await survivor.connect(peer.locator);
    const { received, ended } = watch(channel);
    await waitFor(() => received() > 256 * 1024, 'the flood to be flowing');
    await peer.kill();
    const reason = await ended;
    assert.ok(reason instanceof Error);
    t.diagnostic(reason.message);
    // The kernel ends a killed process's sockets: a FIN when nothing it had not read was left, else a reset.
    assert.match(reason.message, new RegExp(`${tcpPeerPattern(peer.locator.designator)}(was closed by the peer|was reset by the peer \\(ECONNRESET\\))$`));
  } finally {
    await peer.kill();
    await survivor.close();
  }
});

test('tcp-testing-only: a stalled peer killed while we send ends our channel naming it (reset)', async t => {
  const survivor: OcapnNetlayer = await makeTcpTestingOnlyNetlayer()(() => {});
  const peer = await spawnFaultPeer('tcp-testing-only', 'stalled');
  try {
    const channel = await survivor.connect(peer.locator);
    const { ended } = watch(channel);
    keepWriting(channel, ended);
    await new Promise(resolve => setTimeout(resolve, 200));
    await peer.kill();
    const reason = await ended;
    assert.ok(reason instanceof Error);
    t.diagnostic(reason.message);
    // Unread bytes in the dead peer's buffer make its kernel answer with a reset.
    assert.match(reason.message, new RegExp(`${tcpPeerPattern(peer.locator.designator)}(was reset by the peer \\(ECONNRESET\\)|broke: the peer is gone \\(EPIPE\\))$`));
    // The survivor still reaches a new peer.
    const next = await spawnFaultPeer('tcp-testing-only', 'echo');
    try {
      const again = await survivor.connect(next.locator);
      const echo = watch(again);
      again.write(Buffer.from('still here'));
      await waitFor(() => echo.received() === 10, 'the echo');
    } finally {
      await next.kill();
    }
  } finally {
    await peer.kill();
    await survivor.close();
  }
});

test('tcp-testing-only: dialling a killed peer fails, naming it and the refusal', async t => {
  const survivor: OcapnNetlayer = await makeTcpTestingOnlyNetlayer()(() => {});
  const peer = await spawnFaultPeer('tcp-testing-only', 'echo');
  try {
    await peer.kill();
    await assert.rejects(survivor.connect(peer.locator), {
      message: new RegExp(`^Could not connect to tcp-testing-only peer ${peer.locator.designator} at 127\\.0\\.0\\.1:[0-9]+: the connection was refused \\(ECONNREFUSED\\)$`),
    });
  } finally {
    await survivor.close();
  }
});

test('libp2p: a peer killed mid-stream ends our channel naming its peer id and the cause', async t => {
  const survivor: OcapnNetlayer = await makeLibp2pNetlayer({ closeTimeoutMs: 1000 })(() => {});
  const peer = await spawnFaultPeer('libp2p', 'flood');
  try {
    const channel = await survivor.connect(peer.locator);
    assert.equal(channel.authenticatedPeer?.designator, peer.locator.designator);
    const { received, ended } = watch(channel);
    await waitFor(() => received() > 256 * 1024, 'the flood to be flowing');
    await peer.kill();
    const reason = await ended;
    assert.ok(reason instanceof Error);
    t.diagnostic(reason.message);
    assert.match(reason.message, new RegExp(`^OCapN channel with libp2p peer ${peer.locator.designator} at /ip4/127\\.0\\.0\\.1/tcp/[0-9]+ \\S`));
    // Not the words of a clean close by the peer: the connection was lost.
    assert.match(reason.message, /lost its libp2p connection \([a-z]+\) before the peer closed the channel$|was reset by the peer|lost its connection/);
  } finally {
    await peer.kill();
    await survivor.close();
  }
});
