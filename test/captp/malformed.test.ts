// Bad messages from the peer: each one must be refused without throwing
// out of dispatch, must end the connection (rejecting what is pending here
// and telling the peer, as text, what was wrong), and must not leave the
// end half-changed. Hand-written cases, then generated ones.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { makeCapTP } from '../../src/captp/index.js';
import type { CapTPMessage } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';

const call = (fields: Record<string, unknown>) => ({
  type: 'CTP_CALL',
  epoch: 0,
  questionID: 'q-1',
  target: 'o-1',
  method: { body: '["m",[]]', slots: [] },
  ...fields,
});
const data = (body: string, slots: unknown[] = []) => ({ body, slots });

/** [what is wrong, the message, a pattern the local error's message matches] */
const BAD_MESSAGES: [string, unknown, RegExp][] = [
  ['null', null, /must be a record/],
  ['undefined', undefined, /must be a record/],
  ['a number', 42, /must be a record/],
  ['a string', 'CTP_CALL', /must be a record/],
  ['an array', [], /must be a record/],
  ['no type', {}, /Unknown CapTP message type/],
  ['an unknown type', { type: 'CTP_NOPE' }, /Unknown CapTP message type "CTP_NOPE"/],
  ['a non-string type', { type: 7 }, /Unknown CapTP message type/],
  ['an inherited type', Object.create({ type: 'CTP_BOOTSTRAP', questionID: 'q-1' }), /Unknown CapTP message type/],
  ['bootstrap without a question', { type: 'CTP_BOOTSTRAP', epoch: 0 }, /lacks its "questionID"/],
  ['bootstrap with an export as question', { type: 'CTP_BOOTSTRAP', questionID: 'o-1' }, /question id/],
  ['bootstrap with a + question', { type: 'CTP_BOOTSTRAP', questionID: 'q+1' }, /question id/],
  ['bootstrap with a zero-padded question', { type: 'CTP_BOOTSTRAP', questionID: 'q-01' }, /question id/],
  ['bootstrap with a numeric question', { type: 'CTP_BOOTSTRAP', questionID: 1 }, /question id/],
  ['call without a target', call({ target: undefined }), /target must be a slot/],
  ['call to a malformed slot', call({ target: 'x-1' }), /target must be a slot/],
  ['call to an unknown export', call({ target: 'o-99' }), /Unknown export "o\+99"/],
  ['call to an unknown promise export', call({ target: 'p-3' }), /Unknown export "p\+3"/],
  ['call to an unasked question', call({ target: 'q-9' }), /never asked/],
  ['call without a method', call({ method: undefined }), /CapData/],
  ['call with a non-string body', call({ method: { body: 5, slots: [] } }), /body that is not a string/],
  ['call with non-array slots', call({ method: { body: '["m",[]]', slots: 'o-1' } }), /slots that are not an array/],
  ['call with a malformed slot in method', call({ method: data('["m",[]]', ['o!1']) }), /malformed slot/],
  ['call with a body that is not JSON', call({ method: data('["m",') }), /JSON|Unexpected|Expected/],
  ['call with a method that is not an array', call({ method: data('"m"') }), /\[prop\] or \[prop, args\]/],
  ['call with an empty method', call({ method: data('[]') }), /\[prop\] or \[prop, args\]/],
  ['call with a numeric method name', call({ method: data('[1,[]]') }), /method name/],
  ['call with arguments that are not an array', call({ method: data('["m",3]') }), /arguments must be an array/],
  ['a get of null', call({ method: data('[null]') }), /get of a non-property/],
  ['call with a slot index out of range', call({ method: data('["m",[{"@qclass":"slot","index":3}]]', ['o+1']) }), /out of range/],
  ['call with an unknown @qclass', call({ method: data('["m",[{"@qclass":"bogus"}]]') }), /bogus|qclass/i],
  ['call passing an unknown export', call({ method: data('["m",[{"@qclass":"slot","index":0}]]', ['o-5']) }), /Unknown export "o\+5"/],
  ['a trap call', call({ trap: true }), /Trap/],
  ['return to an unasked question', { type: 'CTP_RETURN', answerID: 'q-99', result: data('1') }, /not pending/],
  ['return with both outcomes', { type: 'CTP_RETURN', answerID: 'q-1', result: data('1'), exception: data('1') }, /exactly one/],
  ['return with no outcome', { type: 'CTP_RETURN', answerID: 'q-1' }, /exactly one/],
  ['return to a promise id', { type: 'CTP_RETURN', answerID: 'p-1', result: data('1') }, /question id/],
  ['return of an unknown export', { type: 'CTP_RETURN', answerID: 'q-1', result: data('{"@qclass":"slot","index":0}', ['o-4']) }, /Unknown export "o\+4"/],
  ['return of a question slot', { type: 'CTP_RETURN', answerID: 'q-1', result: data('{"@qclass":"slot","index":0}', ['q+7']) }, /Unknown import "q-7"/],
  ['resolve of an unknown promise', { type: 'CTP_RESOLVE', promiseID: 'p-77', res: data('1') }, /not pending/],
  ['resolve of a question', { type: 'CTP_RESOLVE', promiseID: 'q-1', res: data('1') }, /imported promise/],
  ['resolve with no outcome', { type: 'CTP_RESOLVE', promiseID: 'p-1' }, /exactly one/],
  ['drop of an import', { type: 'CTP_DROP', slotID: 'o+1', decRefs: 1 }, /our exports/],
  ['drop with a negative count', { type: 'CTP_DROP', slotID: 'o-1', decRefs: -1 }, /decRefs/],
  ['a trap iteration', { type: 'CTP_TRAP_ITERATE', questionID: 'q-1', serialized: data('[]') }, /Trap/],
];

/** One end with a bootstrap object and a pending question of its own. */
const makeEnd = () => {
  const sent: CapTPMessage[] = [];
  const reported: unknown[] = [];
  const end = makeCapTP('A', message => void sent.push(JSON.parse(JSON.stringify(message))), Far('Boot', { m: () => 1 }), {
    onReject: reason => reported.push(reason),
  });
  const pending = end.getBootstrap();
  return { end, sent, reported, pending };
};

for (const [what, message, expected] of BAD_MESSAGES) {
  test(`refused: ${what}`, async () => {
    const { end, sent, reported, pending } = makeEnd();
    await new Promise(resolve => setImmediate(resolve));
    let accepted: boolean | undefined;
    assert.doesNotThrow(() => {
      accepted = end.dispatch(message);
    });
    assert.equal(accepted, false);
    await assert.rejects(pending, (error: unknown) => {
      assert.ok(error instanceof Error, `rejected with ${String(error)}`);
      assert.match(error.message, expected);
      return true;
    });
    assert.equal(reported.length, 1);
    const disconnect = sent.at(-1)!;
    assert.equal(disconnect.type, 'CTP_DISCONNECT');
    assert.match(disconnect.reason, /^CapTP A: /);
    assert.doesNotMatch(disconnect.reason, /\n\s+at /, 'no stack goes to the peer');
    // Dead from now on: good messages are refused too, quietly.
    assert.equal(end.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }), false);
    assert.equal(reported.length, 1);
  });
}

test('the same end accepts the good versions of these messages', async () => {
  const { end, sent, reported, pending } = makeEnd();
  assert.equal(end.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }), true);
  await new Promise(resolve => setImmediate(resolve));
  const answer = sent.find(message => message.type === 'CTP_RETURN')!;
  assert.deepEqual(answer.result.slots, ['o+1']);
  assert.equal(end.dispatch(call({ questionID: 'q-2', target: 'o-1' })), true);
  assert.equal(end.dispatch(call({ questionID: 'q-3', target: 'q-1' })), true);
  assert.equal(end.dispatch({ type: 'CTP_DROP', epoch: 0, slotID: 'o-1', decRefs: 1 }), true);
  assert.equal(end.dispatch({ type: 'CTP_RETURN', epoch: 0, answerID: 'q-1', result: data('"boot"') }), true);
  assert.equal(await pending, 'boot');
  await new Promise(resolve => setImmediate(resolve));
  const returns = sent.filter(message => message.type === 'CTP_RETURN').map(message => [message.answerID, message.result?.body]);
  assert.deepEqual(returns, [
    ['q-1', '{"@qclass":"slot","iface":"Alleged: Boot","index":0}'],
    ['q-2', '1'],
    ['q-3', '1'],
  ]);
  assert.deepEqual(reported, []);
});

test('a reused question id is refused', () => {
  const { end, reported, pending } = makeEnd();
  pending.catch(() => {});
  assert.equal(end.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }), true);
  assert.equal(end.dispatch({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID: 'q-1' }), false);
  assert.match((reported[0] as Error).message, /reused question id "q-1"/);
});

test('generated garbage never throws out of dispatch', () => {
  const typeArb = fc.constantFrom('CTP_BOOTSTRAP', 'CTP_CALL', 'CTP_RETURN', 'CTP_RESOLVE', 'CTP_DROP', 'CTP_DISCONNECT', 'X');
  const slotArb = fc.oneof(fc.string(), fc.constantFrom('o-1', 'o+1', 'p-1', 'q-1', 'q-2', 't-1'));
  const capDataArb = fc.oneof(
    fc.anything(),
    fc.record({ body: fc.oneof(fc.json(), fc.string()), slots: fc.array(slotArb, { maxLength: 3 }) }),
  );
  const messageArb = fc.oneof(
    fc.anything(),
    fc.record(
      {
        type: typeArb,
        questionID: slotArb,
        answerID: slotArb,
        promiseID: slotArb,
        target: slotArb,
        method: capDataArb,
        result: capDataArb,
        exception: capDataArb,
        res: capDataArb,
        rej: capDataArb,
      },
      { requiredKeys: ['type'] },
    ),
  );
  fc.assert(
    fc.property(fc.array(messageArb, { minLength: 1, maxLength: 4 }), messages => {
      const { end, pending } = makeEnd();
      pending.catch(() => {});
      for (const message of messages) {
        const accepted = end.dispatch(harden(message));
        assert.equal(typeof accepted, 'boolean');
      }
    }),
    { numRuns: 300, seed: 20251126 },
  );
});
