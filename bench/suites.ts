// The registry of benchmark suites that `npm run bench` knows.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { Contestant, Suite } from './suite.js';

/** `name version` of an installed peer package, for column headings. */
const peerLabel = (name: string): string => {
  const manifest = JSON.parse(readFileSync(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8'));
  return `${name} ${manifest.version}`;
};

/**
 * This checkout's endo built at an earlier revision, as one more peer, when
 * ENDO_BENCH_BASELINE names its worktree (bench/make-baseline.sh): a
 * change's cost, before and after, in the same run.
 */
const baselinePeer = (module: string): Contestant[] => {
  const root = process.env.ENDO_BENCH_BASELINE;
  if (root === undefined || root === '') return [];
  const revision = spawnSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  return [{ label: `endo at ${revision || root}`, module }];
};

export const suites: Suite[] = [
  {
    name: 'calibration',
    description: 'placeholder: the harness measuring the same code twice (noise floor)',
    ours: { label: 'A', module: './calibration/a.js' },
    peers: [{ label: 'A again', module: './calibration/a.js' }],
  },
  {
    name: 'ses',
    description: 'Hardened JavaScript: lockdown, harden, Compartment',
    ours: { label: 'endo/ses', module: './ses/ours.js' },
    peers: [{ label: peerLabel('ses'), module: './ses/peer.js' }],
  },
  {
    name: 'modules',
    description: 'ModuleSource and the Compartment loader on lodash-es (~640 modules)',
    ours: { label: 'endo', module: './modules/ours.js' },
    peers: [
      { label: `${peerLabel('ses')} + ${peerLabel('@endo/module-source')}`, module: './modules/peer.js' },
      { label: 'node import()', module: './modules/native.js' },
    ],
  },
  {
    name: 'marshal',
    description: 'marshal: 1000-record round trips in both body formats, and passStyleOf',
    ours: { label: 'endo/marshal', module: './marshal/ours.js' },
    peers: [
      { label: `${peerLabel('@endo/marshal')} + ${peerLabel('@endo/pass-style')}`, module: './marshal/peer.js' },
      { label: 'JSON.stringify + JSON.parse', module: './marshal/json-floor.js' },
    ],
  },
  {
    name: 'captp',
    description:
      "RPC over an in-process JSON-string transport (one microtask per message): CapTP, Cap'n Web, a JSON request/response floor, and the CapTP wire floor (the JSON of CapTP's own messages, and nothing else). The two 'messages per …' rows are COUNTS of strings through the transport (both directions), printed with the ns unit; there, a ratio above 1× means ours sends fewer",
    ours: { label: 'endo/captp', module: './captp/ours.js' },
    peers: [
      ...baselinePeer('./captp/baseline.js'),
      { label: peerLabel('@endo/captp'), module: './captp/peer.js' },
      { label: peerLabel('capnweb'), module: './captp/capnweb.js' },
      { label: 'JSON request/response floor', module: './captp/json-floor.js' },
      { label: 'CapTP wire floor (its JSON only)', module: './captp/wire-floor.js' },
    ],
  },
  {
    name: 'captp-tcp',
    description:
      "The captp measures over a real TCP socket on 127.0.0.1 (both ends in one process, Nagle off), each message framed as a netstring: endo/captp through endo/transport's netstring connection, the peers through a lean hand-written framer. The two 'messages per …' rows are COUNTS of messages (both directions), printed with the ns unit; there, a ratio above 1× means ours sends fewer",
    ours: { label: 'endo/captp + endo/transport', module: './captp/tcp-ours.js' },
    peers: [
      ...baselinePeer('./captp/tcp-baseline.js'),
      { label: peerLabel('@endo/captp'), module: './captp/tcp-peer.js' },
      { label: peerLabel('capnweb'), module: './captp/tcp-capnweb.js' },
      { label: 'JSON request/response floor', module: './captp/tcp-json-floor.js' },
      { label: 'CapTP wire floor (its JSON only)', module: './captp/tcp-wire-floor.js' },
    ],
  },
  {
    name: 'ocapn',
    description:
      "OCapN Syrup: a 1000-record passable payload ({id, name, tags, amount: bigint, ok}) to bytes and back, against endo/marshal smallcaps with JSON.stringify/JSON.parse of its capdata. The 'encoded size' row is a COUNT of bytes, printed with the ns unit",
    ours: { label: 'endo/ocapn Syrup', module: './ocapn/syrup.js' },
    peers: [{ label: 'endo/marshal smallcaps + JSON', module: './ocapn/smallcaps-json.js' }],
  },
  {
    name: 'ocapn-rpc',
    description:
      "OCapN round trips between two endo/ocapn peers in one process on 127.0.0.1 (the captp measures: sequential echo, 20,000 concurrent echo, 1000-record payload echo, pipelined chain), over tcp-testing-only and over libp2p (TCP + Noise + yamux), against endo/captp over netstring TCP (endo/transport, as in captp-tcp). The payload is the captp suite's. The two 'messages per …' rows are COUNTS, both directions, printed with the ns unit: for OCapN, channel writes (the ops a session makes in one turn share one write, GC ops ride along), for CapTP, netstring messages; there, a ratio above 1× means ours sends fewer",
    ours: { label: 'endo/ocapn over tcp-testing-only', module: './ocapn/rpc-tcp-testing-only.js' },
    peers: [
      { label: 'endo/ocapn over libp2p', module: './ocapn/rpc-libp2p.js' },
      { label: 'endo/captp over netstring TCP', module: './ocapn/rpc-captp-tcp.js' },
      ...baselinePeer('./ocapn/rpc-tcp-baseline.js'),
    ],
  },
  {
    name: 'mapper',
    description:
      "Start-up of corpus programs (yargs, express, lodash-es without template; and joi, date-fns, which the original also runs) with a compartment per package: endo's importLocation cold and with its compiled-module cache, the original @endo/compartment-mapper under ses, and plain node. Each figure is one whole child process, spawn to exit (Node's boot included for all alike; the floor row shows how much), its output checked against node's. In the 'cached' column's ratio, below 1× means the cache speeds start-up",
    ours: { label: 'endo importLocation (cold)', module: './mapper/ours.js' },
    peers: [
      { label: 'endo importLocation (cached)', module: './mapper/ours-cached.js' },
      { label: `${peerLabel('@endo/compartment-mapper')} + ${peerLabel('ses')}`, module: './mapper/original.js' },
      { label: 'plain node', module: './mapper/node.js' },
    ],
  },
  {
    name: 'policy',
    description:
      "Least-authority policies on corpus programs: generating a program's policy, and starting it under that policy, each one whole child process (spawn to exit), its output checked against plain node's: endo policy / endo run, LavaMoat (classic lavamoat --autopolicy / lavamoat), and plain node for start-up",
    ours: { label: 'endo', module: './policy/ours.js' },
    peers: [
      { label: peerLabel('lavamoat'), module: './policy/lavamoat.js' },
      { label: 'plain node', module: './policy/node.js' },
    ],
  },
];
