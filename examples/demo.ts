// `npm run demo`: runs each example in its own process (lockdown happens once
// per realm, so examples cannot share one) and prints what it shows.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const examples: { file: string; title: string }[] = [
  { file: 'guest-in-compartment.js', title: 'Hardened JavaScript: a guest program confined to one capability' },
  { file: 'captp-over-tcp.js', title: 'CapTP over TCP: a guest in another process uses a remote capability with E()' },
  { file: 'per-package-compartments.js', title: 'A Node application from node_modules, each package in its own compartment' },
  { file: 'least-authority.js', title: 'endo policy and endo run: a dependency update that reaches for files and the network' },
];

let failed = 0;
for (const { file, title } of examples) {
  console.log(`\n=== ${title} (examples/${file.replace(/\.js$/, '.ts')}) ===\n`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.log(`\n(example exited with status ${result.status})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
