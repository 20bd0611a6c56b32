// OCapN sessions between two of our peers over in-memory channels, and
// against a raw peer speaking bytes: handshake, delivery, pipelining,
// listen, get/index, GC, abort (by the peer, on malformed input, on a bad
// signature), quotas.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far, makeTagged } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { makeOcapnKeyPair } = await import('../../src/ocapn/crypto.js');
const { makePeerLocator, peerToSyrup } = await import('../../src/ocapn/locator.js');
const { SyrupWriter } = await import('../../src/ocapn/syrup/index.js');
const { signLocation } = await import('../../src/ocapn/handshake.js');
const { writeAbort, writeStartSession, writeDeliver } = await import('../../src/ocapn/op-writer.js');
const { makeOpReader } = await import('../../src/ocapn/operations.js');
const { makeMemoryNetwork } = await import('./memory-netlayer.js');
declare const harden: <T>(value: T) => T;

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const asText = (chunks: Uint8Array[]): string => Buffer.concat(chunks).toString('latin1');
const tick = () => new Promise((resolve) => setImmediate(resolve));

const twoPeers = async (options: { quotas?: Record<string, number> } = {}) => {
  const network = makeMemoryNetwork();
  const alice = await makeOcapn({ netlayers: [network.netlayer('alice')], ...options });
  const bob = await makeOcapn({ netlayers: [network.netlayer('bob')], ...options });
  return { network, alice, bob };
};

test('handshake, sturdy ref, method call and function call', async () => {
  const { alice, bob } = await twoPeers();
  const counter = Far('counter', { add: (a: bigint, b: bigint) => a + b, name: () => 'counter' });
  const ref = alice.makeSturdyRef(counter);
  const remote = await bob.enlivenSturdyRef(ref);
  assert.equal(await E(remote as typeof counter).add(40n, 2n), 42n);
  const double = Far('double', (x: number) => x * 2);
  const remoteDouble = await bob.enlivenSturdyRef(alice.makeSturdyRef(double));
  assert.equal(await E(remoteDouble as typeof double)(21), 42);
  // One session each way, reused.
  assert.equal(alice.sessions().length, 1);
  assert.equal(bob.sessions().length, 1);
  await alice.close();
  await bob.close();
});

test('our answer positions are positive, as the draft says: the first question of a session is at 1', async () => {
  const { network, alice, bob } = await twoPeers();
  await bob.enlivenSturdyRef(alice.makeSturdyRef(Far('x', {})));
  const wire = asText(network.pairs[0]![0].written);
  assert.match(wire, /<10'op:deliver<11'desc:export0\+>\[5'fetch[0-9]+:[^\]]*\]1\+<18'desc:import-object/);
  assert.doesNotMatch(wire, /\]0\+<18'desc:import-object/);
  await alice.close();
  await bob.close();
});

test('a fetch of an unknown swiss number breaks', async () => {
  const { alice, bob } = await twoPeers();
  const ref = alice.makeSturdyRef(Far('x', {}));
  await assert.rejects(bob.enlivenSturdyRef({ ...ref, swissNum: new Uint8Array([1, 2, 3]) }), /No object at this swiss number/);
  await alice.close();
  await bob.close();
});

test('promise pipelining sends to the answer before it arrives', async () => {
  const { network, alice, bob } = await twoPeers();
  const car = Far('car', { drive: () => 'Vroom' });
  const factory = Far('factory', { make: () => car });
  const remote = await bob.enlivenSturdyRef(alice.makeSturdyRef(factory));
  const driven = E(E(remote as typeof factory).make()).drive();
  assert.equal(await driven, 'Vroom');
  const wire = asText(network.pairs[0]![0].written);
  assert.match(wire, /<10'op:deliver<11'desc:answer\d+\+>\[5'drive\]/);
  await alice.close();
  await bob.close();
});

test('passing references both ways, and promises resolved later (op:listen)', async () => {
  const { alice, bob } = await twoPeers();
  let resolveLater!: (value: unknown) => void;
  const later = new Promise((resolve) => {
    resolveLater = resolve;
  });
  const service = Far('service', {
    callBack: (callback: unknown) => E(callback as (x: string) => string)('ping'),
    later: () => harden([later]),
    same: (x: unknown) => x,
  });
  const remote = (await bob.enlivenSturdyRef(alice.makeSturdyRef(service))) as typeof service;
  const callback = Far('callback', (x: string) => `${x}-pong`);
  assert.equal(await E(remote).callBack(callback), 'ping-pong');
  // Our own object comes back as itself.
  assert.equal(await E(remote).same(callback), callback);
  const [promise] = (await E(remote).later()) as [Promise<unknown>];
  setTimeout(() => resolveLater('done'), 10);
  assert.equal(await promise, 'done');
  await alice.close();
  await bob.close();
});

test('op:get, op:index and a broken answer', async () => {
  const { alice, bob } = await twoPeers();
  const data = Far('data', {
    record: () => harden({ name: 'Alice', list: ['a', 'b'] }),
    tagged: () => makeTagged('point', harden([1n, 2n])),
    fail: () => {
      throw Error('nope');
    },
  });
  const remote = (await bob.enlivenSturdyRef(alice.makeSturdyRef(data))) as any;
  assert.equal(await E.get(E(remote).record()).name, 'Alice');
  assert.equal(await E.get(E.get(E(remote).record()).list)[1], 'b');
  await assert.rejects(E.get(E(remote).record()).missing, /no field "missing"/);
  await assert.rejects(E(remote).fail(), /nope/);
  await alice.close();
  await bob.close();
});

test('GC: an export the peer dropped is forgotten (op:gc-exports), and answers are released (op:gc-answers)', async () => {
  const { network, alice, bob } = await twoPeers();
  const sink = Far('sink', { take: (_x: unknown) => true });
  const remote = (await bob.enlivenSturdyRef(alice.makeSturdyRef(sink))) as typeof sink;
  const bobSession = bob.sessions()[0]!;
  const before = bobSession.getTableSizes().exports;
  for (let i = 0; i < 5; i += 1) await E(remote).take(Far(`thing ${i}`, {}));
  assert.ok(bobSession.getTableSizes().exports >= before + 5);
  for (let i = 0; i < 20 && bobSession.getTableSizes().exports > before + 1; i += 1) {
    collect();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // The five things (and the answer resolvers Alice dropped) are gone from Bob's exports.
  assert.ok(bobSession.getTableSizes().exports < before + 5, `exports ${bobSession.getTableSizes().exports}`);
  const aliceToBob = asText(network.pairs[0]![1].written);
  assert.match(aliceToBob, /op:gc-exports/);
  const bobToAlice = asText(network.pairs[0]![0].written);
  assert.match(bobToAlice, /op:gc-answers\[\d+\+\]/);
  assert.equal(alice.sessions()[0]!.getTableSizes().answers, 0);
  await alice.close();
  await bob.close();
});

test('op:abort from the peer breaks every pending promise, naming the peer and the reason', async () => {
  const { alice, bob } = await twoPeers();
  const never = Far('never', { wait: () => new Promise(() => {}) });
  const remote = (await bob.enlivenSturdyRef(alice.makeSturdyRef(never))) as typeof never;
  const pending = E(remote).wait();
  await tick();
  alice.sessions()[0]!.abort('maintenance');
  await assert.rejects(pending, (error: Error) => {
    assert.match(error.message, /ocapn:\/\/alice\.memory/);
    // The peer tells the cause alone, not its own words for the session.
    assert.match(error.message, /^OCapN session with ocapn:\/\/alice\.memory aborted by the peer: maintenance$/);
    return true;
  });
  assert.equal(bob.sessions().length, 0);
  // A new session can be made afterwards.
  assert.ok(await bob.enlivenSturdyRef(alice.makeSturdyRef(Far('again', {}))));
  await alice.close();
  await bob.close();
});

/** A raw peer: a channel to `ocapn` on which a test writes bytes and reads ops. */
const rawPeerTo = async (options: { signWith?: 'right' | 'wrong'; version?: string } = {}) => {
  const network = makeMemoryNetwork();
  const victim = await makeOcapn({ netlayers: [network.netlayer('victim')] });
  const rawFactory = network.netlayer('raw');
  const raw = await rawFactory(() => {});
  const channel = await raw.connect(victim.location);
  const reader = makeOpReader();
  const received: any[] = [];
  let closed = false;
  channel.onData((chunk) => received.push(...reader.push(chunk)));
  channel.onClose(() => {
    closed = true;
  });
  const keyPair = makeOcapnKeyPair();
  const location = peerToSyrup(makePeerLocator('memory', 'raw'));
  const signature = signLocation(options.signWith === 'wrong' ? makeOcapnKeyPair() : keyPair, location);
  const writer = new SyrupWriter();
  writeStartSession(writer, options.version ?? '1.0', keyPair.publicKey.bytes, location, signature);
  channel.write(writer.toBytes());
  const waitFor = async (predicate: () => boolean) => {
    for (let i = 0; i < 200 && !predicate(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  return { victim, channel, received, waitFor, isClosed: () => closed };
};

test('an abort reason is the cause alone on the wire, and a long one from the peer is cut in our error', async () => {
  const { victim, channel, received, waitFor } = await rawPeerTo();
  await waitFor(() => received.length > 0);
  const session = victim.sessions()[0]!;
  const writer = new SyrupWriter();
  writeAbort(writer, 'x'.repeat(100_000));
  channel.write(writer.toBytes());
  await assert.rejects(session.ended, (error: Error) => {
    assert.match(error.message, /^OCapN session with ocapn:\/\/raw\.memory aborted by the peer: x{1000}… \(truncated: 100000 characters in all\)$/);
    return true;
  });
  await victim.close();
});

test('before the peer\'s hello, a session names the peer in the netlayer\'s words', async () => {
  const { victim, channel, received, waitFor, isClosed } = await rawPeerTo({ version: '0.9' });
  await waitFor(() => isClosed());
  // What went on the wire is the cause alone.
  assert.equal(received.at(-1).reason, 'Unsupported CapTP version "0.9": this peer speaks 1.0');
  assert.ok(channel);
  await victim.close();
});

test('a bad location signature is refused with op:abort', async () => {
  const { victim, received, waitFor, isClosed } = await rawPeerTo({ signWith: 'wrong' });
  await waitFor(() => received.length > 0 && isClosed());
  assert.equal(received.length, 1);
  assert.equal(received[0].op, 'abort');
  assert.match(received[0].reason, /Invalid location signature/);
  assert.equal(victim.sessions().length, 0);
  await victim.close();
});

test('a wrong CapTP version is refused with op:abort', async () => {
  const { victim, received, waitFor } = await rawPeerTo({ version: '0.9' });
  await waitFor(() => received.length > 0);
  assert.deepEqual(received.map((op) => op.op), ['abort']);
  assert.match(received[0].reason, /Unsupported CapTP version "0.9"/);
  await victim.close();
});

const malformedInputs: [string, string, RegExp][] = [
  ['an unknown op', "<6'op:foo>", /unknown operation <op:foo>/],
  ['op:deliver with too few fields', "<10'op:deliver<11'desc:export0+>>", /op:deliver> has 1 fields/],
  ['a target that is not a descriptor', "<10'op:deliver3\"abc[]ff>", /target of op:deliver must be desc:export or desc:answer/],
  ['an export that does not exist', "<10'op:deliver<11'desc:export99+>[]ff>", /desc:export 99> names no export/],
  ['not a record', '5"hello', /each message must be an op:\* record/],
  ['invalid Syrup', "<10'op:deliver]", /Invalid Syrup/],
  ['a second op:start-session', '', /a second op:start-session/],
  ['an op inside an op', "<8'op:abort<8'op:abort1\"x>>", /reason of op:abort must be a string|operation inside another/],
];

for (const [name, bytes, reason] of malformedInputs) {
  test(`malformed input aborts the session: ${name}`, async () => {
    const { victim, channel, received, waitFor, isClosed } = await rawPeerTo();
    await waitFor(() => received.length > 0);
    assert.equal(received[0].op, 'start-session');
    if (bytes === '') {
      const keyPair = makeOcapnKeyPair();
      const location = peerToSyrup(makePeerLocator('memory', 'raw'));
      const writer = new SyrupWriter();
      writeStartSession(writer, '1.0', keyPair.publicKey.bytes, location, signLocation(keyPair, location));
      channel.write(writer.toBytes());
    } else {
      channel.write(latin1(bytes));
    }
    await waitFor(() => isClosed());
    const last = received.at(-1);
    assert.equal(last.op, 'abort');
    assert.match(last.reason, reason);
    assert.equal(victim.sessions().length, 0);
    await victim.close();
  });
}

test('an op before op:start-session aborts', async () => {
  const network = makeMemoryNetwork();
  const victim = await makeOcapn({ netlayers: [network.netlayer('victim')] });
  const raw = await network.netlayer('raw')(() => {});
  const channel = await raw.connect(victim.location);
  const reader = makeOpReader();
  const received: any[] = [];
  channel.onData((chunk) => received.push(...reader.push(chunk)));
  channel.onClose(() => {});
  const writer = new SyrupWriter();
  writeDeliver(writer, 'draft', { kind: 'export', position: 0 }, () => {}, false, false);
  channel.write(writer.toBytes());
  for (let i = 0; i < 100 && received.length === 0; i += 1) await tick();
  assert.equal(received[0]?.op, 'abort');
  assert.match(received[0].reason, /op:deliver before op:start-session/);
  await victim.close();
});

test('a quota exceeded aborts the session, naming the quota and the option', async () => {
  const { alice, bob } = await twoPeers({ quotas: { maxAnswers: 3 } });
  const never = Far('never', { wait: () => new Promise(() => {}) });
  const remote = (await bob.enlivenSturdyRef(alice.makeSturdyRef(never))) as typeof never;
  const calls = [1, 2, 3, 4].map(() => E(remote).wait());
  const outcomes = await Promise.allSettled(calls);
  const reasons = outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason?.message) : 'fulfilled'));
  assert.ok(reasons.every((reason) => /maxAnswers/.test(reason) && /raise the quotas\.maxAnswers option of makeOcapn/.test(reason)), reasons.join('\n'));
  await alice.close();
  await bob.close();
});
