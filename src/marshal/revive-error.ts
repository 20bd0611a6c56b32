// Rebuilding a received error from its decoded fields: an error of the
// named standard class (Error for an unknown name) with the message, the
// cause and errors if sent, and any other sent fields as hidden
// properties. Its console name is "Remote<Class>(<errorId>)", so a log
// line can be matched with the sender's "Sent as <errorId>". The result is
// hardened and passable.

import { makeError } from '../ses/errors/index.js';
import { harden } from '../ses/harden-when-available.js';
import { getErrorConstructor, passStyleOf, toPassableError } from '../pass-style/index.js';
import { failType, q } from './reject.js';

const { defineProperty } = Object;

export interface DecodedErrorFields {
  name: unknown;
  message: unknown;
  errorId: unknown;
  cause?: unknown;
  errors?: unknown;
  /** Other fields, with decoded values, as [name, value] pairs. */
  extras: [string, unknown][];
}

export const reviveError = (fields: DecodedErrorFields): Error => {
  const { name, message, errorId } = fields;
  if (typeof name !== 'string') failType`invalid error name typeof ${q(typeof name)}`;
  if (typeof message !== 'string') failType`invalid error message typeof ${q(typeof message)}`;
  if (errorId !== undefined && typeof errorId !== 'string') failType`invalid error errorId typeof ${q(typeof errorId)}`;
  const errorClass = getErrorConstructor(name as string) ?? Error;
  const errorName = errorId === undefined ? `Remote${errorClass.name}` : `Remote${errorClass.name}(${errorId})`;
  const options: { errorName: string; sanitize: boolean; cause?: unknown; errors?: unknown[] } = {
    errorName,
    sanitize: false,
  };
  if (fields.cause !== undefined) options.cause = fields.cause;
  if (fields.errors !== undefined) options.errors = fields.errors as unknown[];
  const error = makeError(message as string, errorClass as ErrorConstructor, options as any);
  for (const [key, value] of fields.extras) {
    defineProperty(error, key, { value, writable: false, enumerable: false, configurable: false });
  }
  const passable = toPassableError(harden(error));
  if (passStyleOf(passable) !== 'error') failType`internal: a received error must be passable: ${passable}`;
  return passable;
};
