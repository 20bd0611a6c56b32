// Our CapTP end (endo/transport's connectCapTP, netstring-framed) talking
// to @endo/captp 4.5 in a child process over real TCP sockets on
// 127.0.0.1, in both topologies: our server with the original connecting,
// and the original's server with ours connecting. Over each: bootstrap,
// method and function calls, E.get, pipelining, promises resolved later,
// remotable identity, errors (name and message, never a stack), sendOnly,
// a peer aborting or vanishing mid-call, and reference counting with
// gcImports (export tables shrink after the other side drops).

import { harden } from './setup-lockdown.js';
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { E } from '../../src/captp/index.js';
import type { CapTPMessage } from '../../src/captp/index.js';
import { Far, passStyleOf } from '../../src/pass-style/index.js';
import { makePromiseKit } from '../../src/promise-kit/index.js';
import {
  connectCapTP,
  decodeMessage,
  makeNetstringDecoder,
  type CapTPConnection,
} from '../../src/transport/index.js';
import { startOriginalTcpPeer, type OriginalTcpPeer } from './original-tcp-peer.js';

// This process was not started with --expose-gc: turn the flag on now and
// take `gc` from a fresh context, which gets it.
setFlagsFromString('--expose-gc');
const forceGC = runInNewContext('gc') as () => void;

const turns = async (n: number) => {
  for (let i = 0; i < n; i += 1) await new Promise(resolve => setImmediate(resolve));
};

/** A fresh bootstrap object of ours for each connection (its notes are its own). */
const makeOurBoot = () => {
  const notes: string[] = [];
  const thing = Far('ourThing', { getName: () => 'ours' });
  const kept = Far('kept', { who: () => 'kept by us' });
  return Far('OurBoot', {
    add: (x: number, y: number) => x + y,
    getRecord: () => harden({ greeting: 'hello from ours', n: 5n }),
    getDoubler: () => Far('doubler', (n: number) => n * 2),
    makeCounter: (start: number) => {
      let count = start;
      return Far('counter', { inc: (by: number) => (count += by) });
    },
    makeThing: (name: string) => Far('thing', { getName: () => name }),
    getThing: () => thing,
    getKept: () => kept,
    isSame: (x: unknown, y: unknown) => x === y,
    echo: (x: unknown) => x,
    callBack: (theirs: unknown) => E(theirs as any).ping(),
    addLater: async (p: Promise<number>, n: number) => (await p) + n,
    later: () => {
      const kit = makePromiseKit<string>();
      setTimeout(() => kit.resolve('ours resolved later'), 5);
      return harden({ p: kit.promise });
    },
    fail: (message: string) => {
      throw TypeError(message);
    },
    note: (text: string) => void notes.push(text),
    getNotes: () => harden([...notes]),
    // Fresh promises per call (see test/transport/tcp.test.ts for why).
    hang: () => new Promise<never>(() => {}),
    never: () => harden({ p: new Promise<never>(() => {}) }),
  });
};

/** Every message that arrives on `socket`, read off the wire with our own decoder. */
const tapIncoming = (socket: Socket): CapTPMessage[] => {
  const heard: CapTPMessage[] = [];
  const decoder = makeNetstringDecoder(64 * 1024 * 1024);
  socket.on('data', chunk => {
    for (const payload of decoder.push(chunk)) heard.push(decodeMessage(payload));
  });
  return heard;
};

type Topology = 'ours serves, the original connects' | 'the original serves, ours connects';
const topologies: Topology[] = ['ours serves, the original connects', 'the original serves, ours connects'];

/** One connection between the two, seen from our side. */
type Session = {
  ours: CapTPConnection;
  theirBoot: Promise<any>;
  /** The child's number for this connection, in its events. */
  connection: number;
  /** What the original sent us, as it crossed the wire. */
  heard: CapTPMessage[];
  socket: Socket;
  rejected: unknown[];
};

let peer: OriginalTcpPeer;
let ourServer: Server;
let ourPort: number;
/** Sockets our server accepted that no session has taken yet, and sessions waiting for one. */
const accepted: Socket[] = [];
const acceptWaiters: ((socket: Socket) => void)[] = [];

before(async () => {
  peer = await startOriginalTcpPeer();
  ourServer = createServer(socket => {
    const waiter = acceptWaiters.shift();
    if (waiter) waiter(socket);
    else accepted.push(socket);
  });
  await new Promise<void>(resolve => ourServer.listen(0, '127.0.0.1', resolve));
  ourPort = (ourServer.address() as { port: number }).port;
});

after(async () => {
  await new Promise(resolve => ourServer.close(resolve));
  assert.equal(await peer.close(), 0, peer.noise.join('\n'));
});

/** Opens a connection in `topology`, with gcImports on either side as asked. */
const open = async (
  topology: Topology,
  { oursGc = false, theirsGc = false }: { oursGc?: boolean; theirsGc?: boolean } = {},
): Promise<Session> => {
  let socket: Socket;
  if (topology === 'ours serves, the original connects') {
    const acceptedSocket = new Promise<Socket>(resolve => {
      const waiting = accepted.shift();
      if (waiting) resolve(waiting);
      else acceptWaiters.push(resolve);
    });
    peer.connectTo(ourPort, { gcImports: theirsGc });
    socket = await acceptedSocket;
  } else {
    const port = await peer.listen({ gcImports: theirsGc });
    socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  }
  socket.setNoDelay(true);
  const { connection } = await peer.nextEvent(event => event.event === 'connected');
  const heard = tapIncoming(socket);
  const rejected: unknown[] = [];
  const ours = connectCapTP(socket, 'ours', makeOurBoot(), {
    gcImports: oursGc,
    onReject: reason => rejected.push(reason),
  });
  return { ours, theirBoot: ours.getBootstrap(), connection, heard, socket, rejected };
};

/** Closes a session from our side and waits until the child saw it go. */
const close = async (session: Session) => {
  session.ours.abort();
  await session.ours.closed;
  await peer.nextEvent(event => event.event === 'closed' && event.connection === session.connection);
};

const exceptionsIn = (messages: CapTPMessage[]) =>
  messages
    .filter(message => message.type === 'CTP_RETURN' && 'exception' in message)
    .map(message => JSON.parse((message.exception as { body: string }).body));

for (const topology of topologies) {
  describe(`over TCP, ${topology}`, { timeout: 60_000 }, () => {
    let session: Session;
    before(async () => {
      session = await open(topology);
    });
    after(async () => {
      // As with the original, onReject hears of each remote call that
      // rejected: here only the two errors asked for, nothing else went wrong.
      const reported = session.rejected.map(String);
      assert.equal(reported.length, 2, reported.join('\n'));
      assert.equal(reported[0], 'RangeError: too far');
      assert.match(reported[1], /^TypeError: target has no method "noSuchMethod"/);
      await close(session);
    });

    test('bootstrap, method calls, E.get and function calls', async () => {
      const boot = await session.theirBoot;
      assert.equal(passStyleOf(boot), 'remotable');
      assert.equal(String(boot), '[object Alleged: OriginalBoot]');
      assert.equal(await E(boot).hello('endo'), 'original says hello, endo');
      assert.deepEqual(await E(boot).echo(harden({ text: 'é☃', list: [1, 2n], nothing: undefined })), {
        text: 'é☃',
        list: [1, 2n],
        nothing: undefined,
      });
      // E.get on an answer not yet back, and on a record we hold.
      assert.equal(await E.get(E(boot).getRecord()).greeting, 'hi');
      assert.equal(await E.get(await E(boot).getRecord()).n, 10n);
      // A far function of theirs, called directly and through pipelining.
      const tripler = await E(boot).getTripler();
      assert.equal(passStyleOf(tripler), 'remotable');
      assert.equal(await E(tripler)(14), 42);
      assert.equal(await E(E(boot).getTripler())(5), 15);
      // A far function of ours, called back by the original.
      assert.equal(await E(boot).callBack(Far('triple', (n: number) => n * 3), 14), 42);
      // The first answer on the wire is the bootstrap, in the original's format.
      assert.deepEqual(session.heard[0], {
        type: 'CTP_RETURN',
        epoch: 0,
        answerID: 'q-1',
        result: { body: '{"@qclass":"slot","iface":"Alleged: OriginalBoot","index":0}', slots: ['o+1'] },
      });
    });

    test('pipelining on answers that are not back yet', async () => {
      const { pipelinedCalls: before } = await E(session.theirBoot).getWire();
      const counter = E(session.theirBoot).makeCounter(10);
      assert.deepEqual(await Promise.all([E(counter).inc(1), E(counter).inc(2), E(counter).inc(3)]), [11, 13, 16]);
      assert.equal(await E(E(session.theirBoot).makeCounter(0)).inc(7), 7);
      const { pipelinedCalls: after } = await E(session.theirBoot).getWire();
      // All four calls named the unanswered question (q-N) as their target.
      assert.equal(after - before, 4);
    });

    test('promises passed both ways and resolved later', async () => {
      const kit = makePromiseKit<number>();
      const doubled = E(session.theirBoot).double(kit.promise);
      setTimeout(() => kit.resolve(21), 5);
      assert.equal(await doubled, 42);
      const { p } = await E(session.theirBoot).later();
      assert.equal(passStyleOf(p), 'promise');
      assert.equal(await p, 'resolved later');
    });

    test('remotables passed back and forth keep their identity', async () => {
      const kept1 = await E(session.theirBoot).getKept();
      const kept2 = await E(session.theirBoot).echo(kept1);
      assert.equal(kept1, kept2);
      assert.equal(await E(session.theirBoot).isKept(kept1), true);
      assert.equal(await E(kept1).who(), 'kept by the original');
      const mine = Far('mine', { ping: () => 'pong' });
      assert.equal(await E(session.theirBoot).echo(mine), mine);
      assert.deepEqual(await E(session.theirBoot).echo(harden([mine, kept1, mine])), [mine, kept1, mine]);
    });

    test('an error from the original arrives with its name and message, without its stack', async () => {
      await assert.rejects(E(session.theirBoot).fail('too far'), (error: any) => {
        assert.ok(error instanceof RangeError);
        assert.equal(error.name, 'RangeError');
        assert.equal(error.message, 'too far');
        return true;
      });
      const [body] = exceptionsIn(session.heard).filter(body => body.message === 'too far');
      assert.equal(body['@qclass'], 'error');
      assert.equal(body.name, 'RangeError');
      assert.equal('stack' in body, false);
      // Calling a method it does not have is an error too, and the connection lives on.
      await assert.rejects(E(session.theirBoot).noSuchMethod(), TypeError);
      assert.equal(await E(session.theirBoot).hello('again'), 'original says hello, again');
    });

    test('E.sendOnly delivers in order and returns undefined', async () => {
      assert.equal(E.sendOnly(session.theirBoot).note('one'), undefined);
      assert.equal(E.sendOnly(await session.theirBoot).note('two'), undefined);
      assert.deepEqual(await E(session.theirBoot).getNotes(), ['one', 'two']);
    });

    test('the original calls ours: calls, E.get, functions, pipelining, promises, identity, errors, sendOnly', async () => {
      const report = await E(session.theirBoot).probeYours();
      const { wireExceptions, ...rest } = report;
      assert.deepEqual(rest, {
        sum: 5,
        greeting: 'hello from ours',
        doubled: 42,
        counted: [11, 13, 16],
        named: 'gadget',
        same: true,
        identity: true,
        yourIdentity: true,
        pinged: 'pong from the original',
        addedLater: 42,
        yourLater: 'ours resolved later',
        failure: { isError: true, name: 'TypeError', message: 'ours failed' },
        sendOnlyReturned: 'undefined',
        notes: ['sent only'],
      });
      // Our error crossed as name and message only.
      const bodies = wireExceptions.map((data: { body: string }) => JSON.parse(data.body));
      const ours = bodies.find((body: any) => body.message === 'ours failed');
      assert.equal(ours.name, 'TypeError');
      assert.match(ours.errorId, /^error:captp:ours#\d+$/);
      assert.deepEqual(Object.keys(ours).sort(), ['@qclass', 'errorId', 'message', 'name']);
      // The original pipelined on our answers (targets named q-N).
      assert.ok(session.heard.some(message => message.type === 'CTP_CALL' && String(message.target).startsWith('q-')));
    });

    test('the original aborting mid-call rejects every pending promise of ours', async () => {
      const s = await open(topology);
      const boot = await s.theirBoot;
      const { p: neverResolved } = await E(boot).never();
      const pending = [E(boot).hang(), E(boot).hang(), E(E(boot).hang()).anything(), neverResolved];
      const aborting = E(boot).abortNow('the original is shutting down');
      const outcomes = await Promise.allSettled([...pending, aborting]);
      for (const outcome of outcomes) {
        assert.equal(outcome.status, 'rejected');
        assert.equal((outcome as PromiseRejectedResult).reason.message, 'The peer disconnected: the original is shutting down');
      }
      assert.equal(await s.ours.closed, undefined); // it said goodbye: a clean close
      await assert.rejects(E(boot).hello('anyone'), /disconnected/);
      await peer.nextEvent(event => event.event === 'closed' && event.connection === s.connection);
    });

    test('the original aborting without a reason still rejects what is pending', async () => {
      const s = await open(topology);
      const boot = await s.theirBoot;
      const pending = E(boot).hang();
      const outcomes = await Promise.allSettled([pending, E(boot).abortNow()]);
      for (const outcome of outcomes) {
        assert.equal(outcome.status, 'rejected');
        assert.ok((outcome as PromiseRejectedResult).reason instanceof Error);
        assert.match((outcome as PromiseRejectedResult).reason.message, /connection closed/);
      }
      await s.ours.closed;
      await peer.nextEvent(event => event.event === 'closed' && event.connection === s.connection);
    });

    test("the original's socket dropping mid-call rejects every pending promise of ours", async () => {
      const s = await open(topology);
      const boot = await s.theirBoot;
      const { p: neverResolved } = await E(boot).never();
      const pending = [E(boot).hang(), E(E(boot).hang()).anything(), neverResolved, E(boot).dropNow()];
      const outcomes = await Promise.allSettled(pending);
      const reasons = outcomes.map(outcome => {
        assert.equal(outcome.status, 'rejected');
        return (outcome as PromiseRejectedResult).reason;
      });
      // No CTP_DISCONNECT came, only the end of the TCP stream (a clean end,
      // between frames): every promise rejects with one error that says so.
      assert.equal(await s.ours.closed, undefined);
      assert.ok(reasons[0] instanceof Error);
      assert.equal(reasons[0].message, 'CapTP "ours": the connection closed');
      for (const reason of reasons) assert.equal(reason, reasons[0]);
      await assert.rejects(E(boot).hello('anyone'));
      await peer.nextEvent(event => event.event === 'closed' && event.connection === s.connection);
    });

    test('our abort rejects every pending call of the original on ours', async () => {
      const s = await open(topology);
      assert.equal(await E(s.theirBoot).waitOnYours(), 4);
      s.ours.abort(new Error('ours is going away'));
      const { outcomes } = await peer.nextEvent(event => event.event === 'settled' && event.connection === s.connection);
      assert.deepEqual(outcomes, Array(4).fill({ rejected: 'Error: ours is going away' }));
      await peer.nextEvent(event => event.event === 'closed' && event.connection === s.connection);
      assert.equal(await s.ours.closed, undefined);
    });

    test("our socket dropping rejects every pending call of the original's", async () => {
      const s = await open(topology);
      assert.equal(await E(s.theirBoot).waitOnYours(), 4);
      s.socket.destroy();
      const { outcomes } = await peer.nextEvent(event => event.event === 'settled' && event.connection === s.connection);
      assert.deepEqual(outcomes, Array(4).fill({ rejected: 'Error: "original" connection closed' }));
      await peer.nextEvent(event => event.event === 'closed' && event.connection === s.connection);
      assert.ok((await s.ours.closed) instanceof Error);
    });

    test('the original with gcImports drops what it collected, and our export table shrinks', async () => {
      const s = await open(topology, { theirsGc: true });
      assert.equal(await E(s.theirBoot).importAndHold(), 'kept by us');
      assert.equal(await E(s.theirBoot).importAndForget(40), 40);
      // Our bootstrap, `kept` and the 40 things were exported; the original's
      // own GC may have collected (and dropped) a few already.
      const droppedObjects = () =>
        new Set(s.heard.filter(message => message.type === 'CTP_DROP' && String(message.slotID).startsWith('o-')).map(message => message.slotID)).size;
      assert.equal(s.ours.getTableSizes().exports + droppedObjects(), 42);
      const sentDrops = await E(s.theirBoot).collect();
      assert.ok(sentDrops >= 30, `the original sent ${sentDrops} drops`);
      const objectDrops = s.heard.filter(message => message.type === 'CTP_DROP' && String(message.slotID).startsWith('o-'));
      assert.ok(objectDrops.length >= 30, `${objectDrops.length} object drops arrived`);
      assert.ok(s.ours.getTableSizes().exports <= 12, `exports left: ${s.ours.getTableSizes().exports}`);
      assert.ok(s.ours.getStats().gc.DROPPED >= 30);
      // What the original still holds still works.
      assert.equal(await E(s.theirBoot).callHeld(), 'kept by us');
      await close(s);
    });

    test('our end with gcImports drops what it collected, and the original accepts it', async () => {
      const s = await open(topology, { oursGc: true });
      const theirs = s.theirBoot;
      assert.equal(await E(theirs).importAndHold(), 'kept by us');
      // We also drop each question once answered (one drop per answer we
      // received); the original counts those drops too.
      const ourDrops = () => ({ all: s.ours.getStats().send.CTP_DROP, questions: s.ours.getStats().recv.CTP_RETURN });
      const dropsBefore = ourDrops();
      const before = await E(theirs).getGcStats();
      for (let i = 0; i < 30; i += 1) {
        const thing = await E(theirs).makeThing(`o${i}`);
        assert.equal(await E(thing).getName(), `o${i}`);
      }
      for (let i = 0; i < 6; i += 1) {
        forceGC();
        await turns(5);
      }
      const dropsAfter = ourDrops();
      const after = await E(theirs).getGcStats();
      const questionDrops = dropsAfter.questions - dropsBefore.questions;
      const importDrops = dropsAfter.all - dropsBefore.all - questionDrops;
      assert.ok(importDrops >= 20, `we sent ${importDrops} drops of collected imports`);
      assert.equal(after.recvDrops - before.recvDrops, importDrops + questionDrops);
      const forgotten = after.dropped - before.dropped - questionDrops;
      assert.ok(forgotten >= 20, `the original forgot ${forgotten} exports`);
      // The connection still works both ways.
      assert.equal(await E(theirs).callHeld(), 'kept by us');
      assert.equal(await E(theirs).hello('after drops'), 'original says hello, after drops');
      await close(s);
    });
  });
}
