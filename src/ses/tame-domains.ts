// Node domain taming. Once Node's `domain` module is active, every callback,
// promise and event emitter can carry a `domain` property that links the
// asynchronous activity of otherwise isolated code: an ambient channel that
// hardened JavaScript cannot close. With domainTaming 'safe' (the default),
// lockdown refuses to proceed if domains are already active, and pins
// `process.domain` so that the `domain` module fails when loaded later (it
// needs to redefine that property when it initializes).

import { defineProperty, getOwnPropertyDescriptor, globalThisRef } from './commons.js';

export type DomainTaming = 'safe' | 'unsafe';

const domainsActiveError = (): TypeError => {
  const error = TypeError(
    "SES failed to lockdown, Node.js domains have been initialized (SES_NO_DOMAINS): call lockdown() before anything loads Node's 'domain' module, or pass domainTaming: 'unsafe'",
  );
  defineProperty(error, 'code', { value: 'SES_NO_DOMAINS', writable: true, enumerable: false, configurable: true });
  return error;
};

/** Throws if Node domains are active; otherwise prevents their activation (unless 'unsafe'). */
export const tameDomains = (domainTaming: DomainTaming = 'safe'): void => {
  if (domainTaming === 'unsafe') {
    return;
  }
  const hostProcess = (globalThisRef as { process?: unknown }).process;
  if (typeof hostProcess !== 'object' || hostProcess === null) {
    return; // not Node, or a process object we do not know
  }
  const descriptor = getOwnPropertyDescriptor(hostProcess, 'domain');
  if (descriptor !== undefined) {
    // Node starts with `process.domain` a data property holding null; loading
    // the `domain` module turns it into a getter/setter pair.
    const active =
      'get' in descriptor || 'set' in descriptor || (descriptor.value !== null && descriptor.value !== undefined);
    if (active) {
      throw domainsActiveError();
    }
  }
  // Pinned, the property cannot be redefined by the `domain` module, which
  // then throws when loaded.
  defineProperty(hostProcess, 'domain', { value: null, writable: false, enumerable: false, configurable: false });
};
