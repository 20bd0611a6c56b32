// The limits the decoders enforce on untrusted bodies, as data, so that the
// documented defaults live in one place. Both are options of makeMarshal.
// @endo/marshal has no such limits: a hostile body there can exhaust the
// stack (deep nesting) or memory (a huge body) of the receiver.

/**
 * The deepest JSON nesting (arrays and objects, tagged and error
 * encodings included) a body may have. The encoders refuse to produce a
 * deeper body, so that whatever we send, we can also receive.
 */
export const DEFAULT_MAX_DEPTH = 1000;

/** The longest body (in UTF-16 code units, as `body.length`) a decoder accepts: 16 MiB. */
export const DEFAULT_MAX_BODY_LENGTH = 16 * 1024 * 1024;
