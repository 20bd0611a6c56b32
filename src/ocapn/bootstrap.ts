// The bootstrap object a peer reaches as <desc:export 0> (spec/ocapn.md §4):
// `fetch swiss-num` gives the object registered at that swiss number or
// breaks. (deposit-gift / withdraw-gift, for third-party handoffs, are not
// supported yet: they break with a message that says so.)

import { Far } from '../pass-style/index.js';
import type { SturdyRefRegistry } from './sturdy-refs.js';

export const makeBootstrapObject = (registry: SturdyRefRegistry): object =>
  Far('OCapN bootstrap', {
    fetch: (swissNum: unknown) => registry.lookup(swissNum),
    'deposit-gift': () => {
      throw Error('Third-party handoffs are not supported by this peer yet');
    },
    'withdraw-gift': () => {
      throw Error('Third-party handoffs are not supported by this peer yet');
    },
  });
