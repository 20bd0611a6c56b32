// An attenuator: `fetch` limited to a list of origins. A package given it
// can fetch from those origins and no other:
//
// - the request's URL (a string, a URL or a Request) must have one of the
//   origins, compared after URL parsing (so `https://a.example:443` and
//   `https://a.example` are one origin, and `https://a.example.evil` is
//   another);
// - redirects are followed here, not by fetch: one to an origin of the
//   list is followed (as fetch would: 303, and 301/302 after a POST,
//   become a GET without a body), one to any other origin is refused,
//   so that an allowed server cannot send the package elsewhere; a
//   caller's `redirect: 'manual'` or `'error'` keeps its meaning.

type Fetch = typeof fetch;

export class FetchLimitError extends TypeError {
  code = 'ERR_ACCESS_DENIED';
  override name = 'FetchLimitError';
}

const MAX_REDIRECTS = 20;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

const originOf = (value: string): string => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new FetchLimitError(`fetch (limited to origins): ${JSON.stringify(value)} is not an absolute URL`);
  }
  if (url.origin === 'null') throw new FetchLimitError(`fetch (limited to origins): ${JSON.stringify(value)} has no origin`);
  return url.origin;
};

/** `fetch` that reaches only `origins` (each a URL whose origin counts, e.g. "https://api.example"). */
export const limitFetchToOrigins = (origins: readonly string[], realFetch: Fetch = fetch): Fetch => {
  const allowed = new Set(origins.map(originOf));
  const checkUrl = (url: string, why: string): void => {
    const origin = originOf(url);
    if (!allowed.has(origin)) {
      throw new FetchLimitError(`fetch may not reach ${origin} (${why}): this package's fetch is limited to ${[...allowed].join(', ')}`);
    }
  };

  const limited = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const first = new Request(input, init);
    checkUrl(first.url, 'the request');
    const mode = init.redirect ?? (input instanceof Request ? input.redirect : 'follow');
    if (mode !== 'follow') return realFetch(first);
    // The body is read once, so that a 307 or 308 can send it again.
    let { method } = first;
    let body: ArrayBuffer | undefined = first.body === null ? undefined : await first.arrayBuffer();
    const { headers, signal } = first;
    let url = first.url;
    for (let hops = 0; ; hops += 1) {
      const response = await realFetch(new Request(url, { method, headers, body, signal, redirect: 'manual' }));
      const location = response.headers.get('location');
      if (!redirectStatuses.has(response.status) || location === null) return response;
      if (hops >= MAX_REDIRECTS) throw new FetchLimitError(`fetch: more than ${MAX_REDIRECTS} redirects from ${first.url}`);
      await response.body?.cancel();
      const next = new URL(location, url).href;
      checkUrl(next, `a redirect from ${url}`);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        if (method !== 'HEAD') method = 'GET';
        body = undefined;
      }
      url = next;
    }
  };
  return Object.freeze(limited) as unknown as Fetch;
};
