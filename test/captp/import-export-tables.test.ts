// The makeCapTPImportExportTables option between two of our ends (pair.ts):
// what the factory is given, when each table method is called, slots with
// the tables' own names on the wire (a peer with default tables takes
// them), promises through such tables, releaseSlot, deleteExport,
// didDisconnect, and a factory's bad slot refused.

import { harden } from './setup-lockdown.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { E, makeCapTP, Remotable } from '../../src/captp/index.js';
import type { CapTP, CapTPImportExportTables, CapTPMessage, CapTPOptions, MakeCapTPImportExportTablesOptions } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';
import { isPromise, makePromiseKit } from '../../src/promise-kit/index.js';
import { settle } from './pair.js';

/** Map-backed tables that name slots `<kind>+<name><n>` and log each call that changes something. */
const makeNamedTables = (name: string) => {
  const exported = new Map<string, unknown>();
  const imported = new Map<string, unknown>();
  const calls: string[] = [];
  const given: MakeCapTPImportExportTablesOptions[] = [];
  let count = 0;
  const factory = (options: MakeCapTPImportExportTablesOptions): CapTPImportExportTables => {
    given.push(options);
    return {
      makeSlotForValue: value => {
        count += 1;
        const slot = `${isPromise(value) ? 'p' : 'o'}+${name}${count}`;
        calls.push(`makeSlotForValue ${slot}`);
        return slot;
      },
      makeValueForSlot: (slot, iface) => {
        calls.push(`makeValueForSlot ${slot} ${iface}`);
        const { promise, settler } = options.makeRemoteKit(slot);
        return { val: slot[0] === 'p' ? promise : Remotable(iface, undefined, settler.resolveWithPresence()), settler };
      },
      hasImport: slot => imported.has(slot),
      getImport: slot => imported.get(slot),
      markAsImported: (slot, value) => {
        calls.push(`markAsImported ${slot}`);
        imported.set(slot, value);
      },
      hasExport: slot => exported.has(slot),
      getExport: slot => exported.get(slot),
      markAsExported: (slot, value) => {
        calls.push(`markAsExported ${slot}`);
        exported.set(slot, value);
      },
      deleteExport: slot => {
        calls.push(`deleteExport ${slot}`);
        exported.delete(slot);
      },
      didDisconnect: () => calls.push('didDisconnect'),
    };
  };
  return { exported, imported, calls, given, factory };
};

/** Two ends through JSON, each with its own options; a log of what each sent. */
const makeEnds = (bootB: unknown, optionsA: CapTPOptions, optionsB: CapTPOptions) => {
  const log: { from: string; message: CapTPMessage }[] = [];
  const rejected: unknown[] = [];
  // eslint-disable-next-line prefer-const
  let b: CapTP;
  const wire = (from: string, to: () => CapTP) => (message: CapTPMessage) => {
    const copy = JSON.parse(JSON.stringify(message));
    log.push({ from, message: copy });
    to().dispatch(copy);
  };
  const onReject = (reason: unknown) => rejected.push(reason);
  const a = makeCapTP('A', wire('A', () => b), undefined, { onReject, ...optionsA });
  b = makeCapTP('B', wire('B', () => a), bootB, { onReject, ...optionsB });
  return { a, b, log, rejected };
};

test('the factory is called once, with gcImports, releaseSlot and makeRemoteKit', () => {
  const plain = makeNamedTables('x');
  makeCapTP('A', () => {}, undefined, { makeCapTPImportExportTables: plain.factory });
  assert.equal(plain.given.length, 1);
  assert.deepEqual(Object.keys(plain.given[0]!).sort(), ['gcImports', 'makeRemoteKit', 'releaseSlot']);
  assert.equal(plain.given[0]!.gcImports, false);
  assert.equal(typeof plain.given[0]!.releaseSlot, 'function');
  const kit = plain.given[0]!.makeRemoteKit('o-9');
  assert.ok(isPromise(kit.promise));
  assert.equal(typeof kit.settler.resolveWithPresence, 'function');
  const gc = makeNamedTables('x');
  makeCapTP('A', () => {}, undefined, { makeCapTPImportExportTables: gc.factory, gcImports: true });
  assert.equal(gc.given[0]!.gcImports, true);
});

test("the tables' slot names go on the wire, and a peer with default tables takes them", async () => {
  const tables = makeNamedTables('bee');
  const thing = Far('thing', { ping: () => 'pong' });
  const { a, b, log, rejected } = makeEnds(Far('Boot', { get: () => thing, echo: (x: unknown) => x }), {}, {
    makeCapTPImportExportTables: tables.factory,
  });
  const boot = await a.getBootstrap();
  const got = await E(boot).get();
  assert.equal(await E(got).ping(), 'pong');
  // Sent back, it is B's own object again.
  assert.equal(await E(boot).echo(got), got);
  const returns = log.filter(({ message }) => message.type === 'CTP_RETURN').map(({ message }) => message.result.slots);
  assert.deepEqual(returns.slice(0, 2), [['o+bee1'], ['o+bee2']]);
  assert.deepEqual(tables.calls, [
    'makeSlotForValue o+bee1',
    'markAsExported o+bee1',
    'makeSlotForValue o+bee2',
    'markAsExported o+bee2',
  ]);
  assert.deepEqual([...tables.exported.keys()], ['o+bee1', 'o+bee2']);
  // Our own table sizes are the application's to count.
  assert.deepEqual(b.getTableSizes(), { exports: NaN, imports: NaN, answers: 0 });
  assert.deepEqual(rejected, []);
});

test('imports go through makeValueForSlot and markAsImported, questions through markAsImported', async () => {
  const tables = makeNamedTables('ay');
  const imported: [unknown, string][] = [];
  const { a, rejected } = makeEnds(Far('Boot', { thing: () => Far('thing', { n: () => 1 }) }), {
    makeCapTPImportExportTables: tables.factory,
    importHook: (value, slot) => imported.push([value, slot]),
  }, {});
  const boot = await a.getBootstrap();
  const thing = await E(boot).thing();
  assert.equal(await E(thing).n(), 1);
  assert.deepEqual(tables.calls, [
    'markAsImported q-1',
    'makeValueForSlot o-1 Alleged: Boot',
    'markAsImported o-1',
    'markAsImported q-2',
    'makeValueForSlot o-2 Alleged: thing',
    'markAsImported o-2',
    'markAsImported q-3',
  ]);
  assert.equal(tables.imported.get('o-1'), boot);
  assert.deepEqual(imported, [[boot, 'o-1'], [thing, 'o-2']]);
  assert.deepEqual(rejected, []);
});

test('a promise exported under a table-made slot settles at the peer, both ways', async () => {
  const tablesA = makeNamedTables('a');
  const tablesB = makeNamedTables('b');
  const later = makePromiseKit<string>();
  const { a, rejected } = makeEnds(
    Far('Boot', { later: () => harden({ p: later.promise }), double: async (p: Promise<number>) => (await p) * 2 }),
    { makeCapTPImportExportTables: tablesA.factory },
    { makeCapTPImportExportTables: tablesB.factory },
  );
  const boot = await a.getBootstrap();
  const { p } = await E(boot).later();
  later.resolve('done');
  assert.equal(await p, 'done');
  const mine = makePromiseKit<number>();
  const doubled = E(boot).double(mine.promise);
  mine.resolve(21);
  assert.equal(await doubled, 42);
  assert.ok(tablesB.calls.includes('makeSlotForValue p+b2'));
  assert.ok(tablesA.calls.includes('makeValueForSlot p-b2 Alleged: Presence A p-b2'));
  assert.ok(tablesA.calls.some(call => /^makeSlotForValue p\+a\d+$/.test(call)));
  assert.deepEqual(rejected, []);
});

test("releaseSlot sends CTP_DROP with the count of messages that carried the import; the exporter's deleteExport follows", async () => {
  const importer = makeNamedTables('i');
  const exporter = makeNamedTables('e');
  const thing = Far('thing', { n: () => 1 });
  const { a, log, rejected } = makeEnds(
    Far('Boot', { get: () => thing, pair: () => harden([thing, thing]) }),
    { makeCapTPImportExportTables: importer.factory },
    { makeCapTPImportExportTables: exporter.factory },
  );
  const boot = await a.getBootstrap();
  const t1 = await E(boot).get();
  assert.equal((await E(boot).pair())[0], t1);
  const slot = importer.calls.find(call => call.startsWith('makeValueForSlot o-e2'))!.split(' ')[1]!;
  assert.equal(slot, 'o-e2');
  const { releaseSlot } = importer.given[0]!;
  releaseSlot(slot);
  await settle();
  assert.deepEqual(log.at(-1), { from: 'A', message: { type: 'CTP_DROP', epoch: 0, slotID: 'o-e2', decRefs: 2 } });
  assert.ok(exporter.calls.includes('deleteExport o+e2'));
  assert.equal(exporter.exported.has('o+e2'), false);
  // Sent again, the object is exported again under its old slot.
  importer.imported.delete(slot);
  const t2 = await E(boot).get();
  assert.equal(await E(t2).n(), 1);
  assert.equal(exporter.calls.filter(call => call === 'markAsExported o+e2').length, 2);
  // Only imports can be released; an answered question was dropped already.
  assert.throws(() => releaseSlot('o+i1'), /only an import/);
  const drops = a.getStats().send.CTP_DROP;
  releaseSlot('q-2');
  assert.equal(a.getStats().send.CTP_DROP, drops);
  assert.deepEqual(rejected, []);
});

test('didDisconnect is called once when the connection ends', async () => {
  const tables = makeNamedTables('d');
  const { a, b } = makeEnds(Far('Boot', {}), {}, { makeCapTPImportExportTables: tables.factory });
  await a.getBootstrap();
  a.abort();
  b.abort();
  await settle();
  assert.deepEqual(tables.calls.filter(call => call === 'didDisconnect'), ['didDisconnect']);
});

test('a trap handler gets its t+N slot from the connection, and is still marked as exported', () => {
  const tables = makeNamedTables('t');
  const end = makeCapTP('B', () => {}, undefined, { makeCapTPImportExportTables: tables.factory, trapHost: () => undefined });
  const handler = end.makeTrapHandler('handler', { n: () => 1 });
  assert.deepEqual(end.serialize(handler).slots, ['t+1']);
  assert.deepEqual(tables.calls, ['markAsExported t+1']);
});

test('a slot the factory makes that is not one of ours is refused before it is sent', () => {
  const tables = makeNamedTables('z');
  const bad: CapTPImportExportTables = { ...tables.factory({} as any), makeSlotForValue: () => 'o-1' };
  const sent: CapTPMessage[] = [];
  const end = makeCapTP('B', message => void sent.push(message), undefined, { makeCapTPImportExportTables: () => bad });
  assert.throws(() => end.serialize(Far('x', {})), /makeSlotForValue made "o-1"/);
  const spaced: CapTPImportExportTables = { ...bad, makeSlotForValue: () => 'o+has space' };
  const other = makeCapTP('C', () => {}, undefined, { makeCapTPImportExportTables: () => spaced });
  assert.throws(() => other.serialize(Far('x', {})), /not a slot of ours/);
  assert.deepEqual(sent, []);
});
