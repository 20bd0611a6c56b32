// Third-party handoffs, the exporter's side (spec/ocapn.md §7): gifts
// deposited by a gifter (`deposit-gift gift-id ref` on our bootstrap
// object, in the gifter's session) and withdrawn by a receiver
// (`withdraw-gift <desc:sig-envelope <desc:handoff-receive …> sig>` in the
// receiver's session), once every check passes, in this order:
//   1. the handoff-give names a live session of ours (its `session`);
//   2. its gifter-side is the gifter's public ID in that session;
//   3. it is signed by the gifter's key in that session;
//   4. the handoff-receive is signed by the receiver-key the give names;
//   5. the handoff-receive names the session it arrives in (receiving-session)
//   6. and the receiver's side of it (receiving-side);
//   7. its handoff-count was not used before in that session (replay).
// A gift is kept under (gifter session ID, gift ID) and is withdrawn once; a
// withdrawal waits for a deposit not made yet. Any failure breaks the
// withdrawal's answer with an Error naming the check. When a session ends,
// its gifts go, and withdrawals waiting on them (or made in it) break.
// What a peer can make us keep is bounded: gifts per gifter session
// (maxGifts), withdrawals waiting per receiver session (maxPendingWithdrawals:
// a receiver holding one valid give can withdraw again and again, and each
// waits for a deposit that never comes), and the length of a gift ID.

import type { SyrupValue } from './syrup/index.js';
import type { OcapnPublicKey } from './crypto.js';
import { overOcapnQuota, type OcapnQuotas } from './quotas.js';
import { isSignedBy, readHandoffGive, readHandoffReceive } from './handoff-certificates.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Gift IDs are random bytes (ours are 32): a longer one is refused, so keys stay small. */
export const MAX_GIFT_ID_BYTES = 256;
const checkGiftIdLength = (length: number, where: string): void => {
  if (length > MAX_GIFT_ID_BYTES) throw RangeError(`${where}: a gift ID of ${length} bytes is over the limit of ${MAX_GIFT_ID_BYTES}`);
};

/**
 * The handoff counts a receiver used in one session: every count below
 * `next` and those in `above`. A receiver counting up from 0, as ours
 * does, leaves `above` empty; only counts used out of order take room.
 */
export interface HandoffCountLog {
  /** Records `count`; false if it was used before. */
  use(count: bigint): boolean;
  /** How many counts are kept one by one (those used out of order). */
  readonly size: number;
}

export const makeHandoffCountLog = (): HandoffCountLog => {
  let next = 0n;
  const above = new Set<bigint>();
  return {
    use: (count) => {
      if (count < next || above.has(count)) return false;
      above.add(count);
      while (above.delete(next)) next += 1n;
      return true;
    },
    get size() {
      return above.size;
    },
  };
};

/** A count per session (hex ID), kept only while above 0. */
const makeCountsBySession = () => {
  const counts = new Map<string, number>();
  return {
    /** One more for `session`; returns the new count. */
    add(session: string): number {
      const count = (counts.get(session) ?? 0) + 1;
      counts.set(session, count);
      return count;
    },
    /** One fewer for `session`. */
    remove(session: string): void {
      const left = (counts.get(session) ?? 1) - 1;
      if (left > 0) counts.set(session, left);
      else counts.delete(session);
    },
    /** Drops `session`'s count (the session ended). */
    forget(session: string): void {
      counts.delete(session);
    },
    get size() {
      return counts.size;
    },
  };
};

/** What the exporter knows of one of its sessions. */
export interface HandoffSession {
  readonly id: Uint8Array | undefined;
  readonly peerKey: OcapnPublicKey | undefined;
  /** Handoff counts the peer already used in withdraw-gift in this session. */
  readonly handoffCounts: HandoffCountLog;
  /** Ends the session (a quota exceeded). */
  abort(reason: Error): void;
}

/** A handoff the exporter refuses: the message says which check failed. */
const refused = (why: string): Error => Error(`Handoff refused: ${why}`);

interface Waiter {
  readonly receiverSessionId: string;
  resolve(gift: unknown): void;
  reject(reason: Error): void;
}

export const makeGiftTable = (
  sessionById: (id: Uint8Array) => HandoffSession | undefined,
  quotas: Pick<OcapnQuotas, 'maxGifts' | 'maxHandoffCounts' | 'maxPendingWithdrawals'>,
) => {
  /** Deposited gifts by `<gifter session ID>/<gift ID>` (hex). */
  const gifts = new Map<string, unknown>();
  /** Withdrawals that came before their deposit, by the same key. */
  const waiting = new Map<string, Waiter[]>();
  /** How many gifts each gifter session (hex ID) has deposited and not seen withdrawn. */
  const giftCounts = makeCountsBySession();
  /** How many withdrawals made in each receiver session (hex ID) wait for their deposit. */
  const waiterCounts = makeCountsBySession();

  /** Aborts `session` for going over quota `name`, and throws why. */
  const overQuota = (session: HandoffSession, name: 'maxGifts' | 'maxHandoffCounts' | 'maxPendingWithdrawals', count: number): never => {
    let reason: Error;
    try {
      return overOcapnQuota(name, quotas[name], count);
    } catch (error) {
      reason = error as Error;
    }
    session.abort(reason);
    throw reason;
  };

  const deposit = (gifterSession: HandoffSession, giftId: unknown, gift: unknown): void => {
    if (gifterSession.id === undefined) throw Error('deposit-gift before the session was established');
    if (!(giftId instanceof ArrayBuffer)) throw TypeError('deposit-gift: a gift ID is bytes');
    checkGiftIdLength(giftId.byteLength, 'deposit-gift');
    const key = `${hex(gifterSession.id)}/${hex(new Uint8Array(giftId.slice(0)))}`;
    const waiter = waiting.get(key)?.shift();
    if (waiting.get(key)?.length === 0) waiting.delete(key);
    if (waiter !== undefined) {
      waiterCounts.remove(waiter.receiverSessionId);
      waiter.resolve(gift);
      return;
    }
    if (gifts.has(key)) throw Error('deposit-gift: a gift is already waiting at this gift ID');
    // Over the quota the gifter's session is aborted, which forgets its count.
    const count = giftCounts.add(hex(gifterSession.id));
    if (count > quotas.maxGifts) overQuota(gifterSession, 'maxGifts', count);
    gifts.set(key, gift);
  };

  /** Checks 1-3 above; returns the give's parts and the key of its gift, or throws naming the failed check. */
  const checkGive = (signedGive: SyrupValue) => {
    const give = readHandoffGive(signedGive);
    checkGiftIdLength(give.giftId.length, 'Handoff refused');
    const gifterSession = sessionById(give.session);
    if (gifterSession?.peerKey === undefined || gifterSession.id === undefined) {
      throw refused('the handoff-give names no live session of this peer (its session field)');
    }
    if (hex(give.gifterSide) !== hex(gifterSession.peerKey.id)) {
      throw refused("the handoff-give's gifter-side is not the gifter's ID in the session it names");
    }
    if (!isSignedBy(give.signed, give.signature, gifterSession.peerKey)) {
      throw refused("the handoff-give's signature is not the gifter's (its key in the gifter–exporter session)");
    }
    return { give, key: `${hex(gifterSession.id)}/${hex(give.giftId)}` };
  };

  /** Checks 1-7 above; returns the key of the gift, or throws naming the failed check. */
  const checkWithdrawal = (receiverSession: HandoffSession, signedReceive: SyrupValue): string => {
    const receive = readHandoffReceive(signedReceive);
    const { give, key } = checkGive(receive.signedGive);
    if (!isSignedBy(receive.signed, receive.signature, give.receiverKey)) {
      throw refused("the handoff-receive's signature is not by the receiver-key the handoff-give names");
    }
    if (receiverSession.id === undefined || hex(receive.receivingSession) !== hex(receiverSession.id)) {
      throw refused('the handoff-receive names another session (receiving-session) than the one it came in');
    }
    if (receiverSession.peerKey === undefined || hex(receive.receivingSide) !== hex(receiverSession.peerKey.id)) {
      throw refused("the handoff-receive's receiving-side is not the receiver's ID in this session");
    }
    if (!receiverSession.handoffCounts.use(receive.handoffCount)) {
      throw refused(`handoff-count ${receive.handoffCount} was used before in this session (a replay)`);
    }
    if (receiverSession.handoffCounts.size > quotas.maxHandoffCounts) {
      overQuota(receiverSession, 'maxHandoffCounts', receiverSession.handoffCounts.size);
    }
    return key;
  };

  /** The gift at `key` now, or once deposited. */
  const take = (key: string, receiverSession: HandoffSession): Promise<unknown> => {
    if (gifts.has(key)) {
      const gift = gifts.get(key);
      gifts.delete(key);
      giftCounts.remove(key.slice(0, key.indexOf('/')));
      return Promise.resolve(gift);
    }
    const receiverSessionId = hex(receiverSession.id!);
    const waits = waiterCounts.add(receiverSessionId);
    if (waits > quotas.maxPendingWithdrawals) overQuota(receiverSession, 'maxPendingWithdrawals', waits);
    return new Promise((resolve, reject) => {
      const waiters = waiting.get(key) ?? [];
      waiters.push({ receiverSessionId, resolve, reject });
      waiting.set(key, waiters);
    });
  };

  const withdraw = (receiverSession: HandoffSession, signedReceive: SyrupValue | undefined): Promise<unknown> => {
    try {
      if (signedReceive === undefined) throw TypeError('withdraw-gift takes a signed desc:handoff-receive');
      return take(checkWithdrawal(receiverSession, signedReceive), receiverSession);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /**
   * A gift to ourselves: a gifter handed us (in `receiverSession`, whose
   * key the give names) a reference we export. No handoff-receive is
   * needed: checks 1-3 on the give, then the gift.
   */
  const withdrawOwn = (receiverSession: HandoffSession, signedGive: SyrupValue): Promise<unknown> => {
    try {
      return take(checkGive(signedGive).key, receiverSession);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  /** A session ended: its gifts go; withdrawals waiting on them, or made in it, break. */
  const forgetSession = (sessionId: Uint8Array, reason: Error): void => {
    const prefix = `${hex(sessionId)}/`;
    for (const key of [...gifts.keys()]) if (key.startsWith(prefix)) gifts.delete(key);
    giftCounts.forget(hex(sessionId));
    waiterCounts.forget(hex(sessionId));
    for (const [key, waiters] of [...waiting]) {
      const gifterGone = key.startsWith(prefix);
      const left = waiters.filter((waiter) => {
        if (!gifterGone && waiter.receiverSessionId !== hex(sessionId)) return true;
        waiterCounts.remove(waiter.receiverSessionId);
        const whose = gifterGone ? "the gifter's session" : "the receiver's session";
        waiter.reject(refused(`${whose} ended before the gift was deposited (${reason.message})`));
        return false;
      });
      if (left.length === 0) waiting.delete(key);
      else waiting.set(key, left);
    }
  };

  return {
    deposit,
    withdraw,
    withdrawOwn,
    forgetSession,
    sizes: () => ({ gifts: gifts.size, waiting: waiting.size, waiterSessions: waiterCounts.size }),
  };
};
