// The per-connection quotas of makeCapTP (src/captp/quotas.ts) against a
// peer that speaks the wire protocol directly: for each quota, a peer at
// the limit is served, and one more aborts that connection (the peer is
// told, what is pending here is rejected) with a reason naming the quota
// and its option; the process carries on. The memory bound of the big
// CTP_CALL attacks is measured after GC in a child process
// (quota-attack-child.ts, run with --expose-gc).

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CAPTP_QUOTAS, makeCapTP, makeMarshal } from '../../src/captp/index.js';
import { decodeLimitOf } from '../../src/marshal/decode-limits.js';
import type { CapTPQuotas } from '../../src/captp/index.js';
import {
  bootstrapMessage,
  callMessage,
  errorJSON,
  makeVictim,
  quotaReason,
  settle,
  slotRef,
  type Victim,
} from './hostile-peer.js';

/** A victim whose bootstrap the attacker already has (as o-1). */
const connectedVictim = async (quotas: Partial<CapTPQuotas>): Promise<Victim> => {
  const victim = makeVictim(quotas);
  assert.equal(victim.deliver(bootstrapMessage('q-1')), true);
  await settle();
  return victim;
};

/** The victim's answer to question `id`, once sent. */
const answerTo = (victim: Victim, id: string) => victim.sent.find(m => m.type === 'CTP_RETURN' && m.answerID === id);

const assertAlive = (victim: Victim) => assert.equal(victim.endReason(), undefined, `still connected: ${victim.endReason()}`);

const assertAborted = (victim: Victim, name: keyof CapTPQuotas) => {
  const reason = victim.endReason();
  assert.ok(reason !== undefined, `the victim ended the connection over ${name}`);
  assert.match(reason!, quotaReason(name));
  // Told locally too, and later messages are refused.
  assert.ok(victim.rejected.some(r => r instanceof RangeError && quotaReason(name).test(r.message)));
  assert.equal(victim.deliver(bootstrapMessage('q-999')), false);
};

test('the defaults are documented numbers; bad quota options are refused', () => {
  for (const [name, value] of Object.entries(DEFAULT_CAPTP_QUOTAS)) {
    assert.ok(Number.isSafeInteger(value) && value >= 1, name);
  }
  assert.throws(() => makeCapTP('x', () => {}, undefined, { quotas: { maxImports: 0 } }), /quotas\.maxImports option of makeCapTP/);
  assert.throws(() => makeCapTP('x', () => {}, undefined, { quotas: { maxImports: 1.5 } }), /whole number/);
  assert.throws(() => makeCapTP('x', () => {}, undefined, { quotas: { maxImprots: 3 } as any }), /Unknown CapTP quota "maxImprots"/);
  // Infinity switches one off; the original's options still work alongside.
  makeCapTP('x', () => {}, undefined, { quotas: { maxImports: Infinity }, epoch: 3, gcImports: true });
});

test('maxImports: imports up to the limit are taken, one more aborts', async () => {
  const victim = await connectedVictim({ maxImports: 3 });
  victim.deliver(callMessage('q-2', 'count', [slotRef(0), slotRef(1)], ['o+1', 'o+2']));
  victim.deliver(callMessage('q-3', 'count', [slotRef(0), slotRef(1)], ['o+2', 'o+3'])); // o+2 known: 3 held
  await settle();
  assertAlive(victim);
  assert.equal(victim.captp.getTableSizes().imports, 3);
  assert.ok(answerTo(victim, 'q-3'));
  victim.deliver(callMessage('q-4', 'count', [slotRef(0)], ['o+4']));
  assertAborted(victim, 'maxImports');
});

test('maxExports: exports up to the limit are sent, one more aborts', async () => {
  // The bootstrap is one export; two made things make three.
  const victim = await connectedVictim({ maxExports: 3 });
  victim.deliver(callMessage('q-2', 'make', []));
  victim.deliver(callMessage('q-3', 'make', []));
  await settle();
  assertAlive(victim);
  assert.equal(victim.captp.getTableSizes().exports, 3);
  victim.deliver(callMessage('q-4', 'make', []));
  await settle();
  assertAborted(victim, 'maxExports');
  // The peer dropping one makes room again on a fresh connection.
  const again = await connectedVictim({ maxExports: 2 });
  again.deliver(callMessage('q-2', 'make', []));
  await settle();
  again.deliver({ type: 'CTP_DROP', epoch: 0, slotID: 'o-2', decRefs: 1 });
  again.deliver(callMessage('q-3', 'make', []));
  await settle();
  assertAlive(again);
});

test('maxQuestions: our calls awaiting the peer up to the limit, one more rejects and aborts', async () => {
  const victim = makeVictim({ maxQuestions: 3 });
  // Bootstrap questions the peer never answers.
  const asked = [victim.captp.getBootstrap(), victim.captp.getBootstrap(), victim.captp.getBootstrap()];
  for (const p of asked) p.catch(() => {});
  await settle();
  assertAlive(victim);
  await assert.rejects(victim.captp.getBootstrap(), quotaReason('maxQuestions'));
  assert.match(victim.endReason()!, quotaReason('maxQuestions'));
  // What was pending is broken with the same reason.
  for (const p of asked) await assert.rejects(p, quotaReason('maxQuestions'));
  // An answer frees a question: the peer answering keeps a connection within quota.
  const other = makeVictim({ maxQuestions: 1 });
  const first = other.captp.getBootstrap();
  other.deliver({ type: 'CTP_RETURN', epoch: 0, answerID: 'q-1', result: { body: '7', slots: [] } });
  assert.equal(await first, 7);
  const second = other.captp.getBootstrap();
  other.deliver({ type: 'CTP_RETURN', epoch: 0, answerID: 'q-2', result: { body: '8', slots: [] } });
  assert.equal(await second, 8);
  assertAlive(other);
});

test('maxAnswers: answers kept up to the limit, one more aborts; CTP_DROP makes room', async () => {
  const victim = await connectedVictim({ maxAnswers: 3 }); // q-1 is one
  victim.deliver(callMessage('q-2', 'ignore', []));
  victim.deliver(callMessage('q-3', 'ignore', []));
  await settle();
  assertAlive(victim);
  victim.deliver({ type: 'CTP_DROP', epoch: 0, slotID: 'q-2' });
  victim.deliver(callMessage('q-4', 'ignore', []));
  await settle();
  assertAlive(victim);
  assert.equal(victim.captp.getTableSizes().answers, 3);
  victim.deliver(bootstrapMessage('q-5')); // bootstrap questions count too
  assertAborted(victim, 'maxAnswers');
});

test('maxPendingAnswers: calls still being answered up to the limit, one more aborts; settled ones make room', async () => {
  const victim = await connectedVictim({ maxPendingAnswers: 2 });
  victim.deliver(callMessage('q-2', 'ignore', [])); // settles at once
  victim.deliver(callMessage('q-3', 'wait', [])); // never settles
  await settle();
  victim.deliver(callMessage('q-4', 'count', ['1', '"x"'], [], 'q-3')); // queued on the pending answer
  await settle();
  assertAlive(victim);
  victim.deliver(callMessage('q-5', 'wait', []));
  assertAborted(victim, 'maxPendingAnswers');
});

test('maxPendingPromises: unsettled promises from the peer up to the limit, one more aborts', async () => {
  const victim = await connectedVictim({ maxPendingPromises: 2 });
  victim.deliver(callMessage('q-2', 'ignore', [slotRef(0), slotRef(1)], ['p+1', 'p+2']));
  await settle();
  assertAlive(victim);
  // Settling one makes room.
  victim.deliver({ type: 'CTP_RESOLVE', epoch: 0, promiseID: 'p-1', res: { body: '1', slots: [] } });
  victim.deliver(callMessage('q-3', 'ignore', [slotRef(0)], ['p+3']));
  await settle();
  assertAlive(victim);
  victim.deliver(callMessage('q-4', 'ignore', [slotRef(0)], ['p+4']));
  assertAborted(victim, 'maxPendingPromises');
});

test('maxPipelineDepth: a chain on pending answers up to the limit, one more aborts', async () => {
  const victim = await connectedVictim({ maxPipelineDepth: 3 });
  victim.deliver(callMessage('q-2', 'wait', [])); // depth 1, never settles
  victim.deliver(callMessage('q-3', 'self', [], [], 'q-2')); // 2
  victim.deliver(callMessage('q-4', 'self', [], [], 'q-3')); // 3
  victim.deliver(callMessage('q-5', 'self', [], [], 'q-2')); // 2 again: a fan, not a chain
  await settle();
  assertAlive(victim);
  victim.deliver(callMessage('q-6', 'self', [], [], 'q-4')); // 4
  assertAborted(victim, 'maxPipelineDepth');
  // A chain on answers that settled in between is no chain.
  const calm = await connectedVictim({ maxPipelineDepth: 1 });
  calm.deliver(callMessage('q-2', 'self', []));
  await settle();
  calm.deliver(callMessage('q-3', 'self', [], [], 'q-2'));
  await settle();
  calm.deliver(callMessage('q-4', 'count', [], [], 'q-3'));
  await settle();
  assertAlive(calm);
  assert.equal(answerTo(calm, 'q-4')!.result.body, '0');
});

test('maxSlotsPerMessage: a message with the limit of slots is served, one more aborts before any import', async () => {
  const victim = await connectedVictim({ maxSlotsPerMessage: 4 });
  const four = ['o+1', 'o+2', 'o+3', 'o+4'];
  victim.deliver(callMessage('q-2', 'count', four.map((_, i) => slotRef(i)), four));
  await settle();
  assertAlive(victim);
  assert.equal(answerTo(victim, 'q-2')!.result.body, '4');
  const five = ['o+5', 'o+6', 'o+7', 'o+8', 'o+9'];
  victim.deliver(callMessage('q-3', 'count', five.map((_, i) => slotRef(i)), five));
  assertAborted(victim, 'maxSlotsPerMessage');
  assert.equal(victim.captp.getTableSizes().imports, 0, 'the tables are cleared on abort');
});

test('maxBigIntDigits: a bigint at the limit decodes (capdata and smallcaps), one digit more aborts', async () => {
  const victim = await connectedVictim({ maxBigIntDigits: 10 });
  victim.deliver(callMessage('q-2', 'count', ['{"@qclass":"bigint","digits":"-1234567890"}']));
  victim.deliver({ type: 'CTP_CALL', epoch: 0, questionID: 'q-3', target: 'o-1', method: { body: '#["count",["+1234567890"]]', slots: [] } });
  await settle();
  assertAlive(victim);
  assert.equal(answerTo(victim, 'q-3')!.result.body, '1');
  victim.deliver({ type: 'CTP_CALL', epoch: 0, questionID: 'q-4', target: 'o-1', method: { body: '#["count",["-12345678901"]]', slots: [] } });
  assertAborted(victim, 'maxBigIntDigits');
  const capdata = await connectedVictim({ maxBigIntDigits: 10 });
  capdata.deliver(callMessage('q-2', 'count', ['{"@qclass":"bigint","digits":"12345678901"}']));
  assertAborted(capdata, 'maxBigIntDigits');
});

test('a 15-million-digit bigint is refused before it is parsed (the default quota), within a time bound', async () => {
  const victim = await connectedVictim({});
  const body = `#["count",["+${'7'.repeat(15_000_000)}"]]`;
  const start = performance.now();
  victim.deliver({ type: 'CTP_CALL', epoch: 0, questionID: 'q-2', target: 'o-1', method: { body, slots: [] } });
  const elapsed = performance.now() - start;
  assertAborted(victim, 'maxBigIntDigits');
  // BigInt() of it takes about 5 s; the JSON.parse of 15 MB and the check take tens of ms.
  assert.ok(elapsed < 1500, `refused in ${elapsed.toFixed(0)} ms`);
});

test('maxErrorsPerMessage: errors up to the limit in one message are revived, one more aborts', async () => {
  const victim = await connectedVictim({ maxErrorsPerMessage: 3 });
  victim.deliver(callMessage('q-2', 'count', [errorJSON(), errorJSON(), errorJSON()]));
  await settle();
  assertAlive(victim);
  assert.equal(answerTo(victim, 'q-2')!.result.body, '3');
  victim.deliver(callMessage('q-3', 'count', [errorJSON(), errorJSON(1), errorJSON()]));
  assertAborted(victim, 'maxErrorsPerMessage');
});

test('maxErrorNesting: errors nested to the limit are revived, one level more aborts', async () => {
  const victim = await connectedVictim({ maxErrorNesting: 2 });
  victim.deliver(callMessage('q-2', 'count', [errorJSON(1)]));
  await settle();
  assertAlive(victim);
  victim.deliver(callMessage('q-3', 'count', [errorJSON(2)]));
  assertAborted(victim, 'maxErrorNesting');
});

test('maxErrorNotes: an error with the limit of notes is revived, one more aborts', async () => {
  const victim = await connectedVictim({ maxErrorNotes: 2 });
  victim.deliver(callMessage('q-2', 'count', [errorJSON(0, 2)]));
  await settle();
  assertAlive(victim);
  victim.deliver(callMessage('q-3', 'count', [errorJSON(0, 3)]));
  assertAborted(victim, 'maxErrorNotes');
});

test('a quota abort on one connection leaves another connection of the process working', async () => {
  const victim = await connectedVictim({ maxAnswers: 2 });
  const bystander = await connectedVictim({ maxAnswers: 2 });
  victim.deliver(callMessage('q-2', 'ignore', []));
  victim.deliver(callMessage('q-3', 'ignore', []));
  assertAborted(victim, 'maxAnswers');
  bystander.deliver(callMessage('q-2', 'count', ['1']));
  await settle();
  assertAlive(bystander);
  assert.equal(answerTo(bystander, 'q-2')!.result.body, '1');
});

/** Runs one attack in quota-attack-child.ts and returns what it measured. */
const runAttack = (attack: string): any => {
  const child = fileURLToPath(new URL('./quota-attack-child.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=1024', child, attack], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
};

for (const format of ['capdata', 'smallcaps']) {
  test(`a 14 MB CTP_CALL naming a fresh import every few bytes (${format}) is refused, and costs little after GC`, () => {
    const result = runAttack(`big-call-${format}`);
    assert.match(result.reason, quotaReason('maxSlotsPerMessage'));
    // Was 680-900 MB: now the message itself is all it costs, and it is garbage.
    assert.ok(result.heapGrowthMB < 40, `heap grew ${result.heapGrowthMB} MB after GC`);
    assert.equal(result.importsAfter, 0);
  });
}

test('many messages each at the slot quota end at the imports quota, and the memory is given back', () => {
  const result = runAttack('import-flood');
  assert.match(result.reason, quotaReason('maxImports'));
  assert.ok(result.peakImports <= DEFAULT_CAPTP_QUOTAS.maxImports);
  assert.ok(result.heapGrowthMB < 40, `heap grew ${result.heapGrowthMB} MB after GC`);
});

test('floods of answers, bootstrap questions and calls pipelined on a promise that never settles end at their quotas', () => {
  for (const attack of ['answer-flood', 'bootstrap-flood', 'pending-flood']) {
    const result = runAttack(attack);
    assert.match(result.reason, quotaReason(result.expected), attack);
    assert.ok(result.heapGrowthMB < 60, `${attack}: heap grew ${result.heapGrowthMB} MB after GC`);
  }
});

test("marshal's decode limits (what the decoding quotas use): off by default, refused with a recognisable error when set", () => {
  const big = { body: `{"@qclass":"bigint","digits":"${'1'.repeat(50_000)}"}`, slots: [] };
  assert.equal(typeof makeMarshal().fromCapData(big), 'bigint');
  const limited = makeMarshal(undefined, undefined, { maxBigIntDigits: 3, maxErrorsPerBody: 1, maxErrorNesting: 1, maxErrorNotes: 1 });
  const refusal = (data: { body: string; slots: never[] }) => {
    try {
      limited.fromCapData(data);
    } catch (error) {
      return { message: (error as Error).message, limit: decodeLimitOf(error) };
    }
    return undefined;
  };
  assert.equal(limited.fromCapData({ body: '#"-123"', slots: [] }), -123n);
  assert.deepEqual(refusal({ body: '#"-1234"', slots: [] })?.limit, { name: 'maxBigIntDigits', limit: 3, count: 4 });
  assert.match(refusal({ body: '#"+1234"', slots: [] })!.message, /4 digits in one bigint, over the limit of 3 \(the maxBigIntDigits option of makeMarshal\)/);
  assert.equal(refusal({ body: `[${errorJSON()},${errorJSON()}]`, slots: [] })?.limit?.name, 'maxErrorsPerBody');
  assert.equal(refusal({ body: errorJSON(1), slots: [] })?.limit?.name, 'maxErrorsPerBody');
  assert.equal(refusal({ body: errorJSON(0, 2), slots: [] })?.limit?.name, 'maxErrorNotes');
  const nesting = makeMarshal(undefined, undefined, { maxErrorNesting: 1 });
  assert.throws(() => nesting.fromCapData({ body: errorJSON(1), slots: [] }), /2 errors nested in errors, over the limit of 1/);
  assert.throws(() => makeMarshal(undefined, undefined, { maxBigIntDigits: 0 }), /maxBigIntDigits/);
});

harden(test);
