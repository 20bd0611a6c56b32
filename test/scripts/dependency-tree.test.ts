// Canonical names as @lavamoat/aa gives them (allow-scripts' names), on the
// scripts fixture, which has a nested copy, two versions of one package, a
// devDependency, and a package ("tie") reached by two equally short chains
// on which aa and Endo's compartment mapper disagree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeSyncReadPowers } from '../../src/compartment-mapper/read-powers.js';
import { mapNodeModulesSync } from '../../src/compartment-mapper/node-modules.js';
import { compareNameChains, readDependencyTree } from '../../src/scripts/dependency-tree.js';
import { dependencyOrder } from '../../src/scripts/run-allowed-scripts.js';

const require = createRequire(import.meta.url);
const { loadCanonicalNameMap } = require('@lavamoat/aa') as {
  loadCanonicalNameMap(options: { rootDir: string; includeDevDeps: boolean }): Promise<Map<string, string>>;
};
const workspace = realpathSync(fileURLToPath(new URL('../../../test/fixtures/scripts/workspace', import.meta.url)));

test('every package gets the name @lavamoat/aa gives it', async () => {
  const theirs = await loadCanonicalNameMap({ rootDir: workspace, includeDevDeps: true });
  const tree = readDependencyTree(makeSyncReadPowers(), workspace);
  const ours = new Map([...tree.packages].map(([directory, installed]) => [directory, installed.canonicalName]));
  assert.deepEqual(new Map([...ours].sort()), new Map([...theirs].sort()));
  assert.equal(ours.get(`${workspace}/node_modules/tie`), 'c>dddd>tie');
  assert.equal(ours.get(`${workspace}/node_modules/dup-user/node_modules/dup`), 'dup-user>dup');
  assert.equal(ours.get(`${workspace}/node_modules/dev-tool`), 'dev-tool');
});

test("the compartment mapper's tie-break names the same package otherwise, which is why scripts keeps aa's", () => {
  const map = mapNodeModulesSync(makeSyncReadPowers(), `${workspace}/record.cjs`, { dev: true });
  const tie = Object.values(map.compartments).find(compartment => compartment.name === 'tie');
  assert.equal(tie?.label, 'aaaa>b>tie');
  assert.ok(compareNameChains(['c', 'dddd', 'tie'], ['aaaa', 'b', 'tie']) < 0);
});

test('dependency order puts every package after the packages it depends on', () => {
  const tree = readDependencyTree(makeSyncReadPowers(), workspace);
  const order = dependencyOrder(tree);
  assert.equal(order.length, tree.packages.size);
  assert.equal(order.at(-1), tree.root);
  for (const [directory, installed] of tree.packages) {
    for (const dependency of installed.dependencies) {
      assert.ok(order.indexOf(dependency) < order.indexOf(directory), `${dependency} before ${directory}`);
    }
  }
});
