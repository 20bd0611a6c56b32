// On Node, the global console looks inside the objects it prints for a
// `Symbol.for('nodejs.util.inspect.custom')` method and calls it: a printed
// object could run code of its choosing, with unhardened arguments, while
// the start compartment's console prints it. So the causal console prints
// through a fresh `Console` on the same streams with `customInspect: false`.

import { freeze, globalThisRef } from '../commons.js';
import type { VirtualConsole } from './types.js';

type NodeConsoleConstructor = new (options: object) => VirtualConsole;

/** `feralConsole`, or on Node an equivalent console that ignores custom inspect methods. */
export const makeInspectSafeConsole = (feralConsole: VirtualConsole): VirtualConsole => {
  const NodeConsole = (feralConsole as { Console?: unknown }).Console;
  const { stdout, stderr } = ((globalThisRef as any).process ?? {}) as { stdout?: unknown; stderr?: unknown };
  if (typeof NodeConsole !== 'function' || !(stdout || stderr)) return feralConsole;
  return new (NodeConsole as NodeConsoleConstructor)({
    stdout: stdout ?? stderr,
    stderr: stderr ?? stdout,
    inspectOptions: { colors: undefined, customInspect: false },
  });
};
freeze(makeInspectSafeConsole);
