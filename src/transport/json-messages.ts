// Messages on the wire are JSON texts of plain records (what makeCapTP's
// rawSend is given). Decoding checks the text is valid UTF-8 and JSON and
// that it is a record, so a peer's garbage fails here with a clear error
// instead of reaching CapTP.

import type { CapTPMessage } from '../captp/index.js';

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** The JSON text of an outgoing message. */
export const encodeMessage = (message: CapTPMessage): string => {
  const text = JSON.stringify(message);
  if (typeof text !== 'string') throw new TypeError('A message must be a JSON-serializable record');
  return text;
};

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

/** Parses an incoming message (JSON text, or UTF-8 bytes of it) and checks it is a record. */
export const decodeMessage = (data: string | Uint8Array): CapTPMessage => {
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = utf8Decoder.decode(data);
    } catch {
      throw new SyntaxError('Malformed message: its bytes are not valid UTF-8');
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Malformed message: not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`Malformed message: expected a JSON object, got ${kindOf(value)}`);
  }
  return value as CapTPMessage;
};
