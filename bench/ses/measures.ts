// The Hardened JavaScript measures, written once against the globals that
// both `ses` and `endo/ses` install (lockdown, harden, Compartment), so the
// two contestants run the very same code.
import { timePerOp, timePerOpInBatch } from '../timing.js';
import type { Measure } from '../suite.js';

declare const harden: <T>(x: T) => T;
declare const Compartment: new (options?: object) => { evaluate(source: string): unknown };

const READS = 1_000_000;
const readLoop = `let sum = 0; for (let i = 0; i < ${READS}; i += 1) { sum += endowed; } sum`;

export const makeSesMeasures = (importAndLockdownNs: number): Record<string, Measure> => ({
  'import + lockdown()': () => importAndLockdownNs,
  'harden a fresh three-object graph': () => timePerOp(() => harden({ left: {}, right: {} })),
  'new Compartment()': () => timePerOp(() => new Compartment()),
  "evaluate('1 + 1')": () => {
    const compartment = new Compartment();
    return timePerOp(() => compartment.evaluate('1 + 1'));
  },
  'evaluate a never-seen source (parse included)': () => {
    const compartment = new Compartment();
    let n = 0;
    return timePerOp(() => compartment.evaluate(`${(n += 1)} + 1`));
  },
  'read of a mutable endowed global (1e6-read loop, per read)': () => {
    const compartment = new Compartment({ __options__: true, globals: { endowed: 1 } });
    return timePerOpInBatch(() => compartment.evaluate(readLoop), READS);
  },
});
