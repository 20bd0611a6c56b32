// The bootstrap object a peer reaches as <desc:export 0> in one session
// (spec/ocapn.md §4): `fetch swiss-num` gives the object registered at that
// swiss number or breaks; `deposit-gift gift-id ref` and `withdraw-gift
// signed-handoff-receive` are the exporter's side of third-party handoffs
// (handoffs.ts).

import { Far } from '../pass-style/index.js';
import type { SturdyRefRegistry } from './sturdy-refs.js';
import type { HandoffSession, makeGiftTable } from './handoffs.js';
import { certificateOf } from './handoff-certificates.js';

export interface BootstrapContext {
  registry: SturdyRefRegistry;
  gifts: ReturnType<typeof makeGiftTable>;
}

export const makeBootstrapObject = ({ registry, gifts }: BootstrapContext, session: HandoffSession): object =>
  Far('OCapN bootstrap', {
    fetch: (swissNum: unknown) => registry.lookup(swissNum),
    'deposit-gift': (giftId: unknown, gift: unknown) => gifts.deposit(session, giftId, gift),
    'withdraw-gift': (signedReceive: unknown) => gifts.withdraw(session, certificateOf(signedReceive)),
  });
