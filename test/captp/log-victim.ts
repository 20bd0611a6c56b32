// Runs as a child process (see log-bounds.test.ts): a CapTP end, after
// lockdown (so the console is the causal console), that a hostile peer
// drives through dispatch with the attack named in argv[2]. It answers
// what it must, waits until every answer is out, and exits; the parent
// measures what it logged on stdout and stderr.

import './setup-lockdown.js';
import { E, makeCapTP } from '../../src/captp/index.js';
import type { CapTPMessage } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';

const attack = process.argv[2];
const settle = async (turns: number) => {
  for (let i = 0; i < turns; i += 1) await new Promise(resolve => setImmediate(resolve));
};

let returns = 0;
let peer: ((message: CapTPMessage) => void) | undefined;
const captp = makeCapTP(
  'victim',
  message => {
    if (message.type === 'CTP_RETURN') returns += 1;
    if (message.type === 'CTP_DISCONNECT') aborted = true;
    peer?.(message);
  },
  Far('Service', { ping: () => 'pong' }),
);
const call = (n: number, method: string) =>
  captp.dispatch({
    type: 'CTP_CALL',
    epoch: 0,
    questionID: `q-${n}`,
    target: 'q-1',
    method: { body: JSON.stringify([method, []]), slots: [] },
  });
let aborted = false;
const waitForReturns = async (count: number) => {
  while (returns < count) {
    if (aborted) throw Error(`the victim's connection was aborted after ${returns} answers`);
    await settle(1);
  }
};

captp.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' });
if (attack === 'normal') {
  call(2, 'nope');
  await waitForReturns(2);
} else if (attack === 'long-method') {
  call(2, 'x'.repeat(8 << 20));
  await waitForReturns(2);
} else if (attack === 'missing-methods') {
  // In reads of 1,000 calls, as a transport delivers them (all at once would
  // be over the maxPendingAnswers quota before any is answered).
  for (let i = 0; i < 50_000; i += 1) {
    call(i + 2, `missing-method-${i}`);
    if (i % 1000 === 999) await settle(1);
  }
  await waitForReturns(50_001);
} else if (attack === 'rejections') {
  // We call the peer; it answers each call with a 100 KB error.
  const message = 'y'.repeat(100_000);
  peer = sent => {
    if (sent.type === 'CTP_BOOTSTRAP') {
      const presence = { body: JSON.stringify({ '@qclass': 'slot', index: 0 }), slots: ['o+1'] };
      queueMicrotask(() => captp.dispatch({ type: 'CTP_RETURN', epoch: 0, answerID: sent.questionID, result: presence }));
    }
    if (sent.type !== 'CTP_CALL') return;
    const body = JSON.stringify({ '@qclass': 'error', name: 'Error', message });
    queueMicrotask(() => captp.dispatch({ type: 'CTP_RETURN', epoch: 0, answerID: sent.questionID, exception: { body, slots: [] } }));
  };
  const remote = captp.getBootstrap();
  const calls: Promise<unknown>[] = [];
  for (let i = 0; i < 2000; i += 1) calls.push((E(remote) as any).call(i).catch(() => 'rejected'));
  await Promise.all(calls);
} else if (attack === 'long-disconnect') {
  captp.dispatch({ type: 'CTP_DISCONNECT', epoch: 0, reason: 'z'.repeat(8 << 20) });
} else {
  throw Error(`no such attack ${attack}`);
}
await settle(5);
process.stdout.write('\nDONE\n');
