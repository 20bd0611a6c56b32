// endo/captp over netstring TCP on 127.0.0.1 (endo/transport), the
// captp-tcp suite's own contestant, as the ocapn-rpc suite's yardstick.
import { loadEndoLibrary } from '../captp/endo-library.js';
import { makeTcpMeasures } from '../captp/endo-measures.js';

export const measures = makeTcpMeasures(await loadEndoLibrary());
