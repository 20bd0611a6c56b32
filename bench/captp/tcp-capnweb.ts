// capnweb as a captp-tcp contestant: its string RpcTransport over a real
// TCP socket on 127.0.0.1, each string framed as a netstring by
// ./tcp-string-pipe.ts. No lockdown (it needs none).
import { makeCapnwebMeasures } from './capnweb.js';
import { openTcpStringPipe } from './tcp-string-pipe.js';

export const measures = makeCapnwebMeasures(openTcpStringPipe);
