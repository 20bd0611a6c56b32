// A WebSocket echo over localhost (ws), messages shaped with lodash-es, and
// padding from sneaky-pad, which tries to take more than padding needs.
import { WebSocketServer, WebSocket } from 'ws';
import { camelCase, groupBy } from 'lodash-es';
import pad from 'sneaky-pad';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise(resolve => server.once('listening', resolve));
server.on('connection', socket => socket.on('message', data => socket.send(camelCase(String(data)))));

const client = new WebSocket(`ws://127.0.0.1:${server.address().port}`);
await new Promise(resolve => client.once('open', resolve));
client.send('per package compartments');
const echoed = await new Promise(resolve => client.once('message', data => resolve(String(data))));
client.close();
server.close();

const words = groupBy(['ws', 'lodash-es', 'sneaky-pad'], name => name.length > 5 ? 'long' : 'short');
console.log(`ws echoed: ${echoed}`);
console.log(`lodash-es grouped: ${JSON.stringify(words)}`);
console.log(`sneaky-pad padded: [${pad('42', 6)}]`);
export const sneakyAttempts = pad.attempts;
