// Where a captp contestant loads endo from: this checkout's build, or the
// build of an earlier revision in the worktree named by ENDO_BENCH_BASELINE
// (made by bench/make-baseline.sh), so that a change's cost is measured in
// one run, ours before and after side by side.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** The `src/` folder of this checkout's compiled build. */
const thisBuild = new URL('../../src/', import.meta.url);

/** The `src/` folder of the baseline build (`<worktree>/dist/src/`), if one is named. */
export const baselineBuild = (): URL => {
  const root = process.env.ENDO_BENCH_BASELINE;
  if (root === undefined || root === '') {
    throw Error('ENDO_BENCH_BASELINE is not set: it names the worktree of the baseline revision, as bench/make-baseline.sh <revision> prints it');
  }
  return pathToFileURL(join(root, 'dist', 'src') + '/');
};

export type EndoLibrary = {
  lockdown: () => void;
  E: any;
  Far: any;
  makeCapTP: any;
  makeNetstringConnection: any;
  connectCapTPToConnection: any;
};

/** Locks down with endo's ses from `build` and loads the layers a captp contestant uses. */
export const loadEndoLibrary = async (build: URL = thisBuild): Promise<EndoLibrary> => {
  const load = (path: string) => import(new URL(path, build).href);
  const { lockdown } = await load('ses/index.js');
  lockdown();
  const { E } = await load('eventual-send/index.js');
  const { Far } = await load('pass-style/index.js');
  const { makeCapTP } = await load('captp/index.js');
  const { makeNetstringConnection, connectCapTPToConnection } = await load('transport/index.js');
  return { lockdown, E, Far, makeCapTP, makeNetstringConnection, connectCapTPToConnection };
};
