// Third-party handoffs between three (or four) of our peers over in-memory
// channels (spec/ocapn.md §7): A (gifter) holds a reference to an object
// on C (exporter) and passes it to B (receiver). What crosses each channel
// is looked at: B's calls must go to C, not through A. Then the refusals:
// a replayed handoff-receive, a forged give signature, a give for another
// receiver (refused by the receiver and by the exporter), a receive moved
// to another session; and the two orders of deposit and withdrawal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { makeOcapnKeyPair } = await import('../../src/ocapn/crypto.js');
const { isRecordLabelled, makeSyrupStreamDecoder } = await import('../../src/ocapn/syrup/index.js');
const { makeCertificateValue, makeSignedHandoffGive, makeSignedHandoffReceive, readHandoffGive, readHandoffReceive } = await import(
  '../../src/ocapn/handoff-certificates.js'
);
const { makeHandoffCountLog } = await import('../../src/ocapn/handoffs.js');
const { signHandoffCertificate } = await import('../../src/ocapn/session.js');
const { byteArrayOf } = await import('../../src/ocapn/sturdy-refs.js');
const { makeMemoryNetwork } = await import('./memory-netlayer.js');
type SyrupValue = import('../../src/ocapn/syrup/index.js').SyrupValue;
type MemoryChannel = import('./memory-netlayer.js').MemoryChannel;

const tick = () => new Promise((resolve) => setImmediate(resolve));
const ticks = async (n: number) => {
  for (let i = 0; i < n; i += 1) await tick();
};
const wireText = (channel: MemoryChannel | undefined): string => Buffer.concat(channel?.written ?? []).toString('latin1');

/** The top-level Syrup records written on a channel end. */
const recordsOn = (channel: MemoryChannel): SyrupValue[] => {
  const decoder = makeSyrupStreamDecoder();
  return channel.written.flatMap((chunk) => decoder.push(chunk));
};

const symbolName = (value: SyrupValue | undefined): string | undefined =>
  typeof value === 'object' && value !== null && (value as { type?: string }).type === 'symbol' ? (value as { name: string }).name : undefined;

/** The argument lists of the op:deliver (or deliver-only) records on `channel` whose first argument is the symbol `method`. */
const deliveriesOf = (channel: MemoryChannel, method: string): SyrupValue[][] =>
  recordsOn(channel)
    .filter((record) => isRecordLabelled(record, 'op:deliver') || isRecordLabelled(record, 'op:deliver-only'))
    .map((record) => (record as unknown as { fields: SyrupValue[] }).fields[1] as SyrupValue[])
    .filter((args) => symbolName(args[0]) === method);

/**
 * Three peers: C exports a counter, B a "receiver" that uses what it is
 * given, and A holds both (by sturdy refs), ready to introduce B to C's counter.
 */
const threePeers = async (exporterQuotas: Record<string, number> = {}) => {
  const network = makeMemoryNetwork();
  const a = await makeOcapn({ netlayers: [network.netlayer('A')] });
  const b = await makeOcapn({ netlayers: [network.netlayer('B')] });
  const c = await makeOcapn({ netlayers: [network.netlayer('C')], quotas: exporterQuotas });
  let count = 0;
  const counter = Far('counter', { increment: (by: number) => (count += by) });
  const checker = Far('checker', { isCounter: (value: unknown) => value === counter });
  const counterRef = c.makeSturdyRef(counter);
  const checkerRef = c.makeSturdyRef(checker);
  let kept: unknown;
  const receiver = Far('receiver', {
    use: (given: unknown) => {
      kept = given;
      return E(given as typeof counter).increment(1);
    },
    again: () => E(kept as typeof counter).increment(10),
    // What B got is a promise for the gift; once settled it is C's object.
    checkWithC: async () => E((await b.enlivenSturdyRef(checkerRef)) as typeof checker).isCounter(await kept),
    giveBack: () => kept,
    isMe: async (given: unknown) => (await given) === receiver,
  });
  const receiverAtA = (await a.enlivenSturdyRef(b.makeSturdyRef(receiver))) as typeof receiver;
  const counterAtA = (await a.enlivenSturdyRef(counterRef)) as typeof counter;
  const close = async () => {
    await Promise.all([a.close(), b.close(), c.close()]);
  };
  return { network, a, b, c, counterAtA, receiverAtA, counterRef, close, getCount: () => count };
};

test('A introduces B to C\'s counter: B calls C directly, A only deposits and gives', async () => {
  const { network, b, c, counterAtA, receiverAtA, getCount, close } = await threePeers();
  assert.equal(await E(receiverAtA).use(counterAtA), 1);
  assert.equal(await E(receiverAtA).again(), 11);
  assert.equal(getCount(), 11);

  // On the wire: A→C deposits the gift, A→B carries a signed handoff-give
  // (no desc:import-object for the counter), B→C withdraws it and calls it.
  const deposits = deliveriesOf(network.endBetween('A', 'C')!, 'deposit-gift');
  assert.equal(deposits.length, 1);
  const giftId = deposits[0]![1] as Uint8Array;
  assert.equal(giftId.length, 32);
  const uses = deliveriesOf(network.endBetween('A', 'B')!, 'use');
  assert.equal(uses.length, 1);
  const give = readHandoffGive(uses[0]![1]!);
  assert.deepEqual(give.giftId, giftId);
  assert.equal(give.exporterLocation.designator, 'C');
  const sessionAB = b.sessions().find((session) => session.peerLocation?.designator === 'A')!;
  assert.deepEqual(give.receiverKey.id, sessionAB.ourKeyId);
  const sessionAC = c.sessions().find((session) => session.peerLocation?.designator === 'A')!;
  assert.deepEqual(give.session, sessionAC.id);
  assert.deepEqual(give.gifterSide, sessionAC.peerKey!.id);

  const bToC = network.endBetween('B', 'C')!;
  assert.equal(deliveriesOf(bToC, 'withdraw-gift').length, 1);
  // Both increments went from B to C, and none crossed any of A's channels.
  assert.match(wireText(bToC), /9'increment/);
  assert.equal((wireText(bToC).match(/9'increment/g) ?? []).length, 2);
  for (const other of ['B', 'C']) {
    assert.doesNotMatch(wireText(network.endBetween('A', other)), /9'increment/);
    assert.doesNotMatch(wireText(network.endBetween(other, 'A')), /9'increment/);
  }
  await close();
});

test('a handed-off reference is the same object: back at its exporter, and back at the gifter', async () => {
  const { counterAtA, receiverAtA, close } = await threePeers();
  await E(receiverAtA).use(counterAtA);
  // B sends it to C in the B–C session: C gets its own counter.
  assert.equal(await E(receiverAtA).checkWithC(), true);
  // B hands it back to A (exporter C again): A gets the presence it had.
  assert.equal(await E(receiverAtA).giveBack(), counterAtA);
  await close();
});

test('a replayed handoff-receive is refused (its handoff count was used in that session)', async () => {
  const { network, b, c, counterAtA, receiverAtA, close } = await threePeers();
  await E(receiverAtA).use(counterAtA);
  const [withdrawal] = deliveriesOf(network.endBetween('B', 'C')!, 'withdraw-gift');
  const signedReceive = withdrawal![1]!;
  const sessionBC = await b.connect(c.location);
  await assert.rejects(
    E(sessionBC.getBootstrap())['withdraw-gift'](makeCertificateValue(signedReceive, 'desc:handoff-receive')),
    /Handoff refused: handoff-count 0 was used before in this session \(a replay\)/,
  );
  await close();
});

test('a handoff-receive moved to another session is refused (receiving-session), and so is one signed by another key', async () => {
  const { network, counterAtA, receiverAtA, counterRef, close } = await threePeers();
  const d = await makeOcapn({ netlayers: [network.netlayer('D')] });
  await E(receiverAtA).use(counterAtA);
  const [withdrawal] = deliveriesOf(network.endBetween('B', 'C')!, 'withdraw-gift');
  const signedReceive = withdrawal![1]!;
  // D saw the traffic and replays B's receive in its own session with C.
  const sessionDC = await d.connect(counterRef.peer);
  const bootstrap = sessionDC.getBootstrap();
  await assert.rejects(
    E(bootstrap)['withdraw-gift'](makeCertificateValue(signedReceive, 'desc:handoff-receive')),
    /Handoff refused: the handoff-receive names another session \(receiving-session\)/,
  );
  // D makes its own receive around A's give, for its session, but cannot sign as B.
  const [use] = deliveriesOf(network.endBetween('A', 'B')!, 'use');
  const forged = makeSignedHandoffReceive(
    { receivingSession: sessionDC.id!, receivingSide: sessionDC.ourKeyId, handoffCount: 0n, signedGive: use![1]! },
    makeOcapnKeyPair().sign,
  );
  await assert.rejects(
    E(bootstrap)['withdraw-gift'](makeCertificateValue(forged, 'desc:handoff-receive')),
    /Handoff refused: the handoff-receive's signature is not by the receiver-key the handoff-give names/,
  );
  await d.close();
  await close();
});

/** A give from A to B for C's counter, with some part wrong, and the session parts to make it. */
const craftGive = async (peers: Awaited<ReturnType<typeof threePeers>>, wrong: 'signature' | 'receiver', exporterLocation = peers.c.location) => {
  const { a, b } = peers;
  const sessionAC = a.sessions().find((session) => session.peerLocation?.designator === 'C')!;
  const sessionAB = a.sessions().find((session) => session.peerLocation?.designator === 'B')!;
  const receiverKey = wrong === 'receiver' ? makeOcapnKeyPair().publicKey : sessionAB.peerKey!;
  const signedGive = makeSignedHandoffGive(
    { receiverKey, exporterLocation, session: sessionAC.id!, gifterSide: sessionAC.ourKeyId, giftId: new Uint8Array(32).fill(7) },
    makeOcapnKeyPair().sign,
  );
  assert.ok(b);
  return makeCertificateValue(signedGive, 'desc:handoff-give');
};

test('a forged give signature is refused by the exporter, and the receiver\'s promise breaks with why', async () => {
  const peers = await threePeers();
  const forged = await craftGive(peers, 'signature');
  await assert.rejects(
    E(peers.receiverAtA).use(forged),
    /Handoff refused: the handoff-give's signature is not the gifter's \(its key in the gifter–exporter session\)/,
  );
  // B did go to C with it (and was refused there).
  assert.equal(deliveriesOf(peers.network.endBetween('B', 'C')!, 'withdraw-gift').length, 1);
  await peers.close();
});

test('a give for another receiver is refused by the receiver, which does not go to the exporter', async () => {
  const peers = await threePeers();
  const forged = await craftGive(peers, 'receiver');
  await assert.rejects(
    E(peers.receiverAtA).use(forged),
    /Handoff refused: the handoff-give names another receiver \(its receiver-key is not our key in the session it came in\)/,
  );
  assert.equal(peers.network.endBetween('B', 'C'), undefined);
  await peers.close();
});

test('a gift withdrawn before its deposit is given once the deposit comes', async () => {
  const { network, counterAtA, receiverAtA, close } = await threePeers();
  const release = network.endBetween('A', 'C')!.hold();
  let settled = false;
  const used = E(receiverAtA).use(counterAtA);
  void used.then(() => (settled = true));
  await ticks(30);
  // B's withdraw-gift reached C; the deposit is held back: C waits.
  assert.equal(deliveriesOf(network.endBetween('B', 'C')!, 'withdraw-gift').length, 1);
  assert.equal(deliveriesOf(network.endBetween('A', 'C')!, 'deposit-gift').length, 1);
  assert.equal(settled, false);
  release();
  assert.equal(await used, 1);
  await close();
});

test('a gift withdrawn after its deposit is given at once', async () => {
  const { network, b, c, counterAtA, receiverAtA, close } = await threePeers();
  await b.connect(c.location);
  const release = network.endBetween('B', 'C')!.hold();
  const used = E(receiverAtA).use(counterAtA);
  await ticks(30);
  // The deposit is at C; B's withdrawal is held back until now.
  assert.equal(deliveriesOf(network.endBetween('A', 'C')!, 'deposit-gift').length, 1);
  assert.equal(deliveriesOf(network.endBetween('B', 'C')!, 'withdraw-gift').length, 1);
  release();
  assert.equal(await used, 1);
  await close();
});

test('a withdrawal waiting for its gift breaks when the gifter\'s session with the exporter ends', async () => {
  const { network, a, counterAtA, receiverAtA, close } = await threePeers();
  network.endBetween('A', 'C')!.hold();
  const used = E(receiverAtA).use(counterAtA);
  await ticks(30);
  a.sessions().find((session) => session.peerLocation?.designator === 'C')!.abort('gifter gone');
  await assert.rejects(used, /Handoff refused: the gifter's session ended before the gift was deposited/);
  await close();
});

test('the handoff count log: a count is used once; counts used in order take no room', () => {
  const log = makeHandoffCountLog();
  assert.equal(log.use(0n), true);
  assert.equal(log.use(0n), false);
  assert.equal(log.use(1n), true);
  assert.equal(log.size, 0);
  assert.equal(log.use(5n), true);
  assert.equal(log.use(3n), true);
  assert.equal(log.size, 2);
  assert.equal(log.use(2n), true);
  assert.equal(log.use(4n), true);
  assert.equal(log.size, 0);
  for (const used of [0n, 1n, 2n, 3n, 4n, 5n]) assert.equal(log.use(used), false);
  assert.equal(log.use(6n), true);
});

test('the handoff count log agrees with a set of every count used (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: 0n, max: 40n }), { maxLength: 200 }), (counts) => {
      const log = makeHandoffCountLog();
      const seen = new Set<bigint>();
      for (const count of counts) {
        assert.equal(log.use(count), !seen.has(count));
        seen.add(count);
        let next = 0n;
        while (seen.has(next)) next += 1n;
        assert.equal(log.size, [...seen].filter((used) => used > next).length);
      }
    }),
  );
});

test('a gifter over the maxGifts quota has its session with the exporter aborted, naming the quota', async () => {
  const { a, counterAtA, close } = await threePeers({ maxGifts: 2 });
  const sessionAC = a.sessions().find((session) => session.peerLocation?.designator === 'C')!;
  for (let i = 0; i < 3; i += 1) {
    void E.sendOnly(sessionAC.getBootstrap())['deposit-gift'](byteArrayOf(new Uint8Array(randomBytes(32))), counterAtA);
  }
  await assert.rejects(sessionAC.ended, /OCapN quota exceeded: 3 gifts deposited and not withdrawn, over the limit of 2 \(raise the quotas\.maxGifts option of makeOcapn\)/);
  await close();
});

test('a give that names the receiver itself as the exporter is withdrawn from its own gift table', async () => {
  const { a, b, receiverAtA, close } = await threePeers();
  const sessionAB = a.sessions().find((session) => session.peerLocation?.designator === 'B')!;
  const giftId = new Uint8Array(randomBytes(32));
  void E.sendOnly(sessionAB.getBootstrap())['deposit-gift'](byteArrayOf(giftId), receiverAtA);
  const signedGive = makeSignedHandoffGive(
    { receiverKey: sessionAB.peerKey!, exporterLocation: b.location, session: sessionAB.id!, gifterSide: sessionAB.ourKeyId, giftId },
    (message) => signHandoffCertificate(sessionAB, message),
  );
  assert.equal(await E(receiverAtA).isMe(makeCertificateValue(signedGive, 'desc:handoff-give')), true);
  // Only handoff certificates are signed with a session key.
  assert.throws(() => signHandoffCertificate(sessionAB, new TextEncoder().encode('<11\'my-location>')), /signs only handoff certificates/);
  await close();
});

test('a give naming an exporter the receiver cannot reach breaks, saying so', async () => {
  const peers = await threePeers();
  const nowhere = { ...peers.c.location, designator: 'Z' };
  const give = await craftGive(peers, 'signature', nowhere);
  await assert.rejects(E(peers.receiverAtA).use(give), /Handoff failed: cannot reach the exporter ocapn:\/\/Z\.memory: No memory peer Z/);
  await peers.close();
});

test('a receiver withdrawing a gift again and again is stopped at maxPendingWithdrawals: its session is aborted, naming the quota', async () => {
  const { network, b, c, counterAtA, receiverAtA, close } = await threePeers({ maxPendingWithdrawals: 2 });
  await E(receiverAtA).use(counterAtA);
  const [withdrawal] = deliveriesOf(network.endBetween('B', 'C')!, 'withdraw-gift');
  const { signedGive } = readHandoffReceive(withdrawal![1]!);
  const sessionBA = b.sessions().find((session) => session.peerLocation?.designator === 'A')!;
  const sessionBC = await b.connect(c.location);
  // The gift was taken by the first withdrawal: each of these waits for a deposit that never comes.
  const waits = [1n, 2n, 3n].map((handoffCount) => {
    const signedReceive = makeSignedHandoffReceive(
      { receivingSession: sessionBC.id!, receivingSide: sessionBC.ourKeyId, handoffCount, signedGive },
      (message) => signHandoffCertificate(sessionBA, message),
    );
    const answer = E(sessionBC.getBootstrap())['withdraw-gift'](makeCertificateValue(signedReceive, 'desc:handoff-receive'));
    answer.catch(() => {});
    return answer;
  });
  await assert.rejects(
    sessionBC.ended,
    /OCapN quota exceeded: 3 withdrawals waiting for their gift, over the limit of 2 \(raise the quotas\.maxPendingWithdrawals option of makeOcapn\)/,
  );
  // The two that waited break with the session.
  await assert.rejects(waits[0]!, /aborted/);
  await close();
});

test('a gift ID over 256 bytes is refused at deposit and at withdrawal', async () => {
  const { a, b, counterAtA, receiverAtA, close } = await threePeers();
  const sessionAC = a.sessions().find((session) => session.peerLocation?.designator === 'C')!;
  await assert.rejects(
    E(sessionAC.getBootstrap())['deposit-gift'](byteArrayOf(new Uint8Array(257)), counterAtA),
    /deposit-gift: a gift ID of 257 bytes is over the limit of 256/,
  );
  const sessionAB = a.sessions().find((session) => session.peerLocation?.designator === 'B')!;
  const longGive = makeSignedHandoffGive(
    { receiverKey: sessionAB.peerKey!, exporterLocation: sessionAC.peerLocation!, session: sessionAC.id!, gifterSide: sessionAC.ourKeyId, giftId: new Uint8Array(300) },
    (message) => signHandoffCertificate(sessionAC, message),
  );
  await assert.rejects(E(receiverAtA).use(makeCertificateValue(longGive, 'desc:handoff-give')), /Handoff refused: a gift ID of 300 bytes is over the limit of 256/);
  assert.ok(b);
  await close();
});
