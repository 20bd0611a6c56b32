// endo/captp as a captp-tcp contestant: its two ends talk over a real TCP
// socket on 127.0.0.1 through endo/transport's netstring connection.
import { loadEndoLibrary } from './endo-library.js';
import { makeTcpMeasures } from './endo-measures.js';

export const measures = makeTcpMeasures(await loadEndoLibrary());
