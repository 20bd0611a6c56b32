// A network partition between two peers in two Linux network namespaces
// joined by a veth pair (root and `ip netns` needed; skipped with a message
// otherwise). The caller (session-peer.ts, in namespace A) has calls
// pending on the server (namespace B) when the link goes down: they break
// within the liveness limit, naming the server and the cause. Once the
// link is up again, a new session by sturdy ref works.
//   tcp-testing-only: the session's livenessTimeoutMs is what notices.
//   libp2p: the netlayer's keepalive ping notices (no session limit set):
//   the connection's ping times out.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startSessionPeer, type SessionPeer } from './session-peer-helper.js';

const suffix = `${process.pid % 100000}`;
const nsA = `ocapn-a-${suffix}`;
const nsB = `ocapn-b-${suffix}`;
const vethA = `ocva${suffix}`;
const vethB = `ocvb${suffix}`;
const subnet = `10.231.${process.pid % 250}`;
const addressA = `${subnet}.1`;
const addressB = `${subnet}.2`;

const ip = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let skipReason: string | undefined;
const made: string[] = [];

before(() => {
  try {
    ip('netns', 'add', nsA);
    made.push(nsA);
    ip('netns', 'add', nsB);
    made.push(nsB);
  } catch (error) {
    skipReason = `network namespaces are not available here (ip netns add failed: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim()}); needs root and iproute2`;
    return;
  }
  // A veth pair is one cable: each end in its namespace.
  ip('link', 'add', vethA, 'type', 'veth', 'peer', 'name', vethB);
  ip('link', 'set', vethA, 'netns', nsA);
  ip('link', 'set', vethB, 'netns', nsB);
  ip('-n', nsA, 'addr', 'add', `${addressA}/24`, 'dev', vethA);
  ip('-n', nsB, 'addr', 'add', `${addressB}/24`, 'dev', vethB);
  for (const [ns, veth] of [
    [nsA, vethA],
    [nsB, vethB],
  ] as const) {
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('-n', ns, 'link', 'set', veth, 'up');
  }
});

after(() => {
  // Deleting a namespace deletes the veth end inside it, and so the pair.
  for (const ns of made.splice(0)) {
    try {
      ip('netns', 'del', ns);
    } catch {
      // Gone already.
    }
  }
});

const cut = (): void => {
  ip('-n', nsB, 'link', 'set', vethB, 'down');
};
const restore = (): void => {
  ip('-n', nsB, 'link', 'set', vethB, 'up');
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Enlivens `uri` in the caller, retrying while the server still holds the partitioned session (it refuses a second one). */
const enlivenAgain = async (caller: SessionPeer, uri: string, ms: number): Promise<Record<string, any>> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await caller.command('enliven', { uri }, ms);
    if (answer.enlivened || Date.now() > deadline || !/already a live session|timed out|sent nothing/.test(answer.error)) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const scenarios = [
  {
    netlayer: 'tcp-testing-only',
    limitMs: 1500,
    server: [`host=${addressB}`],
    caller: [`host=${addressA}`, 'liveness=1500', 'closeTimeout=300'],
    cause: (serverLocation: string) =>
      new RegExp(`^OCapN session with ${escapeRegExp(serverLocation)} ended: the peer sent nothing for [0-9]+ ms while we waited on [12] answer\\(s\\) \\(stalled or unreachable; the livenessTimeoutMs option of makeOcapn is 1500 ms\\)$`),
  },
  {
    netlayer: 'libp2p',
    limitMs: 500 + 1000,
    server: [`host=${addressB}`, 'ping=500', 'pingTimeout=1000'],
    caller: [`host=${addressA}`, 'ping=500', 'pingTimeout=1000', 'liveness=Infinity', 'closeTimeout=300'],
    cause: (serverLocation: string) => {
      const designator = /^ocapn:\/\/([^.]+)\./.exec(serverLocation)![1]!;
      return new RegExp(
        `^OCapN session with ${escapeRegExp(serverLocation)} ended: the connection failed without op:abort: OCapN channel with libp2p peer ${designator} at /ip4/${escapeRegExp(addressB)}/tcp/[0-9]+ timed out \\(TimeoutError\\)$`,
      );
    },
  },
];

for (const scenario of scenarios) {
  test(`${scenario.netlayer}: a partition (the veth link down) breaks pending calls within the liveness limit naming the peer; after it heals a new session by sturdy ref works`, async (t) => {
    if (skipReason !== undefined) {
      t.skip(skipReason);
      return;
    }
    const server = startSessionPeer([scenario.netlayer, 'server', ...scenario.server], nsB);
    const caller = startSessionPeer([scenario.netlayer, 'caller', ...scenario.caller], nsA);
    let linkDown = false;
    try {
      const { location } = await server.next('location');
      const { toolsUri } = await server.next('toolsUri');
      assert.ok(String(toolsUri).includes(scenario.netlayer === 'libp2p' ? encodeURIComponent(`/ip4/${addressB}/`) : `host=${addressB}`), toolsUri);
      assert.equal((await caller.command('enliven', { uri: toolsUri })).enlivened, true);
      assert.equal((await caller.command('echo', { value: 'across' })).echo, 'across');

      const hanging = caller.command('hang', {}, 20_000);
      // Let the hang go out before the cut.
      assert.equal((await caller.command('echo', { value: 'before the cut' })).echo, 'before the cut');
      cut();
      linkDown = true;
      const cutAt = Date.now();
      const pending = caller.command('echo', { value: 'into the void' }, 20_000);
      const [hung, echoed] = await Promise.all([hanging, pending]);
      const brokenAfter = Date.now() - cutAt;
      t.diagnostic(`${hung.error} (broken ${brokenAfter} ms after the cut; limit ${scenario.limitMs} ms)`);
      for (const answer of [hung, echoed]) assert.match(String(answer.error), scenario.cause(location));
      assert.ok(brokenAfter < scenario.limitMs + 2500, `broken ${brokenAfter} ms after the cut`);
      assert.deepEqual((await caller.command('tables')).tables, [], 'the caller has no session left');

      restore();
      linkDown = false;
      const again = await enlivenAgain(caller, toolsUri, 15_000);
      assert.equal(again.enlivened, true, JSON.stringify(again));
      assert.equal((await caller.command('echo', { value: 'healed' })).echo, 'healed');
      const { tables } = await caller.command('tables');
      assert.equal(tables.length, 1);
      assert.equal(tables[0].peer, location);
    } finally {
      if (linkDown) restore();
      await Promise.all([server.kill(), caller.kill()]);
    }
  });
}
