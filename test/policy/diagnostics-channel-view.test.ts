// diagnostics_channel granted to a package: its own channels work (publish,
// subscribe, tracing); Node's own channels, which carry other packages'
// requests, sockets and console calls, are refused by every way an
// attacker would try: by name, as a tracing channel's event channel,
// through Channel, through a channel's constructor, and other subscribers
// are not reachable through a channel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import { builtinForPackage } from '../../src/policy/builtin-views.js';
import { isNodeChannelName } from '../../src/policy/diagnostics-channel-view.js';

type AnyRecord = Record<string, any>;
const granted = () => builtinForPackage('diagnostics_channel', { diagnostics_channel: true }, diagnosticsChannel, { packageName: 'spy' }) as AnyRecord;

test("a package's own channels work as in Node", () => {
  const dc = granted();
  const seen: unknown[] = [];
  const listener = (message: unknown) => seen.push(message);
  dc.subscribe('spy:own', listener);
  const channel = dc.channel('spy:own');
  assert.equal(dc.channel('spy:own'), channel);
  assert.equal(channel.name, 'spy:own');
  assert.equal(channel.hasSubscribers, true);
  channel.publish({ n: 1 });
  assert.deepEqual(seen, [{ n: 1 }]);
  assert.equal(dc.unsubscribe('spy:own', listener), true);
  assert.equal(dc.hasSubscribers('spy:own'), false);

  const tracing = dc.tracingChannel('spy:work');
  const events: string[] = [];
  tracing.subscribe({ start: () => events.push('start'), end: () => events.push('end') });
  assert.equal(tracing.traceSync(() => 42, {}), 42);
  assert.deepEqual(events, ['start', 'end']);
  assert.equal(tracing.start.name, 'tracing:spy:work:start');
});

test("Node's own channels are refused, by name and by every other way in", async () => {
  const dc = granted();
  for (const name of ['http.client.request.start', 'net.client.socket', 'undici:request:create', 'console.log', 'tracing:child_process:start']) {
    assert.equal(isNodeChannelName(name), true, name);
    assert.throws(() => dc.subscribe(name, () => {}), /is refused: it is one of Node's own channels/);
    assert.throws(() => dc.channel(name), /is refused/);
  }
  assert.throws(() => dc.tracingChannel('http.client.request'), /is refused/);
  assert.throws(() => dc.tracingChannel({ start: diagnosticsChannel.channel('http.client.request.start') }), /an object of channels is refused/);
  assert.throws(() => new dc.Channel('http.client.request.start'), /does not give "diagnostics_channel.Channel"/);
  // A channel view leads to no constructor and no other subscriber.
  const channel = dc.channel('spy:other');
  assert.equal(channel.constructor, Object);
  assert.equal(channel._subscribers, undefined);
  assert.ok(Object.isFrozen(channel));

  // And what the refusal protects: a request made by someone else reaches no spy.
  const seen: unknown[] = [];
  assert.throws(() => dc.subscribe('http.client.request.start', (message: unknown) => seen.push(message)));
  const server = http.createServer((_request, response) => response.end('ok'));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>(resolve => http.get(`http://127.0.0.1:${port}/`, response => response.resume().on('end', resolve)));
  server.close();
  assert.deepEqual(seen, []);
});
