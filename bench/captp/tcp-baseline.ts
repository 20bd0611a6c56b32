// The captp-tcp suite's endo contestant built from the baseline revision
// (ENDO_BENCH_BASELINE), beside this checkout's in the same run.
import { baselineBuild, loadEndoLibrary } from './endo-library.js';
import { makeTcpMeasures } from './endo-measures.js';

export const measures = makeTcpMeasures(await loadEndoLibrary(baselineBuild()));
