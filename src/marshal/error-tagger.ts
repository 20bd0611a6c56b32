// Error ids for sent errors: with error tagging on, each error a marshal
// sends gets `error:<marshalName>#<n>` (n counting up from errorIdNum + 1
// over the marshal's life), is annotated "Sent as <id>" for the local
// console, and is handed to marshalSaveError. The stack is never sent.

import { X, annotateError } from '../ses/errors/index.js';

export type ErrorTagger = (error: Error) => string | undefined;

export const makeErrorTagger = (
  errorTagging: 'on' | 'off',
  marshalName: string,
  firstIdNum: number,
  marshalSaveError: (error: Error) => void,
): ErrorTagger => {
  if (errorTagging === 'off') return () => undefined;
  let idNum = firstIdNum;
  return error => {
    idNum += 1;
    const errorId = `error:${marshalName}#${idNum}`;
    annotateError(error, X`Sent as ${errorId}`);
    marshalSaveError(error);
    return errorId;
  };
};
