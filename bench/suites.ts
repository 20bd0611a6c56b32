// The registry of benchmark suites that `npm run bench` knows.
import type { Suite } from './suite.js';

export const suites: Suite[] = [
  {
    name: 'calibration',
    description: 'placeholder: the harness measuring the same code twice (noise floor)',
    ours: { label: 'A', module: './calibration/a.js' },
    peers: [{ label: 'A again', module: './calibration/a.js' }],
  },
];
