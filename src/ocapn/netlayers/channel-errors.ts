// The reasons a netlayer gives when a channel ends or a dial fails: each
// names the other end and the cause (reset, timeout, refused, closed by
// the peer, a send limit), so a session can break the promises that
// depended on that peer with an error a person can act on.

/** Node's network error codes, said in words. */
const CAUSES: Readonly<Record<string, string>> = Object.freeze({
  ECONNRESET: 'was reset by the peer',
  EPIPE: 'broke: the peer is gone',
  ETIMEDOUT: 'timed out',
  ECONNREFUSED: 'was refused',
  ECONNABORTED: 'was aborted',
  EHOSTUNREACH: 'could not reach the host',
  ENETUNREACH: 'could not reach the network',
  EHOSTDOWN: 'found the host down',
  ENOTFOUND: 'could not resolve the host name',
  EAI_AGAIN: 'could not resolve the host name (try again later)',
  EADDRNOTAVAIL: 'has no such local address',
});

/** "was reset by the peer (ECONNRESET)", or the error's own message when its code is not a known one. */
export const describeNetworkCause = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && Object.hasOwn(CAUSES, code)) return `${CAUSES[code]} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `failed: ${message} (${code})` : `failed: ${message}`;
};

/** The reason a channel ended: "OCapN channel <to peer> <cause>", keeping the underlying error as its cause. */
export const makeChannelError = (remoteDescription: string, cause: string, underlying?: unknown): Error =>
  new Error(`OCapN channel ${remoteDescription} ${cause}`, underlying === undefined ? undefined : { cause: underlying });

/** Errors that say the peer ended the channel cleanly (a TCP FIN, a libp2p stream closed by the peer). */
const closedByPeer = new WeakSet<Error>();

/** "OCapN channel <to peer> was closed by the peer", marked so a session can tell a clean close from a failure. */
export const makeClosedByPeerError = (remoteDescription: string): Error => {
  const error = makeChannelError(remoteDescription, 'was closed by the peer');
  closedByPeer.add(error);
  return error;
};

/** True for a reason made by makeClosedByPeerError. */
export const isClosedByPeer = (reason: unknown): boolean => reason instanceof Error && closedByPeer.has(reason);
