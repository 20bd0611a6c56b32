// stringify and parse: marshal's capdata body format as a JSON-like text
// for pure data, with no slots. Remotables and promises are refused, and so
// is a text that refers to a slot. Errors are written without error ids.

import { Fail } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { makeMarshal } from './make-marshal.js';
import type { Passable } from '../pass-style/types.js';

const { freeze } = Object;

const { toCapData, fromCapData } = makeMarshal(
  value => Fail`Marshal's stringify rejects presences and promises ${value}`,
  slot => Fail`Marshal's parse must not encode any slots ${slot}`,
  { errorTagging: 'off', serializeBodyFormat: 'capdata' },
);

// parse's slots: empty, and any read of a slot position is refused with
// the original's complaint. Frozen but not hardened, so that the proxy
// keeps trapping.
const noSlots: never[] = freeze(
  new Proxy(freeze([]), {
    get(target, name) {
      if (name === 'length') return 0;
      if (typeof name === 'symbol') return (target as any)[name];
      return Fail`Marshal's parse must not encode any slot positions ${name}`;
    },
  }),
) as never[];

/** The capdata body of a passable that holds no remotables or promises. */
export const stringify = (value: Passable): string => toCapData(value).body;
harden(stringify);

/** The passable a slot-free body (either format) encodes. */
export const parse = (text: string): Passable => fromCapData(freeze({ body: text, slots: noSlots }));
harden(parse);
