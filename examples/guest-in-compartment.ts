// A guest program, given as a string, runs in a compartment that holds one
// capability: a counter it may increment. Everything else it tries to reach
// (the host's globals, time, an evaluator through a prototype, the shared
// intrinsics) fails, and the example prints how.
import { lockdown, Compartment, harden } from '../src/ses/index.js';

lockdown();

let count = 0;
const counter = harden({
  increment: () => {
    count += 1;
    return count;
  },
});

const guestProgram = `
  const attempts = {
    'use the endowed counter': () => counter.increment(),
    'read the host process': () => typeof process,
    'reach an evaluator through a prototype': () => (() => {}).constructor('return process')(),
    "Function('return this')() is undefined (strict code)": () => Function('return this')() === undefined,
    'tell the time': () => Date.now(),
    'draw a random number': () => Math.random(),
    'change a shared intrinsic': () => { Array.prototype.push = () => 0; },
    'replace the capability': () => { counter.increment = () => 1000; },
  };
  const report = [];
  for (const [what, attempt] of Object.entries(attempts)) {
    try {
      report.push([what, 'returned ' + JSON.stringify(attempt())]);
    } catch (error) {
      report.push([what, error.name + ': ' + error.message]);
    }
  }
  report;
`;

const compartment = new Compartment({ __options__: true, name: 'guest', globals: { counter } });
const report = compartment.evaluate(guestProgram) as [string, string][];
for (const [what, outcome] of report) console.log(`${what.padEnd(42)} ${outcome}`);
console.log(`\nThe host's counter is now ${count}: only the endowed capability had any effect.`);
