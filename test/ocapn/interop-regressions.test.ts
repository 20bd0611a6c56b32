// Regressions found by running our OCapN peer against Endo's own
// @endo/ocapn 1.1.1 (endojs/endo 1fa6c227) in separate processes. These
// tests check our bytes and behaviour, not Endo's code.
//
// Endo 1.1.1 reads the draft's `op:deliver … f f` and the plural
// `op:gc-exports`/`op:gc-answers`, but reads `op:listen` only with the
// third wants-partial field: the draft's 2-field op:listen makes it drop
// the session, and the test suite's `op:deliver-only` and singular gc
// labels do too. So neither 'draft' nor 'test-suite-6c146dc' could await
// an Endo promise and keep the session; the 'endo-ocapn-1.1.1' dialect can.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { SyrupWriter } = await import('../../src/ocapn/syrup/index.js');
const ow = await import('../../src/ocapn/op-writer.js');
const { makeOpReader } = await import('../../src/ocapn/operations.js');
const { makeOcapn } = await import('../../src/ocapn/client.js');
const { E } = await import('../../src/eventual-send/index.js');
const { Far } = await import('../../src/pass-style/index.js');
const { makeMemoryNetwork } = await import('./memory-netlayer.js');

type Dialect = (typeof ow.OCAPN_DIALECTS)[number];

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const written = (write: (writer: InstanceType<typeof SyrupWriter>) => void): string => {
  const writer = new SyrupWriter();
  write(writer);
  return text(writer.toBytes());
};

const exportAt = (position: number) => ({ kind: 'export' as const, position });
const resolverAt = (position: number) => ({ kind: 'import-object' as const, position });

test("the 'endo-ocapn-1.1.1' dialect is known", () => {
  assert.ok(ow.OCAPN_DIALECTS.includes('endo-ocapn-1.1.1'));
});

test('op:listen: 2 fields in the draft dialect, 3 (wants-partial f) for the suite and for Endo 1.1.1', () => {
  const listen = (dialect: Dialect) => written((w) => ow.writeListen(w, dialect, exportAt(2), resolverAt(3)));
  assert.equal(listen('draft'), "<9'op:listen<11'desc:export2+><18'desc:import-object3+>>");
  assert.equal(listen('test-suite-6c146dc'), "<9'op:listen<11'desc:export2+><18'desc:import-object3+>f>");
  assert.equal(listen('endo-ocapn-1.1.1'), "<9'op:listen<11'desc:export2+><18'desc:import-object3+>f>");
});

test("fire-and-forget is op:deliver … f f for Endo 1.1.1 (it does not read op:deliver-only)", () => {
  const sendOnly = (dialect: Dialect) =>
    written((w) => ow.writeDeliver(w, dialect, exportAt(1), (args) => args.writeString('Hello'), false, false));
  assert.equal(sendOnly('endo-ocapn-1.1.1'), '<10\'op:deliver<11\'desc:export1+>[5"Hello]ff>');
  assert.equal(sendOnly('draft'), '<10\'op:deliver<11\'desc:export1+>[5"Hello]ff>');
  assert.equal(sendOnly('test-suite-6c146dc'), '<15\'op:deliver-only<11\'desc:export1+>[5"Hello]>');
});

test('gc ops are plural for Endo 1.1.1 (it does not read op:gc-export / op:gc-answer)', () => {
  assert.equal(written((w) => ow.writeGcExports(w, 'endo-ocapn-1.1.1', [5, 7], [4, 1])), "<13'op:gc-exports[5+7+][4+1+]>");
  assert.equal(written((w) => ow.writeGcAnswers(w, 'endo-ocapn-1.1.1', [3])), "<13'op:gc-answers[3+]>");
  assert.equal(written((w) => ow.writeGcExports(w, 'test-suite-6c146dc', [5], [4])), "<12'op:gc-export[5+][4+]>");
});

test('our reader takes the 3-field op:listen Endo sends (wants-partial f) as well as the 2-field one', () => {
  for (const bytes of ["<9'op:listen<11'desc:export2+><18'desc:import-object4+>f>", "<9'op:listen<11'desc:export2+><18'desc:import-object4+>>"]) {
    const ops = makeOpReader().push(Buffer.from(bytes, 'latin1'));
    assert.equal(ops.length, 1);
    assert.equal(ops[0]!.op, 'listen');
  }
});

test("a peer in the 'endo-ocapn-1.1.1' dialect awaits a draft peer's promise with a 3-field op:listen and writes only ops Endo 1.1.1 reads", async () => {
  const network = makeMemoryNetwork();
  const a = await makeOcapn({ netlayers: [network.netlayer('A')], dialect: 'endo-ocapn-1.1.1' });
  const b = await makeOcapn({ netlayers: [network.netlayer('B')] });
  try {
    let resolveLater!: (value: string) => void;
    let poked: (value: unknown) => void;
    const pokedWith = new Promise((resolve) => {
      poked = resolve;
    });
    const ref = b.makeSturdyRef(
      Far('promise maker', {
        make: () => [new Promise<string>((resolve) => (resolveLater = resolve))],
        poke: (value: unknown) => poked(value),
      }),
    );
    const maker = (await a.enlivenSturdyRef(ref)) as { make(): unknown; poke(value: unknown): void };
    const [later] = (await E(maker).make()) as [Promise<string>];
    E.sendOnly(maker).poke('x');
    assert.equal(await pokedWith, 'x');
    resolveLater('settled');
    assert.equal(await later, 'settled');

    const wire = text(Buffer.concat(network.endBetween('A', 'B')!.written));
    assert.match(wire, /<9'op:listen<11'desc:(export|answer)[0-9]+\+><18'desc:import-object[0-9]+\+>f>/);
    assert.doesNotMatch(wire, /<9'op:listen<11'desc:(export|answer)[0-9]+\+><18'desc:import-(object|promise)[0-9]+\+>>/);
    assert.match(wire, /<10'op:deliver<11'desc:export[0-9]+\+>\[4'poke1"x\]ff>/);
    assert.doesNotMatch(wire, /op:deliver-only|op:gc-export\[|op:gc-answer\[/);
  } finally {
    await a.close();
    await b.close();
  }
});
