// `npm run bench [-- NAME...]`: runs each suite's contestants in child
// processes, one warm-up round then alternating rounds (ours, peer, ours,
// peer, ...), and prints a Markdown table of medians with the ratio
// peer/ours (above 1: ours is faster).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULT_MARKER } from './child.js';
import { suites } from './suites.js';
import { median } from './timing.js';
import type { Contestant, Suite } from './suite.js';

const MIN_ROUNDS = 5;
const rounds = Math.max(MIN_ROUNDS, Number(process.env.BENCH_ROUNDS ?? MIN_ROUNDS) || MIN_ROUNDS);
const childPath = fileURLToPath(new URL('./child.js', import.meta.url));

const runContestant = (contestant: Contestant): Record<string, number> => {
  const child = spawnSync(process.execPath, [childPath, contestant.module], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = child.stdout.split('\n').find(l => l.startsWith(RESULT_MARKER));
  if (child.status !== 0 || line === undefined) {
    throw Error(
      `Benchmark contestant ${contestant.label} (${contestant.module}) failed with status ${child.status}:\n${child.stderr}`,
    );
  }
  return JSON.parse(line.slice(RESULT_MARKER.length));
};

export const formatNs = (ns: number): string => {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(ns < 10 ? 2 : 1)} ns`;
};

const runSuite = (suite: Suite): string => {
  const contestants = [suite.ours, ...suite.peers];
  contestants.forEach(runContestant); // warm-up: file cache, JIT of node itself
  const samples = contestants.map(() => new Map<string, number[]>());
  for (let round = 0; round < rounds; round += 1) {
    contestants.forEach((contestant, index) => {
      for (const [measure, ns] of Object.entries(runContestant(contestant))) {
        const list = samples[index].get(measure) ?? [];
        list.push(ns);
        samples[index].set(measure, list);
      }
    });
  }
  const header = ['measure', suite.ours.label, ...suite.peers.flatMap(p => [p.label, `${p.label} / ${suite.ours.label}`])];
  const rows = [...samples[0].keys()].map(measure => {
    const ours = median(samples[0].get(measure)!);
    const peerCells = suite.peers.flatMap((_, i) => {
      const peerSamples = samples[i + 1].get(measure);
      if (peerSamples === undefined) return ['n/a', 'n/a'];
      const peer = median(peerSamples);
      return [formatNs(peer), `${(peer / ours).toFixed(2)}×`];
    });
    return [measure, formatNs(ours), ...peerCells];
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
