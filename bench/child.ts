// Runs one contestant in this (fresh) process and prints its measures as a
// single marked JSON line on stdout for the parent to read.
import { pathToFileURL } from 'node:url';
import type { ContestantModule } from './suite.js';

export const RESULT_MARKER = 'BENCH_RESULT ';

// Only as the child's entry point: run.ts imports this file for the marker.
const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const modulePath = process.argv[2];
if (isEntryPoint && modulePath !== undefined) {
  const contestant: ContestantModule = await import(new URL(modulePath, import.meta.url).href);
  // A failing measure is reported as such, so that the others still count.
  const results: Record<string, number | { failed: string }> = {};
  // BENCH_MEASURES=<name part>,... runs only the measures named (a shorter run).
  const wanted = (process.env.BENCH_MEASURES ?? '').split(',').filter(Boolean);
  for (const [name, measure] of Object.entries(contestant.measures)) {
    if (wanted.length > 0 && !wanted.some(part => name.includes(part))) continue;
    try {
      results[name] = await measure();
    } catch (error) {
      results[name] = { failed: String((error as Error)?.message ?? error).split('\n')[0] };
    }
  }
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(results)}\n`);
}
