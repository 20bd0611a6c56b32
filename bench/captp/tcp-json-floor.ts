// The JSON request/response floor as a captp-tcp contestant: the same
// hand-written protocol as ./json-floor.ts, over a real TCP socket on
// 127.0.0.1 with netstring framing (./tcp-string-pipe.ts), no lockdown.
import { makeJsonFloorMeasures } from './json-floor.js';
import { openTcpStringPipe } from './tcp-string-pipe.js';

export const measures = makeJsonFloorMeasures(openTcpStringPipe);
