// The op reader's argsHoldPlaceholders flag on op:deliver, which lets the
// session skip walking args for placeholders: it must be true exactly when
// a descriptor was written inside the args, whatever ops come before and
// after and however the bytes are split into chunks. (Were it false with a
// descriptor inside, the application would get an empty record in its place.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lockdown } from '../../src/ses/index.js';

lockdown();
const { SyrupWriter } = await import('../../src/ocapn/syrup/index.js');
const { makeOpReader } = await import('../../src/ocapn/operations.js');
const ow = await import('../../src/ocapn/op-writer.js');

type Kind = 'export' | 'answer' | 'import-object' | 'import-promise';
type Arg = { desc: Kind; position: number } | string | bigint | Arg[];

const position = fc.nat({ max: 1000 });
const arg: fc.Arbitrary<Arg> = fc.letrec<{ arg: Arg }>((tie) => ({
  arg: fc.oneof(
    { depthSize: 'small' },
    fc.string({ maxLength: 4 }),
    fc.bigInt({ min: -5n, max: 5n }),
    fc.record({ desc: fc.constantFrom<Kind>('export', 'answer', 'import-object', 'import-promise'), position }),
    fc.array(tie('arg'), { maxLength: 3 }),
  ),
})).arg;

const deliver = fc.record({
  op: fc.constant('deliver' as const),
  to: fc.record({ kind: fc.constantFrom<Kind>('export', 'answer'), position }),
  args: fc.array(arg, { maxLength: 4 }),
  answerPosition: fc.oneof(fc.constant(false as const), position),
  resolveMe: fc.oneof(fc.constant(false as const), fc.record({ kind: fc.constant<Kind>('import-object'), position })),
});
const listen = fc.record({
  op: fc.constant('listen' as const),
  to: fc.record({ kind: fc.constantFrom<Kind>('export', 'answer'), position }),
  resolveMe: fc.record({ kind: fc.constant<Kind>('import-object'), position }),
});
const op = fc.oneof(deliver, listen);

const hasDescriptor = (value: Arg): boolean =>
  Array.isArray(value) ? value.some(hasDescriptor) : typeof value === 'object' && value !== null;

const writeArg = (writer: InstanceType<typeof SyrupWriter>, value: Arg): void => {
  if (typeof value === 'string') writer.writeString(value);
  else if (typeof value === 'bigint') writer.writeInteger(value);
  else if (Array.isArray(value)) {
    writer.openList();
    value.forEach((item) => writeArg(writer, item));
    writer.closeList();
  } else ow.writeDescriptor(writer, value.desc, value.position);
};

test('argsHoldPlaceholders is true exactly when a descriptor is inside the args, in any chunking', () => {
  fc.assert(
    fc.property(
      fc.array(op, { minLength: 1, maxLength: 6 }),
      fc.constantFrom<'draft' | 'test-suite-6c146dc'>('draft', 'test-suite-6c146dc'),
      fc.array(fc.nat(), { maxLength: 8 }),
      (ops, dialect, cuts) => {
        const writer = new SyrupWriter();
        for (const value of ops) {
          if (value.op === 'deliver') {
            ow.writeDeliver(writer, dialect, value.to, (w) => value.args.forEach((a) => writeArg(w, a)), value.answerPosition, value.resolveMe);
          } else {
            ow.writeListen(writer, dialect, value.to, value.resolveMe);
          }
        }
        const bytes = writer.toBytes();
        const offsets = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const reader = makeOpReader();
        const read: any[] = [];
        let from = 0;
        for (const to of [...offsets, bytes.length]) {
          read.push(...reader.push(bytes.slice(from, to)));
          from = to;
        }
        assert.equal(read.length, ops.length);
        ops.forEach((value, i) => {
          if (value.op !== 'deliver') return;
          assert.equal(read[i].op, 'deliver');
          assert.equal(read[i].argsHoldPlaceholders, value.args.some(hasDescriptor), `op ${i}`);
        });
      },
    ),
    { numRuns: 300 },
  );
});
