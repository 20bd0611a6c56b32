// A victim CapTP end driven by hand-written messages, as an attacker
// speaking the wire protocol would: the victim's bootstrap object, what it
// sends back (through JSON, as over a byte transport), and why it ended
// the connection if it did. Used by quotas.test.ts, the property-based
// hostile peer and quota-attack-child.ts. Import setup-lockdown.js first.

import { makeCapTP } from '../../src/captp/index.js';
import type { CapTP, CapTPMessage, CapTPQuotas } from '../../src/captp/index.js';
import { Far } from '../../src/pass-style/index.js';

/** The victim's bootstrap: methods an attacker can call with anything. */
export const makeVictimBootstrap = () => {
  const made: object[] = [];
  return Far('VictimBoot', {
    /** Takes anything, keeps nothing. */
    ignore: (..._args: unknown[]) => undefined,
    /** Answers with how many arguments came. */
    count: (...args: unknown[]) => args.length,
    /** Answers with a fresh object: one more export each time. */
    make: () => {
      const thing = Far('Thing', {});
      made.push(thing);
      return thing;
    },
    /** Never settles: whatever is pipelined on its answer waits. */
    wait: () => new Promise(() => {}),
    self() {
      return this;
    },
  });
};

export type Victim = {
  captp: CapTP;
  /** Everything the victim sent, parsed from JSON (unless keepSent is false). */
  sent: CapTPMessage[];
  /** What the victim reported to onReject. */
  rejected: unknown[];
  /** Hands one message to the victim, as JSON text would arrive. */
  deliver: (message: unknown) => boolean;
  /** The reason text of the CTP_DISCONNECT the victim sent, if it did. */
  endReason: () => string | undefined;
};

export const makeVictim = (
  quotas: Partial<CapTPQuotas> | undefined = undefined,
  { bootstrap = makeVictimBootstrap(), keepSent = true }: { bootstrap?: unknown; keepSent?: boolean } = {},
): Victim => {
  const sent: CapTPMessage[] = [];
  const rejected: unknown[] = [];
  let reason: string | undefined;
  const captp = makeCapTP(
    'victim',
    message => {
      if (message.type === 'CTP_DISCONNECT' && reason === undefined) {
        // Only the reason's text matters to the peer; an Error is sent as its message.
        reason = String(message.reason instanceof Error ? message.reason.message : message.reason);
      }
      const wire = JSON.parse(JSON.stringify(message));
      if (keepSent) sent.push(wire);
    },
    bootstrap,
    { onReject: error => rejected.length < 100 && rejected.push(error), ...(quotas === undefined ? {} : { quotas }) },
  );
  const deliver = (message: unknown) => captp.dispatch(JSON.parse(JSON.stringify(message)));
  return { captp, sent, rejected, deliver, endReason: () => reason };
};

// Messages as the attacker writes them (slots in the attacker's view).

export const bootstrapMessage = (questionID: string) => ({ type: 'CTP_BOOTSTRAP', epoch: 0, questionID });

/** A call to the victim's bootstrap (its first export, o+1, which the attacker names o-1). */
export const callMessage = (questionID: string, method: string, argsJSON: string[], slots: string[] = [], target = 'o-1') => ({
  type: 'CTP_CALL',
  epoch: 0,
  questionID,
  target,
  method: { body: `[${JSON.stringify(method)},[${argsJSON.join(',')}]]`, slots },
});

/** The capdata encoding of slot `index`. */
export const slotRef = (index: number) => `{"@qclass":"slot","index":${index}}`;

/** The capdata encoding of an error with `notes` extra fields and a chain of `causes` errors as its cause. */
export const errorJSON = (causes = 0, notes = 0): string => {
  const fields = ['"@qclass":"error"', '"name":"Error"', '"message":"hostile"'];
  for (let i = 0; i < notes; i += 1) fields.push(`"note${i}":"n"`);
  if (causes > 0) fields.push(`"cause":${errorJSON(causes - 1, 0)}`);
  return `{${fields.join(',')}}`;
};

/** The pattern of an abort for going over quota `name`. */
export const quotaReason = (name: keyof CapTPQuotas) =>
  new RegExp(`CapTP quota exceeded: .*\\(raise the quotas\\.${name} option of makeCapTP\\)`);

/** Lets queued turns run. */
export const settle = async (turns = 5): Promise<void> => {
  for (let i = 0; i < turns; i += 1) await new Promise(resolve => setImmediate(resolve));
};
