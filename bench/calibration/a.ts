// Placeholder measure of the harness itself: both contestants run the very
// same code, so the ratio shows the harness's noise floor (ideally 1.00).
import { timePerOp } from '../timing.js';

let sink = 0;
export const measures = {
  'harness A/A: sum of 100 numbers': () =>
    timePerOp(() => {
      for (let i = 0; i < 100; i += 1) sink += i;
      return sink;
    }),
};
