// Our CapTP end talking to @endo/captp 4.5 in a child process, over
// newline-delimited JSON: we call the original's bootstrap (all call
// forms, pipelining, promises, identity, errors) and the original calls
// ours, through the same connection.

import { harden } from './setup-lockdown.js';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { E, makeCapTP } from '../../src/captp/index.js';
import { Far, passStyleOf } from '../../src/pass-style/index.js';
import { makePromiseKit } from '../../src/promise-kit/index.js';
import { startOriginalPeer } from './original-peer.js';

const received: any[] = [];
const noise: string[] = [];
const ourBoot = Far('OurBoot', {
  add: (x: number, y: number) => x + y,
  makeThing: (name: string) => Far('thing', { getName: () => name }),
  isSame: (x: unknown, y: unknown) => x === y,
  echo: (x: unknown) => x,
  fail: (message: string) => {
    throw TypeError(message);
  },
});
const rejected: unknown[] = [];
// eslint-disable-next-line prefer-const
let peer: ReturnType<typeof startOriginalPeer>;
const sent: any[] = [];
const ours = makeCapTP('ours', message => {
  sent.push(message);
  peer.send(message);
}, ourBoot, { onReject: reason => rejected.push(reason) });
peer = startOriginalPeer(
  message => {
    received.push(message);
    ours.dispatch(message);
  },
  line => noise.push(line),
);
after(async () => {
  ours.abort();
  assert.equal(await peer.close(), 0, noise.join('\n'));
});

const theirBoot = ours.getBootstrap();

test('bootstrap and a method call', async () => {
  const boot = await theirBoot;
  assert.equal(passStyleOf(boot), 'remotable');
  assert.equal(String(boot), '[object Alleged: OriginalBoot]');
  assert.equal(await E(boot).hello('endo'), 'original says hello, endo');
  assert.deepEqual(received[0], {
    type: 'CTP_RETURN',
    epoch: 0,
    answerID: 'q-1',
    result: { body: '{"@qclass":"slot","iface":"Alleged: OriginalBoot","index":0}', slots: ['o+1'] },
  });
});

test('pipelined calls on an unresolved answer', async () => {
  const counter = E(theirBoot).makeCounter(10);
  const results = await Promise.all([E(counter).inc(1), E(counter).inc(2), E(counter).inc(3)]);
  assert.deepEqual(results, [11, 13, 16]);
});

test('a function passed to the original and called back', async () => {
  const f = Far('triple', (n: number) => n * 3);
  assert.equal(await E(theirBoot).callBack(f, 14), 42);
  assert.equal(await E(theirBoot).echo(f), f);
});

test('their remotables keep their identity', async () => {
  const kept1 = await E(theirBoot).getKept();
  const kept2 = await E(theirBoot).echo(kept1);
  assert.equal(kept1, kept2);
  assert.equal(await E(theirBoot).isKept(kept1), true);
  assert.equal(await E(kept1).who(), 'kept by the original');
});

test('promises both ways, resolved later', async () => {
  const kit = makePromiseKit<number>();
  const doubled = E(theirBoot).double(kit.promise);
  setTimeout(() => kit.resolve(21), 5);
  assert.equal(await doubled, 42);
  const { p } = await E(theirBoot).later();
  assert.equal(passStyleOf(p), 'promise');
  assert.equal(await p, 'resolved later');
});

test('an error from the original arrives with its name and message', async () => {
  await assert.rejects(E(theirBoot).fail('too far'), (error: any) => {
    assert.ok(error instanceof RangeError);
    assert.equal(error.message, 'too far');
    return true;
  });
});

test('E.get and sendOnly against the original', async () => {
  const record = E(theirBoot).echo(harden({ greeting: 'hi', n: 10n }));
  assert.equal(await E.get(record).greeting, 'hi');
  assert.equal(E.sendOnly(theirBoot).hello('nobody'), undefined);
});

test('the original calls our bootstrap: calls, pipelining, identity, errors', async () => {
  const report = await E(theirBoot).probeYours();
  assert.deepEqual(report, {
    sum: 5,
    named: 'gadget',
    same: true,
    identity: true,
    failure: 'TypeError: ours failed',
  });
  const exception = sent.find(message => message.type === 'CTP_RETURN' && message.exception);
  assert.deepEqual(exception.exception, {
    body: '{"@qclass":"error","errorId":"error:captp:ours#20001","message":"ours failed","name":"TypeError"}',
    slots: [],
  });
});
