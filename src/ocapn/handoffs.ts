// Third-party handoffs, the exporter's side (spec/ocapn.md §7): gifts
// deposited by a gifter (`deposit-gift gift-id ref` on our bootstrap
// object, in the gifter's session) and withdrawn by a receiver
// (`withdraw-gift <desc:sig-envelope <desc:handoff-receive …> sig>` in the
// receiver's session), once every check passes:
//   - the handoff-give names a live session of ours (its session ID) and is
//     signed by the gifter's key in that session (gifter-side is its ID);
//   - the handoff-receive is signed by the receiver key the give names, and
//     names the session it arrives in and the receiver's side of it;
//   - its handoff count was not used before in that session (replay).
// A gift is kept under (gifter session ID, gift ID); a withdrawal waits for
// a deposit not made yet. Any failure breaks the withdrawal's answer.

import { encodeSyrup, type SyrupValue } from './syrup/index.js';
import { makeOcapnPublicKey, publicKeyBytesFromSyrup, signatureFromSyrup, type OcapnPublicKey } from './crypto.js';
import { Far, type Passable } from '../pass-style/index.js';
import type { DescriptorInfo } from './descriptors.js';
import { placeholderInfo } from './descriptors.js';

type Envelope = Extract<DescriptorInfo, { kind: 'sig-envelope' }>;

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytesOf = (value: SyrupValue | undefined, what: string): Uint8Array => {
  if (!(value instanceof Uint8Array)) throw TypeError(`Malformed handoff: ${what} must be bytes`);
  return value;
};

/** The signed handoffs that arrive as arguments, as passable values. */
export const makeSignedHandoffValues = () => {
  const envelopeOf = new WeakMap<object, Envelope>();
  return {
    make: (envelope: Envelope): Passable => {
      const value = Far('OCapN signed handoff', {});
      envelopeOf.set(value, envelope);
      return value;
    },
    envelopeOf: (value: unknown): Envelope | undefined =>
      typeof value === 'object' && value !== null ? envelopeOf.get(value) : undefined,
  };
};

const verifyEnvelope = (envelope: Envelope, key: OcapnPublicKey, what: string): void => {
  let valid = false;
  try {
    valid = key.verify(encodeSyrup(envelope.signed), signatureFromSyrup(envelope.signature));
  } catch {
    valid = false;
  }
  if (!valid) throw Error(`Invalid signature on the ${what}`);
};

/** What the exporter knows of one of its sessions. */
export interface HandoffSession {
  readonly id: Uint8Array | undefined;
  readonly peerKey: OcapnPublicKey | undefined;
  /** Handoff counts already used in this session. */
  readonly usedHandoffCounts: Set<bigint>;
}

export const makeGiftTable = (sessionById: (id: Uint8Array) => HandoffSession | undefined) => {
  const gifts = new Map<string, unknown>();
  const waiting = new Map<string, ((gift: unknown) => void)[]>();

  const deposit = (gifterSession: HandoffSession, giftId: unknown, gift: unknown): void => {
    if (gifterSession.id === undefined) throw Error('deposit-gift before the session was established');
    const idBytes = giftId instanceof ArrayBuffer ? new Uint8Array(giftId.slice(0)) : undefined;
    if (idBytes === undefined) throw TypeError('A gift ID is bytes');
    const key = `${hex(gifterSession.id)}/${hex(idBytes)}`;
    const waiters = waiting.get(key);
    if (waiters !== undefined && waiters.length > 0) {
      waiting.delete(key);
      for (const resolve of waiters) resolve(gift);
      return;
    }
    gifts.set(key, gift);
  };

  const withdraw = (receiverSession: HandoffSession, envelope: Envelope | undefined): Promise<unknown> => {
    if (envelope === undefined) return Promise.reject(TypeError('withdraw-gift takes a signed desc:handoff-receive'));
    try {
      const receive = placeholderInfo(envelope.object);
      if (receive?.kind !== 'handoff-receive') throw TypeError('withdraw-gift takes a signed desc:handoff-receive');
      const [receivingSession, receivingSide, count] = receive.fields;
      const give = placeholderInfo(receive.signedGive) as Envelope | undefined;
      const giveInfo = give === undefined ? undefined : placeholderInfo(give.object);
      if (give === undefined || giveInfo?.kind !== 'handoff-give') throw TypeError('Malformed handoff: no signed desc:handoff-give');
      const [receiverKeySyrup, , sessionId, gifterSide, giftId] = giveInfo.fields;
      // The give: from a live session of ours, signed by the gifter's key there.
      const gifterSession = sessionById(bytesOf(sessionId, 'the session of the handoff-give'));
      if (gifterSession?.peerKey === undefined) throw Error('The handoff-give names no session of this peer');
      if (hex(bytesOf(gifterSide, 'the gifter-side')) !== hex(gifterSession.peerKey.id)) throw Error('The gifter-side does not match the gifter session');
      verifyEnvelope(give, gifterSession.peerKey, 'handoff-give');
      // The receive: signed by the receiver key the give names, for this session.
      const receiverKey = makeOcapnPublicKey(publicKeyBytesFromSyrup(receiverKeySyrup!));
      verifyEnvelope(envelope, receiverKey, 'handoff-receive');
      if (receiverSession.id === undefined || hex(bytesOf(receivingSession, 'the receiving-session')) !== hex(receiverSession.id)) {
        throw Error('The handoff-receive names another session');
      }
      if (receiverSession.peerKey === undefined || hex(bytesOf(receivingSide, 'the receiving-side')) !== hex(receiverSession.peerKey.id)) {
        throw Error('The handoff-receive names another receiving side');
      }
      if (typeof count !== 'bigint' || count < 0n) throw TypeError('Malformed handoff: the handoff count must be a non-negative integer');
      if (receiverSession.usedHandoffCounts.has(count)) throw Error(`Handoff count ${count} was used before in this session`);
      receiverSession.usedHandoffCounts.add(count);
      const key = `${hex(gifterSession.id!)}/${hex(bytesOf(giftId, 'the gift ID'))}`;
      if (gifts.has(key)) {
        const gift = gifts.get(key);
        gifts.delete(key);
        return Promise.resolve(gift);
      }
      return new Promise((resolve) => {
        const waiters = waiting.get(key) ?? [];
        waiters.push(resolve);
        waiting.set(key, waiters);
      });
    } catch (error) {
      return Promise.reject(error);
    }
  };

  return { deposit, withdraw };
};
