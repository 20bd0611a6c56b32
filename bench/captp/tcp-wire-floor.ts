// The CapTP wire floor (./wire-floor.ts) as a captp-tcp contestant: the
// same messages over a real TCP socket on 127.0.0.1 with netstring framing
// (./tcp-string-pipe.ts), no lockdown.
import { makeWireFloorMeasures } from './wire-floor.js';
import { openTcpStringPipe } from './tcp-string-pipe.js';

export const measures = makeWireFloorMeasures(openTcpStringPipe);
