// `npm run bench [-- NAME...]`: runs each suite's contestants in child
// processes, one warm-up round then alternating rounds (ours, peer; then
// peer, ours; ...), and prints a Markdown table of medians with the ratio
// peer/ours (above 1: ours is faster). BENCH_ROUNDS sets the rounds;
// BENCH_PEERS=<label part>,... runs only the peers named, and
// BENCH_MEASURES=<name part>,... only the measures named.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULT_MARKER } from './child.js';
import { suites } from './suites.js';
import { median } from './timing.js';
import type { Contestant, Suite } from './suite.js';


const MIN_ROUNDS = 5;
const rounds = Math.max(MIN_ROUNDS, Number(process.env.BENCH_ROUNDS ?? MIN_ROUNDS) || MIN_ROUNDS);
const childPath = fileURLToPath(new URL('./child.js', import.meta.url));

/** A measure's result in one run: nanoseconds, or why it failed. */
type Result = number | { failed: string };

/** Runs one contestant; a contestant that cannot run at all fails every measure it would have had. */
const runContestant = (contestant: Contestant): Record<string, Result> | { failed: string } => {
  const child = spawnSync(process.execPath, [childPath, contestant.module], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find(l => l.startsWith(RESULT_MARKER));
  if (child.status !== 0 || line === undefined) {
    const reason = child.stderr.split('\n').find(l => /Error/.test(l)) ?? `exit status ${child.status}`;
    console.error(`Benchmark contestant ${contestant.label} (${contestant.module}) failed: ${reason}`);
    return { failed: reason.trim() };
  }
  return JSON.parse(line.slice(RESULT_MARKER.length));
};

const isFailure = (value: unknown): value is { failed: string } =>
  typeof value === 'object' && value !== null && typeof (value as { failed?: unknown }).failed === 'string';

export const formatNs = (ns: number): string => {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(ns < 10 ? 2 : 1)} ns`;
};

/** BENCH_PEERS=a,b keeps only the peers whose label contains one of them (a shorter run). */
const peerFilter = (process.env.BENCH_PEERS ?? '').split(',').filter(Boolean);
const selectPeers = (suite: Suite): Suite =>
  peerFilter.length === 0 ? suite : { ...suite, peers: suite.peers.filter(p => peerFilter.some(part => p.label.includes(part))) };

const runSuite = (wholeSuite: Suite): string => {
  const suite = selectPeers(wholeSuite);
  const contestants = [suite.ours, ...suite.peers];
  contestants.forEach(runContestant); // warm-up: file cache, JIT of node itself
  const samples = contestants.map(() => new Map<string, number[]>());
  // Failed measures (or whole contestants), with the first reason seen.
  const failures = contestants.map(() => new Map<string, string>());
  const measureNames = new Set<string>();
  const contestantFailures = contestants.map(() => undefined as string | undefined);
  // The order within a round flips every round: whoever runs second was
  // seen to gain a steady 10-20% (the harness's A/A calibration read 0.8×).
  const order = contestants.map((_, index) => index);
  for (let round = 0; round < rounds; round += 1) {
    const roundOrder = round % 2 === 0 ? order : [...order].reverse();
    roundOrder.forEach(index => {
      const contestant = contestants[index];
      const results = runContestant(contestant);
      if (isFailure(results)) {
        contestantFailures[index] ??= results.failed;
        return;
      }
      for (const [measure, result] of Object.entries(results)) {
        measureNames.add(measure);
        if (isFailure(result)) {
          if (!failures[index].has(measure)) failures[index].set(measure, result.failed);
          continue;
        }
        const list = samples[index].get(measure) ?? [];
        list.push(result);
        samples[index].set(measure, list);
      }
    });
  }
  /** The median of a contestant's measure, or why there is none. */
  const outcome = (index: number, measure: string): number | string => {
    const list = samples[index].get(measure);
    if (list !== undefined) return median(list);
    const reason = failures[index].get(measure) ?? contestantFailures[index];
    return reason === undefined ? 'n/a' : `failed (${reason.replaceAll('|', '/')})`;
  };
  const header = ['measure', suite.ours.label, ...suite.peers.flatMap(p => [p.label, `${p.label} / ${suite.ours.label}`])];
  const rows = [...measureNames].map(measure => {
    const ours = outcome(0, measure);
    const peerCells = suite.peers.flatMap((_, i) => {
      const peer = outcome(i + 1, measure);
      if (typeof peer === 'string') return [peer, 'n/a'];
      return [formatNs(peer), typeof ours === 'number' ? `${(peer / ours).toFixed(2)}×` : 'n/a'];
    });
    return [measure, typeof ours === 'number' ? formatNs(ours) : ours, ...peerCells];
  });
  return [
    `### ${suite.name}: ${suite.description}`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map(row => `| ${row.join(' | ')} |`),
    '',
    `Medians of ${rounds} alternating rounds after a warm-up; times per operation; a ratio above 1× means ours is faster.`,
    '',
  ].join('\n');
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter(name => !suites.some(s => s.name === name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; known: ${suites.map(s => s.name).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? suites.filter(s => wanted.includes(s.name)) : suites;
console.log(`Node ${process.version}, ${process.platform} ${process.arch}\n`);
for (const suite of selected) console.log(runSuite(suite));
